"""The record: score, pass, completion and certificates are decided here and nowhere else.

Every event that can change a result calls this module inside its own write transaction:
submitting, the deadline (``close_expired``), a regrade, an organizer's override and an
erasure. Nothing else writes these columns, and no page view issues or grades anything, so
what the dashboard, the exports and the verify page read is what was decided at the event.

- An attempt is *passed* when its percent reaches the pass mark it was started with.
- An enrolment is *completed* once one of its final attempts is passed; ``completed_at`` is
  when the first passed attempt was submitted, ``best_percent`` its highest percent.
- A *certificate* is live while the enrolment is completed and the account is not erased;
  otherwise it is withdrawn, and the row stays with the time and the reason.
"""

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from handbook.bank import grade as is_right
from quiz_server.core import certificates, frozen, requirements
from quiz_server.core.courses import parse_time
from quiz_server.db import transaction

GRACE = timedelta(seconds=30)  # answers sent just before the deadline still count
CODE_TRIES = 5  # a collision of 80-bit codes is already one in 10^24

# The queries, named (SQL is written in upper case and read in any case).
_ITEMS = """SELECT i.position, q.body, i.answer FROM attempt_items i
            LEFT JOIN question_copies q ON q.key = i.question_key
            WHERE i.attempt_id = ? ORDER BY i.position"""
_ANSWERS = """SELECT position, answer FROM attempt_items WHERE attempt_id = ?
              ORDER BY position"""
_OPEN_ATTEMPT = """SELECT kind, course_id, user_id, max_score, pass_mark, deadline_at
                   FROM attempts WHERE id = ? AND submitted_at IS NULL"""
# Every item of the attempt marked in one statement: VALUES (position, correct, keys), ...
_MARK_ITEMS = """UPDATE attempt_items SET correct = v.column2, correct_keys = v.column3
                 FROM (VALUES {rows}) AS v
                 WHERE attempt_items.attempt_id = ? AND attempt_items.position = v.column1"""
_SUBMIT = """UPDATE attempts SET submitted_at = ?, score = ?, percent = ?, passed = ?
             WHERE id = ?"""
_GRADED_ATTEMPT = """SELECT course_id, user_id, max_score, pass_mark FROM attempts
                     WHERE id = ?"""
_RESCORE = """UPDATE attempts SET score = ?, percent = ?, passed = ? WHERE id = ?"""
# The enrolment's outcome, whether the account is erased and its live certificate, in one read.
_OUTCOME = """SELECT max(percent), max(passed), min(CASE WHEN passed = 1 THEN submitted_at END),
              (SELECT anonymised_at IS NOT NULL FROM users WHERE id = :user),
              (SELECT id FROM certificates WHERE course_id = :course AND user_id = :user
               AND withdrawn_at IS NULL)
              FROM attempts WHERE kind = 'final' AND course_id = :course AND user_id = :user
              AND submitted_at IS NOT NULL"""
_SET_OUTCOME = """UPDATE enrolments SET best_percent = ?, passed = ?, completed_at = ?
                  WHERE course_id = ? AND user_id = ?"""
_LIVE = """SELECT id FROM certificates WHERE course_id = ? AND user_id = ?
           AND withdrawn_at IS NULL"""
_NEXT_SERIAL = """SELECT coalesce(max(c.serial), 0) + 1, co.code FROM courses co
                  LEFT JOIN certificates c ON c.course_id = co.id WHERE co.id = ?"""
_ISSUE = """INSERT INTO certificates (course_id, user_id, code, issued_at, serial, number)
            VALUES (?, ?, ?, ?, ?, ?)"""
_WITHDRAW = """UPDATE certificates SET withdrawn_at = ?, withdrawn_reason = ?
               WHERE id = ? AND withdrawn_at IS NULL"""
_WITHDRAW_ALL = """UPDATE certificates SET withdrawn_at = ?, withdrawn_reason = ?
                   WHERE user_id = ? AND withdrawn_at IS NULL AND (? IS NULL OR course_id = ?)"""
_OVERRIDE = """UPDATE enrolments SET extra_attempts = ?, extra_minutes = ?
               WHERE course_id = ? AND user_id = ?"""
