"""A trainee's side of attendance and evaluation: checking in with the room's code and
answering the course's surveys (once, anonymously)."""

import math

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from quiz_server.app_db import get_db
from quiz_server.core import attendance, courses, requirements, surveys
from quiz_server.core.attempts import utcnow
from quiz_server.core.attendance import AttendanceError
from quiz_server.core.surveys import SurveyError
from quiz_server.web.forms import Form
from quiz_server.web.localtime import to_local, zone
from quiz_server.web.trainee import bp


def enrolled_course_or_404(code):
    found = courses.get_course(get_db(), code)
    if found is None:
        abort(404)
    if courses.enrolment(get_db(), found.id, current_user.id) is None:
        abort(403)
    return found


def after_course(course, user_id):
    """What the course page shows about sessions and surveys for this trainee."""
    db = get_db()
    attended, total = requirements.counts(db, course.id)
    return {"sessions": total, "attended": attended.get(user_id, 0),
            "running": any(s.is_running(utcnow(), zone())
                           for s in attendance.sessions_of(db, course.id)),
            "surveys": surveys.open_for(db, course.id, user_id, to_local(utcnow()).date())}


@bp.route("/course/<code>/check-in", methods=["POST"])
@login_required
def check_in(code):
    course = enrolled_course_or_404(code)
    if not Form().validate_on_submit():
        abort(400)
    try:
        session = attendance.check_in(get_db(), course.id, current_user.id,
                                      request.form.get("code"),
                                      request.remote_addr or "unknown", utcnow(), zone())
    except AttendanceError as error:
        if error.code == "wait":
            flash(_("Too many wrong codes. Wait %(minutes)s minute(s) and try again.",
                    minutes=math.ceil(error.wait / 60)), "error")
            return redirect(url_for("trainee.course", code=course.code), 303)
        flash(_("This code does not match a session of this course running now."), "error")
        return redirect(url_for("trainee.course", code=course.code), 303)
    flash(_("You are checked in for the session of %(start)s–%(end)s.", start=session.starts,
            end=session.ends), "info")
    return redirect(url_for("trainee.course", code=course.code), 303)


def _answers(survey_questions):
    given = {}
    for question in survey_questions:
        raw = request.form.get(f"q{question['id']}", "")
        if question["kind"] == "scale":
            given[question["id"]] = int(raw) if raw.isdigit() else None
        else:
            given[question["id"]] = raw
    return given


def refusal(code):
    return {"closed": _("This survey is not open."),
            "done": _("You have already answered this survey. Thank you."),
            "not_enrolled": _("This survey is for the trainees of the course.")}[code]


@bp.route("/course/<code>/survey/<int:survey_id>", methods=["GET", "POST"])
@login_required
def survey(code, survey_id):
    course = enrolled_course_or_404(code)
    db = get_db()
    found = surveys.get(db, course.id, survey_id)
    today = to_local(utcnow()).date()
    if found is None:
        abort(404)
    if surveys.is_done(db, found.id, current_user.id) or not found.is_open(today):
        flash(refusal("done" if surveys.is_done(db, found.id, current_user.id) else "closed"),
              "info")
        return redirect(url_for("trainee.course", code=course.code), 303)
    form = Form()
    questions = surveys.questions(db, found.id)
    status, missing = 200, set()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        given = _answers(questions)
        try:
            surveys.submit(db, found, current_user.id, given, today)
        except SurveyError as error:
            if error.code != "missing":
                flash(refusal(error.code), "error")
                return redirect(url_for("trainee.course", code=course.code), 303)
            missing = {q["id"] for q in questions
                       if q["kind"] == "scale" and given.get(q["id"]) not in surveys.SCALE}
            status = 400
        else:
            flash(_("Thank you. Your answers were saved without your name."), "info")
            return redirect(url_for("trainee.course", code=course.code), 303)
    return render_template("trainee/survey.html", course=course, survey=found, form=form,
                           questions=questions, missing=missing,
                           given=request.form if request.method == "POST" else {}), status
