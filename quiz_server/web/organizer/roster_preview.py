"""The roster preview and its confirmation: the organizer reads who is new, who already has
an account, and only then imports.

The preview writes nothing: the file goes back to the browser in a hidden field, with a
fingerprint of the plan. On confirmation the file is checked and planned again; if the plan
differs (an account was created meanwhile), the new preview is shown instead of importing.
"""

import base64
import binascii

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import roster, roster_import, roster_jobs, roster_match
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.organizer.forms import RosterConfirmForm, RosterForm
from quiz_server.web.security import organizer_required


def render_preview(found, entries, data, filename, changed=False):
    form = RosterConfirmForm(data={"data": base64.b64encode(data).decode(),
                                   "filename": filename,
                                   "digest": roster_match.plan_digest(entries)})
    new = roster.new_accounts(entries)
    reused = [e for e in entries if e.user_id is not None]
    return render_template("organizer/roster_preview.html", course=found, form=form,
                           new=new, reused=reused, filename=filename,
                           changed=changed), 409 if changed else 200


def _problems_page(found, problems):
    return render_template("organizer/roster.html", course=found, form=RosterForm(),
                           problems=problems), 400


def import_planned(found, entries, filename):
    """Import a confirmed plan: in the request when small, else in the background.
    Raises RosterError if the write fails; the caller shows the problems."""
    db = get_db()
    if len(roster.new_accounts(entries)) > roster_jobs.INLINE_ACCOUNTS:
        roster_jobs.start(db, current_app.config["DATABASE"], found.id, current_user.id,
                          entries, filename)
        return
    roster_import.import_entries(db, found.id, entries, organizer_id=current_user.id,
                                 filename=filename)


@bp.route("/courses/<code>/roster/confirm", methods=["POST"])
@organizer_required
def confirm_roster(code):
    found = course_or_404(code)
    form = RosterConfirmForm()
    if not form.validate_on_submit():
        return _problems_page(found, [roster.Problem(0, "bad_xlsx")])
    try:
        data = base64.b64decode(form.data.data, validate=True)
    except (binascii.Error, ValueError):
        return _problems_page(found, [roster.Problem(0, "bad_xlsx")])
    filename = form.filename.data or ""
    try:
        entries = roster.plan(get_db(), roster.parse(data, filename))
        if roster_match.plan_digest(entries) != form.digest.data:
            return render_preview(found, entries, data, filename, changed=True)
        import_planned(found, entries, filename)
    except roster.RosterError as error:
        return _problems_page(found, error.problems)
    return redirect(url_for("organizer.login_slips", code=found.code), 303)
