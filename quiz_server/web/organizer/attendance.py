"""Organizer pages for a course's sessions: add and remove them, show the check-in code to the
room, and mark attendance on the class list (one tap per trainee, one Save, no JavaScript)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from quiz_server.app_db import get_db
from quiz_server.core import attendance, audit
from quiz_server.core.attempts import utcnow
from quiz_server.core.attendance import AttendanceError
from quiz_server.web.forms import Form, at_most, required
from quiz_server.web.localtime import zone
from quiz_server.web.organizer import bp
from quiz_server.web.organizer.courses import course_or_404
from quiz_server.web.security import organizer_required

PART_CHOICES = [SelectChoice("morning", _l("Morning")),
                SelectChoice("afternoon", _l("Afternoon"))]
SESSION_ERRORS = {
    "day": _l("Enter a date as YYYY-MM-DD."),
    "part": _l("Choose one of the options."),
    "hours": _l("Enter the hours as HH:MM, the end after the start."),
}


class SessionForm(Form):
    day = DateField(_l("Date"), validators=[required()])
    part = SelectField(_l("Part of the day"), choices=PART_CHOICES)
    starts = StringField(_l("Starts at (HH:MM, optional)"), validators=[Optional(), at_most(5)])
    ends = StringField(_l("Ends at (HH:MM, optional)"), validators=[Optional(), at_most(5)])
    place = StringField(_l("Place"), validators=[Optional(), at_most(200)])
    online = BooleanField(_l("Online"))


def session_or_404(course, session_id):
    found = attendance.get_session(get_db(), course.id, session_id)
    if found is None:
        abort(404)
    return found


@bp.route("/courses/<code>/sessions", methods=["GET", "POST"])
@organizer_required
def sessions(code):
    course = course_or_404(code)
    form = SessionForm()
    status = 200
    if form.validate_on_submit():
        try:
            attendance.add_session(get_db(), course.id, day=form.day.data.isoformat(),
                                   part=form.part.data, starts=form.starts.data or None,
                                   ends=form.ends.data or None, place=form.place.data,
                                   online=form.online.data)
        except AttendanceError as error:
            field = {"day": form.day, "part": form.part, "hours": form.starts}[error.code]
            field.errors.append(SESSION_ERRORS[error.code])
            status = 400
        else:
            audit.record(get_db(), current_user.id, "session.add", course=course.code,
                         day=form.day.data.isoformat(), part=form.part.data)
            flash(_l("The session was added."), "info")
            return redirect(url_for("organizer.sessions", code=course.code), 303)
    elif request.method == "POST":
        status = 400
    return render_template("organizer/after/sessions.html", course=course, form=form,
                           sessions=list(_present_per_session(course)),
                           now=utcnow(), zone=zone()), status


def _present_per_session(course):
    db = get_db()
    for session in attendance.sessions_of(db, course.id):
        yield session, db.execute("SELECT count(*) FROM attendance WHERE session_id = ?",
                                  [session.id]).fetchone()[0]


@bp.route("/courses/<code>/sessions/<int:session_id>/delete", methods=["POST"])
@organizer_required
def delete_session(code, session_id):
    course = course_or_404(code)
    if not Form().validate_on_submit():
        abort(400)
    session = session_or_404(course, session_id)
    attendance.delete_session(get_db(), course.id, session.id)
    audit.record(get_db(), current_user.id, "session.delete", course=course.code, day=session.day,
                 part=session.part)
    flash(_l("The session and its attendance were removed."), "info")
    return redirect(url_for("organizer.sessions", code=course.code), 303)


@bp.route("/courses/<code>/sessions/<int:session_id>/code")
@organizer_required
def session_code(code, session_id):
    """The check-in code in large digits, for the projector."""
    course = course_or_404(code)
    return render_template("organizer/after/session_code.html", course=course,
                           session=session_or_404(course, session_id))


@bp.route("/courses/<code>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@organizer_required
def mark_attendance(code, session_id):
    course = course_or_404(code)
    session = session_or_404(course, session_id)
    form = Form()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            present = [int(v) for v in request.form.getlist("present")]
        except ValueError:
            abort(400)
        count = attendance.mark(get_db(), course.id, session.id, present)
        audit.record(get_db(), current_user.id, "attendance.mark", course=course.code,
                     day=session.day, part=session.part, present=count)
        flash(_l("Attendance saved: %(n)s present.", n=count), "info")
        return redirect(url_for("organizer.mark_attendance", code=course.code,
                                session_id=session.id), 303)
    return render_template("organizer/after/attendance.html", course=course, session=session,
                           form=form, running=session.is_running(utcnow(), zone()),
                           trainees=attendance.class_list(get_db(), session.id, course.id))