_OPEN_WITH_DEADLINE = """SELECT id, deadline_at FROM attempts
                         WHERE submitted_at IS NULL AND deadline_at IS NOT NULL
                         AND (:course IS NULL OR course_id = :course)
                         AND (:user IS NULL OR user_id = :user)"""


def iso(moment):
    return moment.isoformat(timespec="seconds") if moment else None


def percent_of(score, max_score):
    """Percent with one decimal; an attempt without questions scores 0."""
    return round(100 * score / max_score, 1) if max_score else 0.0


def passes(percent, pass_mark):
    """Passed when the percent reaches the pass mark; a practice quiz (no mark) is neither."""
    if pass_mark is None:
        return None
    return percent >= pass_mark


def _flag(passed):
    """How a pass is stored: 1, 0, or NULL for a practice quiz."""
    return None if passed is None else int(passed)


@dataclass(frozen=True)
class Graded:
    """What grading wrote: the attempt's result and, per position, ``(answer, right, keys)``,
    so a page can show the graded attempt without reading it again."""

    submitted_at: datetime
    score: int
    percent: float
    passed: bool | None
    marks: dict


def _items(db, attempt_id, questions):
    """``(position, question, answer)``: the copies kept (read here, or given as
    ``{position: Question}`` by a caller that has read them) and the answers read now."""
    if questions is None:
        return [(position, frozen.thaw(copy), answer)
                for position, copy, answer in db.execute(_ITEMS, [attempt_id]).fetchall()]
    return [(position, questions[position], answer)
            for position, answer in db.execute(_ANSWERS, [attempt_id]).fetchall()]


def _mark(db, attempt_id, marks):
    """Write each item's correctness and keys, in one statement."""
    if marks:
        values = [v for position, (_, right, keys) in marks.items()
                  for v in (position, int(right), json.dumps(keys))]
        rows = ", ".join(["(?, ?, ?)"] * len(marks))
        db.execute(_MARK_ITEMS.format(rows=rows), [*values, attempt_id])


def grade(db, attempt_id, now, opened=None, questions=None):
    """Grade an open attempt on its saved answers and settle its enrolment.

    The caller holds the transaction; ``opened`` is the attempt's ``_OPEN_ATTEMPT`` row if the
    caller read it in that transaction, ``questions`` its frozen copies by position (they
    never change; the answers are always read here, in the transaction). An attempt graded
    after its deadline is dated at the deadline plus grace, so a late close does not make a
    trainee look late. Returns ``Graded``, or False when it was graded already.
    """
    attempt = opened or db.execute(_OPEN_ATTEMPT, [attempt_id]).fetchone()
    if attempt is None:
        return False
    kind, course_id, user_id, max_score, pass_mark, deadline = attempt
    score, marks = 0, {}
    for position, question, answer in _items(db, attempt_id, questions):
        # graded on the copy it kept, never on today's bank
        right = question is not None and is_right(question, json.loads(answer or "null"))
        score += right
        marks[position] = (answer, right, sorted(question.answer) if question else [])
    _mark(db, attempt_id, marks)
    percent = percent_of(score, max_score)
    passed = passes(percent, pass_mark)
    deadline = parse_time(deadline)
    submitted = parse_time(iso(min(now, deadline + GRACE) if deadline else now))
    db.execute(_SUBMIT, [iso(submitted), score, percent, _flag(passed), attempt_id])
    if kind == "final":
        settle(db, course_id, user_id, now)
    return Graded(submitted, score, percent, passed, marks)


def rescore(db, attempt_id, score, now):
    """A regrade's new score for a graded attempt, and its enrolment settled again; returns
    whether a certificate was withdrawn."""
    course_id, user_id, max_score, pass_mark = db.execute(_GRADED_ATTEMPT,
                                                          [attempt_id]).fetchone()
    percent = percent_of(score, max_score)
    passed = passes(percent, pass_mark)
    db.execute(_RESCORE, [score, percent, _flag(passed), attempt_id])
    return settle(db, course_id, user_id, now, reason="regrade")


