"""The privacy notice (Law 91/2025/QH15), open to anyone; a trainee's consent at first login."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from quiz_server.app_db import get_db
from quiz_server.core import users
from quiz_server.web.forms import Form
from quiz_server.web.public import bp
from quiz_server.web.security import end_session


def contact():
    return current_app.config["PRIVACY_CONTACT"]


@bp.route("/privacy")
def privacy_notice():
    return render_template("privacy/notice.html", contact=contact())


@bp.route("/privacy/consent", methods=["GET", "POST"])
@login_required
def consent():
    """Confirm the notice (the time is stored) or decline (logged out, told whom to ask)."""
    if current_user.is_organizer or current_user.privacy_accepted_at:
        return redirect(url_for("trainee.home"))
    form = Form()
    if form.validate_on_submit():
        if request.form.get("decision") == "accept":
            users.accept_privacy(get_db(), current_user.id)
            flash(_l("Thank you. You can change or download your data at any time under "
                     "“My data”."), "info")
            return redirect(url_for("trainee.home"))
        end_session()
        return render_template("privacy/declined.html", contact=contact())
    return render_template("privacy/consent.html", form=form, contact=contact())
