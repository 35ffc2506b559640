"""An attempt being taken or reviewed, practice or final: only its owner may open it."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses
from quiz_server.core.attempts import QuizError, utcnow
from quiz_server.web.forms import Form
from quiz_server.web.public import bp
from quiz_server.web.quizzes import MESSAGES, bank, handbook_link, owned_attempt, refuse


@bp.route("/attempt/<int:attempt_id>")
def attempt(attempt_id):
    found = owned_attempt(attempt_id)
    if found.submitted:
        return redirect(url_for("public.result", attempt_id=attempt_id))
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
        return redirect(url_for("public.result", attempt_id=attempt_id))
    if "submit" in request.form or "finish" in request.form:
        if needs_confirmation(found):
            return redirect(url_for("public.confirm_submit", attempt_id=attempt_id))
        attempts.submit(db, bank(), found.id, utcnow())
        return redirect(url_for("public.result", attempt_id=attempt_id))
    flash(_l("Your answers are saved."), "info")
    return redirect(url_for("public.attempt", attempt_id=attempt_id))


def needs_confirmation(found):
    """A final test is submitted only from the confirmation page, unless its time is up
    (the page's timer then sends the form by itself, and nobody is there to confirm)."""
    if found.kind != "final":
        return False
    left = found.seconds_left(utcnow())
    return left is None or left > TIMER_GRACE_SECONDS


TIMER_GRACE_SECONDS = 5  # the page's clock may run a little ahead of the server's


@bp.route("/attempt/<int:attempt_id>/submit", methods=["GET", "POST"])
def confirm_submit(attempt_id):
    """The last step of a final test: how many questions are unanswered, then submit."""
    found = owned_attempt(attempt_id)
    if found.submitted:
        return redirect(url_for("public.result", attempt_id=attempt_id))
    form = Form()
    if form.validate_on_submit():
        attempts.submit(get_db(), bank(), found.id, utcnow())
        return redirect(url_for("public.result", attempt_id=attempt_id))
    unanswered = [n for n, item in enumerate(found.items, start=1) if not item.answer]
    return render_template("quiz/confirm_submit.html", attempt=found, form=form,
                           unanswered=unanswered, total=len(found.items),
                           seconds_left=found.seconds_left(utcnow()))


@bp.route("/attempt/<int:attempt_id>/result")
def result(attempt_id):
    found = owned_attempt(attempt_id)
    if not found.submitted:
        return redirect(url_for("public.attempt", attempt_id=attempt_id))
    locale = str(get_locale())
    review = found.review_allowed(utcnow())
    questions = [bank().questions.get(item.question_id) for item in found.items]
    items = [(item, q if q and attempts.key_may_be_shown(found, q) else None)
             for item, q in zip(found.items, questions, strict=True)]
    course = courses.get_course_by_id(get_db(), found.course_id) if found.course_id else None
    return render_template("quiz/result.html", attempt=found, review=review, items=items,
                           locale=locale, course=course,
                           link=lambda q: handbook_link(q, locale))
