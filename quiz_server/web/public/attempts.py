"""An attempt being taken or reviewed, practice or final: only its owner may open it."""

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from quiz_server.app_db import get_db
from quiz_server.core import answers, attempts, courses
from quiz_server.core.answers import clock_ms
from quiz_server.core.attempts import QuizError, utcnow
from quiz_server.web.forms import Form
from quiz_server.web.i18n import handbook_url
from quiz_server.web.public import bp
from quiz_server.web.quizzes import asker, handbook_link, owned_attempt, refuse

# A full form that stored nothing says so: the trainee must not believe it was saved.
NOTHING_SAVED = {
    "time_is_up": _l("Time is up: nothing from this page was saved. The attempt was graded on "
                     "the answers saved before the deadline."),
    "already_submitted": _l("This attempt had already been submitted: nothing from this page "
                            "was saved."),
}
STALE = _l("A newer answer to this question was saved from another page or tab; this choice "
           "was not stored.")


@bp.route("/attempt/<int:attempt_id>")
def attempt(attempt_id):
    found = owned_attempt(attempt_id)
    if found.submitted:
        return redirect(url_for("public.result", attempt_id=attempt_id))
    now = utcnow()
    locale = str(get_locale())
    return render_template("quiz/attempt.html", attempt=found, locale=locale,
                           handbook_back=back_to_chapter(found, locale),
                           clock=clock_ms(now), seconds_left=found.seconds_left(now))


def whole_number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def back_to_chapter(found, locale):
    """A practice attempt leads back to its chapter; a course's test to the handbook home."""
    return handbook_url(current_app.config, locale, found.chapter) if found.chapter else None


def answers_from_form(found):
    """``(answers, seqs, kept)``: the answers this page changed, with their sequences.

    A question the page did not change (its value is still the ``was-`` value it was shown
    with, and the script gave it no ``seq-``) is left out and counted in ``kept``, so a page
    loaded earlier never clears what was saved since. A change made without the script
    counts as made when the page was loaded (``loaded``): any save since then wins.
    """
    loaded = whole_number(request.form.get("loaded")) or 0
    given, seqs, kept = {}, {}, 0
    for item in found.items:
        qid = item.question_id
        if f"seen-{qid}" not in request.form:
            continue
        keys = request.form.getlist(f"q-{qid}")
        seq = whole_number(request.form.get(f"seq-{qid}"))
        was = request.form.get(f"was-{qid}")
        if seq is None and was is not None and sorted(keys) == sorted(filter(None, was.split(","))):
            kept += 1
            continue
        given[qid], seqs[qid] = keys, loaded if seq is None else seq
    return given, seqs, kept


@bp.route("/attempt/<int:attempt_id>/answer", methods=["POST"])
def answer(attempt_id):
    """Autosave of one answer, sent by the page's script when a choice changes: one read and
    one write (``answers.save_one``); someone else's attempt does not exist."""
    question_id = request.form.get("question_id", "")
    seq = whole_number(request.form.get("seq"))
    try:
        saved = answers.save_one(get_db(), attempt_id, asker(), question_id,
                                 request.form.getlist("choice"), seq, utcnow())
    except QuizError as error:
        if error.status == 404:
            abort(404)
        return refuse(error)
    if saved.stale:
        return jsonify(error="stale_answer", message=str(STALE), question_id=question_id,
                       seq=seq), 409
    return jsonify(saved=True, question_id=question_id, seq=seq)


def saved_message(saved, kept):
    """What the full form stored, what it did not, and what it left alone."""
    return _l("Saved from this page: %(saved)s. Not saved, because a newer answer had been "
              "saved from another page or tab: %(stale)s. Not changed on this page, kept as "
              "saved before: %(kept)s.",
              saved=len(saved.saved), stale=len(saved.stale), kept=kept)


@bp.route("/attempt/<int:attempt_id>/save", methods=["POST"])
def save(attempt_id):
    """The whole form, for browsers without JavaScript; submits when asked to."""
    found = owned_attempt(attempt_id)  # closes and grades it when its time ran out
    db, now = get_db(), utcnow()
    if found.submitted:
        flash(NOTHING_SAVED["time_is_up" if found.expired(now) else "already_submitted"],
              "error")
        return redirect(url_for("public.result", attempt_id=attempt_id))
    given, seqs, kept = answers_from_form(found)
    try:
        saved = attempts.save_loaded(db, found, given, now, seqs)  # read once, above
    except QuizError as error:
        if error.code not in NOTHING_SAVED:
            return refuse(error)
        flash(NOTHING_SAVED[error.code], "error")
        return redirect(url_for("public.result", attempt_id=attempt_id))
    flash(saved_message(saved, kept), "error" if saved.stale else "info")
    if "submit" in request.form or "finish" in request.form:
        if needs_confirmation(found):
            return redirect(url_for("public.confirm_submit", attempt_id=attempt_id))
        answers.close(db, found.id, now, attempts.copies(found))
        return redirect(url_for("public.result", attempt_id=attempt_id))
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
    form = Form()
    if form.validate_on_submit():
        try:
            attempts.submit_own(get_db(), attempt_id, asker(), utcnow())
        except QuizError:  # someone else's attempt: not found
            abort(404)
        return redirect(url_for("public.result", attempt_id=attempt_id))
    found = owned_attempt(attempt_id)
    if found.submitted:
        return redirect(url_for("public.result", attempt_id=attempt_id))
    unanswered = [n for n, item in enumerate(found.items, start=1) if not item.answer]
    return render_template("quiz/confirm_submit.html", attempt=found, form=form,
                           unanswered=unanswered, total=len(found.items),
                           handbook_back=back_to_chapter(found, str(get_locale())),
                           seconds_left=found.seconds_left(utcnow()))


@bp.route("/attempt/<int:attempt_id>/result")
def result(attempt_id):
    found = owned_attempt(attempt_id)
    if not found.submitted:
        return redirect(url_for("public.attempt", attempt_id=attempt_id))
    locale = str(get_locale())
    review = found.review_allowed(utcnow())
    items = [(item, item.question if item.question and attempts.key_may_be_shown(
        found, item.question) else None) for item in found.items]
    course = courses.get_course_by_id(get_db(), found.course_id) if found.course_id else None
    return render_template("quiz/result.html", attempt=found, review=review, items=items,
                           locale=locale, course=course,
                           handbook_back=back_to_chapter(found, locale),
                           link=lambda q: handbook_link(q, locale))
