"""Organizer page for regrading a course after answer keys were corrected in the bank."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField

from quiz_server.app_db import get_db
from quiz_server.core import audit, regrade
from quiz_server.core.attempts import utcnow
from quiz_server.web.forms import Form
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.security import organizer_required


class RegradeForm(Form):
    fingerprint = HiddenField()


@bp.route("/courses/<code>/regrade", methods=["GET", "POST"])
@organizer_required
def regrade_course(code):
    """GET previews whose result changes; POST applies exactly that preview, or shows it anew."""
    found = course_or_404(code)
    bank = current_app.extensions["question_bank"]
    db = get_db()
    form = RegradeForm()
    if form.validate_on_submit():
        try:
            changed, changes, withdrawn = regrade.apply(db, bank, found.id, utcnow(),
                                                        expected=form.fingerprint.data)
        except regrade.StalePreview:
            flash(_l("The results changed since the preview. Check the new preview and "
                     "confirm again."), "error")
            return redirect(url_for("organizer.regrade_course", code=found.code), 303)
        audit.record(db, current_user.id, "course.regrade", course=found.code,
                     questions=sorted(changed), results_changed=len(changes),
                     certificates_withdrawn=withdrawn)
        flash(_l("The regrade was applied: %(n)s result(s) changed.", n=len(changes)), "info")
        return redirect(url_for("organizer.course", code=found.code), 303)
    changed, changes = regrade.preview(db, bank, found.id)
    form.fingerprint.data = regrade.fingerprint(changed, changes)
    return render_template("organizer/regrade.html", course=found, changed=changed,
                           changes=changes, form=form, questions=bank.questions,
                           locale=str(get_locale()))