def _outcome(db, course_id, user_id):
    """(best percent, passed or None before any graded attempt, completed at, erased or None
    for no such account, live certificate id or None)."""
    best, passed, completed, erased, live = db.execute(
        _OUTCOME, {"course": course_id, "user": user_id}).fetchone()
    return best, None if passed is None else bool(passed), completed, erased, live


def settle(db, course_id, user_id, now, reason="not_passed"):
    """Write an enrolment's outcome and issue or withdraw its certificate to match.

    Returns whether a certificate was withdrawn. An erased account or a person no longer
    enrolled never gets a certificate. Grading can only add a pass, so only a regrade (or the
    migration of an old database) ever withdraws here.
    """
    best, passed, completed, erased, live = _outcome(db, course_id, user_id)
    if passed and not requirements.met(db, course_id, user_id):
        completed = None  # passed, but the course's attendance or survey rule is not met
    enrolled = db.execute(_SET_OUTCOME,
                          [best, _flag(passed), completed, course_id, user_id]).rowcount
    deserves = completed is not None and enrolled == 1 and erased is not None and not erased
    if deserves and live is None:
        issue(db, course_id, user_id, now)
    if live is not None and not deserves:
        withdraw(db, live, now, reason)
        return True
    return False


def settle_course(db, course_id, now, reason="requirements"):
    """Settle every enrolment of a course again, after a change that concerns all of them
    (its sessions, attendance or completion rules); the caller holds the transaction."""
    for (user_id,) in db.execute("SELECT user_id FROM enrolments WHERE course_id = ?",
                                 [course_id]).fetchall():
        settle(db, course_id, user_id, now, reason)


def live_certificate(db, course_id, user_id):
    """The id of the person's live certificate of the course, or None."""
    row = db.execute(_LIVE, [course_id, user_id]).fetchone()
    return row[0] if row else None


def issue(db, course_id, user_id, now):
    """Insert a certificate with a fresh code and the next number of its course (withdrawn
    ones keep theirs: a number is never given twice); a code already taken is drawn again."""
    serial, course_code = db.execute(_NEXT_SERIAL, [course_id]).fetchone()
    number = certificates.number(serial, iso(now), course_code)
    for _ in range(CODE_TRIES):
        code = certificates.new_code()
        try:
            db.execute(_ISSUE, [course_id, user_id, code, iso(now), serial, number])
            return
        except sqlite3.IntegrityError as error:
            if "certificates.code" not in str(error):
                raise
    raise RuntimeError(f"no free certificate code in {CODE_TRIES} draws")


def withdraw(db, certificate_id, now, reason):
    db.execute(_WITHDRAW, [iso(now), reason, certificate_id])


def withdraw_all(db, user_id, now, reason, course_id=None):
    """Withdraw a person's live certificates, of one course or of all (an erasure)."""
    db.execute(_WITHDRAW_ALL, [iso(now), reason, user_id, course_id, course_id])


def override(db, course_id, user_id, extra_attempts, extra_minutes, now):
    """Extra attempts or minutes for one trainee, for attempts started afterwards.

    An attempt whose time has already run out is graded (and its enrolment settled) first, in
    the same transaction, so an extension never reopens it; returns False when the person is
    not enrolled.
    """
    with transaction(db):
        for attempt_id in expired_attempts(db, now, course_id, user_id):
            grade(db, attempt_id, now)
        enrolled = db.execute(_OVERRIDE, [extra_attempts, extra_minutes, course_id,
                                          user_id]).rowcount
    return enrolled == 1


def expired_attempts(db, now, course_id=None, user_id=None):
    """Ids of open attempts past their deadline and its grace."""
    rows = db.execute(_OPEN_WITH_DEADLINE, {"course": course_id, "user": user_id}).fetchall()
    return [attempt_id for attempt_id, deadline in rows if now > parse_time(deadline) + GRACE]


def close_expired(db, now, course_id=None, user_id=None):
    """Grade every attempt whose time ran out, one transaction each; returns how many.

    Run by cron (``close-expired``) and at the start of every page that reports results;
    when nothing is due it only reads.
    """
    closed = 0
    for attempt_id in expired_attempts(db, now, course_id, user_id):
        with transaction(db):
            closed += bool(grade(db, attempt_id, now))
    return closed
