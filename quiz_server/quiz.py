"""Taking quizzes: practice quizzes per chapter (open to anyone) and the final test of a course."""

import random

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from . import attempts, courses
from .attempts import QuizError, utcnow
from .db import get_db

bp = Blueprint("quiz", __name__)
_rng = random.SystemRandom()
ANON_KEY = "practice_tokens"

MESSAGES = {
    "unknown_chapter": _l("There is no quiz for this chapter."),
    "question_not_in_attempt": _l("This question is not part of your attempt."),
    "choice_not_in_question": _l("This answer does not belong to the question."),
    "one_choice_only": _l("Choose only one answer for this question."),
    "already_submitted": _l("This attempt has already been submitted; answers can no longer "
                            "be changed."),
    "time_is_up": _l("Time is up: the attempt was closed and graded on the answers saved."),
    "not_enrolled": _l("You are not enrolled in this course."),
    "closed": _l("The final test of this course is not open now."),
    "no_attempts_left": _l("You have used all your attempts for this test."),
}


def bank():
    return current_app.extensions["question_bank"]


def wants_json():
    return request.accept_mimetypes.best == "application/json" or request.is_json


def refuse(error):
    """A QuizError as JSON for the page's script, or as a message on the page."""
    message = str(MESSAGES[error.code])
    if wants_json():
        return jsonify(error=error.code, message=message), error.status
    return render_template("error.html", code=error.status, message=message), error.status


def owned_attempt(attempt_id):
    """The attempt if it belongs to whoever asks; 404 otherwise, so ids reveal nothing."""
    attempt = attempts.load_attempt(get_db(), attempt_id)
    if attempt is None:
        abort(404)
    if attempt.user_id is not None:
        if not current_user.is_authenticated or current_user.id != attempt.user_id:
            abort(404)
    elif attempt.anon_token not in session.get(ANON_KEY, []):
        abort(404)
    return attempts.close_if_expired(get_db(), bank(), attempt, utcnow())


def handbook_link(question, locale):
    base = current_app.config["HANDBOOK_URL"].rstrip("/") + "/"
    prefix = "en/" if locale == "en" else ""
    return f"{base}{prefix}chapters/{question.chapter}/#{question.heading}"


@bp.route("/practice/<chapter>")
def practice(chapter):
    if chapter not in bank().chapters:
        abort(404)
    return render_template("quiz/practice.html", chapter=chapter,
                           title=bank().titles[chapter][str(get_locale())],
                           size=min(attempts.PRACTICE_SIZE, len(bank().chapters[chapter])))


@bp.route("/practice/<chapter>/start", methods=["POST"])
def start_practice(chapter):
    user_id = current_user.id if current_user.is_authenticated else None
    try:
        attempt_id, token = attempts.start_practice(get_db(), bank(), chapter, _rng, utcnow(),
                                                    user_id=user_id)
    except QuizError as error:
        return refuse(error)
    if token:
        # Only the last few anonymous attempts are kept: the cookie stays small.
        session[ANON_KEY] = (session.get(ANON_KEY, []) + [token])[-10:]
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))


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
    history = list(db.query(
        "SELECT id, started_at, submitted_at, percent, passed FROM attempts WHERE kind = 'final' "
        "AND course_id = ? AND user_id = ? ORDER BY id", [found.id, current_user.id]))
    return render_template(
        "quiz/course.html", course=found, history=history, now=utcnow(),
        best=attempts.best_final(db, found.id, current_user.id),
        running=attempts.open_final_attempt(db, found.id, current_user.id),
        allowed=found.max_attempts + enrolled["extra_attempts"])


@bp.route("/course/<code>/start", methods=["POST"])
@login_required
def start_final(code):
    found = courses.get_course(get_db(), code)
    if found is None:
        abort(404)
    try:
        attempt_id = attempts.start_final(get_db(), bank(), found, current_user.id, _rng,
                                          utcnow())
    except QuizError as error:
        return refuse(error)
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))


@bp.route("/attempt/<int:attempt_id>")
def attempt(attempt_id):
    found = owned_attempt(attempt_id)
    if found.submitted:
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    locale = str(get_locale())
    questions = [bank().questions[item.question_id] for item in found.items]
    return render_template("quiz/attempt.html", attempt=found, locale=locale,
                           items=list(zip(found.items, questions, strict=True)),
                           seconds_left=found.seconds_left(utcnow()))


def answers_from_form(found):
    """``{question_id: [keys]}`` for every question the submitted form showed."""
    shown = [item.question_id for item in found.items
             if f"seen-{item.question_id}" in request.form]
    return {qid: request.form.getlist(f"q-{qid}") for qid in shown}


@bp.route("/attempt/<int:attempt_id>/answer", methods=["POST"])
def answer(attempt_id):
    """Autosave of one answer, sent by the page's script when a choice changes."""
    found = owned_attempt(attempt_id)
    question_id = request.form.get("question_id", "")
    try:
        attempts.save_answers(get_db(), bank(), found.id,
                              {question_id: request.form.getlist("choice")}, utcnow())
    except QuizError as error:
        return refuse(error)
    return jsonify(saved=True, question_id=question_id)


@bp.route("/attempt/<int:attempt_id>/save", methods=["POST"])
def save(attempt_id):
    """The whole form, for browsers without JavaScript; submits when asked to."""
    found = owned_attempt(attempt_id)
    db = get_db()
    try:
        if not found.submitted:
            attempts.save_answers(db, bank(), found.id, answers_from_form(found), utcnow())
    except QuizError as error:
        if error.code not in ("time_is_up", "already_submitted"):
            return refuse(error)
        flash(MESSAGES[error.code], "error")
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    if "submit" in request.form:
        attempts.submit(db, bank(), found.id, utcnow())
        return redirect(url_for("quiz.result", attempt_id=attempt_id))
    flash(_l("Your answers are saved."), "info")
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))


@bp.route("/attempt/<int:attempt_id>/result")
def result(attempt_id):
    found = owned_attempt(attempt_id)
    if not found.submitted:
        return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
    locale = str(get_locale())
    review = found.review_allowed(utcnow())
    items = [(item, bank().questions.get(item.question_id)) for item in found.items]
    course = courses.get_course_by_id(get_db(), found.course_id) if found.course_id else None
    return render_template("quiz/result.html", attempt=found, review=review, items=items,
                           locale=locale, course=course,
                           link=lambda q: handbook_link(q, locale))
