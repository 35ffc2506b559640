"""Organizer pages for rosters: the template, the import, and the login slips (once)."""

from flask import Response, abort, current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import audit, roster, roster_import, roster_jobs, slips
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.organizer.forms import RosterForm
from quiz_server.web.security import organizer_required

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download(body, fmt, filename):
    return Response(body, mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.route("/roster-template.<fmt>")
@organizer_required
def roster_template(fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    return download(roster.template(fmt), fmt, f"danh-sach-hoc-vien.{fmt}")


@bp.route("/courses/<code>/roster", methods=["GET", "POST"])
@organizer_required
def import_roster(code):
    """All or nothing: any problem is listed with its row and nothing is written."""
    found = course_or_404(code)
    form = RosterForm()
    problems, status = [], 200
    if form.validate_on_submit():
        upload = form.roster.data
        data = upload.stream.read(roster.MAX_BYTES + 1)
        db, filename = get_db(), upload.filename or ""
        try:
            entries = roster.plan(db, roster.parse(data, filename))
            if len(roster.new_accounts(entries)) > roster_jobs.INLINE_ACCOUNTS:
                roster_jobs.start(db, current_app.config["DATABASE"], found.id, current_user.id,
                                  entries, filename)
            else:
                roster_import.import_entries(db, found.id, entries, organizer_id=current_user.id,
                                             filename=filename)
        except roster.RosterError as error:
            problems, status = error.problems, 400
        else:
            return redirect(url_for("organizer.login_slips", code=found.code), 303)
    elif form.errors:
        status = 400
    return render_template("organizer/roster.html", course=found, form=form,
                           problems=problems), status


@bp.route("/courses/<code>/slips")
@organizer_required
def login_slips(code):
    """The login slips; while a large import runs, its progress (the page reloads itself)."""
    found = course_or_404(code)
    job = roster_jobs.latest(get_db(), found.id, current_user.id)
    page = render_template("organizer/slips.html", course=found, job=job,
                           pending=slips.pending(get_db(), found.id, current_user.id))
    return page, 200, {"Refresh": "3"} if job and job["status"] == "running" else {}


def course_line(course):
    return f"{course.code} — {course.title(str(get_locale()))}"


@bp.route("/courses/<code>/slips.<fmt>")
@organizer_required
def login_slips_file(code, fmt):
    """One download per format; then the passwords are gone from the server."""
    if fmt not in slips.FORMATS:
        abort(404)
    found = course_or_404(code)
    db = get_db()
    rows = slips.take(db, found.id, current_user.id, fmt)
    if rows is None:
        return render_template("organizer/slips.html", course=found, pending=None,
                               job=None), 410
    audit.record(db, current_user.id, "roster.slips", course=found.code, format=fmt,
                 count=len(rows))
    write = slips.to_pdf if fmt == "pdf" else slips.to_xlsx
    body = write(rows, course_line(found), slips.login_address(current_app.config["PUBLIC_URL"]),
                 str(get_locale()))
    return download(body, fmt, f"{found.code}-login-slips.{fmt}")
