"""The final test of a course: its page for the trainee, and starting an attempt."""

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses
from quiz_server.core.attempts import QuizError, utcnow
from quiz_server.web.quizzes import bank, close_expired, refuse, rng
from quiz_server.web.trainee import bp
from quiz_server.web.trainee.after_course import after_course


@bp.route("/course/<code>")
@login_required
def course(code):
    found = courses.get_course(get_db(), code)
    if found is None:
        abort(404)
    db = get_db()
    enrolled = courses.enrolment(db, found.id, current_user.id)
    if enrolled is None:
        abort(403)
    close_expired(course_id=found.id, user_id=current_user.id)
    history = list(db.query(
        "SELECT id, started_at, submitted_at, percent, passed FROM attempts WHERE kind = 'final' "
        "AND course_id = ? AND user_id = ? ORDER BY id", [found.id, current_user.id]))
    return render_template(
        "quiz/course.html", course=found, history=history, now=utcnow(),
        best=attempts.best_final(db, found.id, current_user.id),
        running=attempts.open_final_attempt(db, found.id, current_user.id),
        allowed=found.max_attempts + enrolled["extra_attempts"],
        extra_minutes=enrolled["extra_minutes"], after=after_course(found, current_user.id))


@bp.route("/course/<code>/start", methods=["POST"])
@login_required
def start_final(code):
    found = courses.get_course(get_db(), code)
    if found is None:
        abort(404)
    try:
        attempt_id = attempts.start_final(get_db(), bank(), found, current_user.id, rng,
                                          utcnow())
    except QuizError as error:
        return refuse(error)
    return redirect(url_for("public.attempt", attempt_id=attempt_id))
