"""What the quiz pages share: the bank, refusals in the user's language, who owns an attempt."""

import random

from flask import abort, current_app, jsonify, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import attempts, record
from quiz_server.core.answers import Asker, belongs
from quiz_server.core.attempts import utcnow

rng = random.SystemRandom()
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


def asker():
    """Who asks: the signed-in user (the session is looked up here, once per request) and the
    practice tokens this browser's session holds."""
    user_id = current_user.id if current_user.is_authenticated else None
    return Asker(user_id, tuple(session.get(ANON_KEY, [])))


def owned_attempt(attempt_id):
    """The attempt, to show it, if it belongs to whoever asks (``answers.belongs``), else 404
    so ids reveal nothing; graded first if its time ran out. One read of the attempt serves
    the owner check and the page."""
    attempt = attempts.load_attempt(get_db(), attempt_id)
    if attempt is None or not belongs(attempt.user_id, attempt.anon_token, asker()):
        abort(404)
    return attempts.close_if_expired(get_db(), bank(), attempt, utcnow())


def close_expired(course_id=None, user_id=None):
    """Grade the attempts whose time ran out before a page reports results (cron does too)."""
    record.close_expired(get_db(), utcnow(), course_id=course_id, user_id=user_id)


def handbook_link(question, locale):
    base = current_app.config["HANDBOOK_URL"].rstrip("/") + "/"
    prefix = "en/" if locale == "en" else ""
    return f"{base}{prefix}chapters/{question.chapter}/#{question.heading}"
