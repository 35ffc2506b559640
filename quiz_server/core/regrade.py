"""Regrading a course's final attempts after an answer key was corrected in the bank.

Grading stores the keys it used with every item (``attempt_items.correct_keys``), so a key
corrected in the bank (reloaded at server start) shows up as a difference between the stored
keys and the bank's. ``preview`` says whose result would change; ``apply`` writes it.
"""

import hashlib
import json
from dataclasses import dataclass

from handbook.bank import grade
from quiz_server.core import record
from quiz_server.db import transaction


@dataclass(frozen=True)
class Change:
    attempt_id: int
    user_id: int
    username: str
    full_name: str
    old_score: int
    new_score: int
    max_score: int
    old_percent: float
    new_percent: float
    old_passed: bool | None
    new_passed: bool | None


def _current_keys(bank, question_id):
    question = bank.questions.get(question_id)
    return json.dumps(sorted(question.answer)) if question else None


def changed_questions(db, bank, course_id):
    """``{question_id: (stored keys, current keys)}`` for graded items whose key changed.

    A question no longer in the bank is left alone: there is no key to grade it with.
    """
    rows = db.execute(
        "SELECT DISTINCT i.question_id, i.correct_keys FROM attempt_items i "
        "JOIN attempts a ON a.id = i.attempt_id WHERE a.kind = 'final' AND a.course_id = ? "
        "AND a.submitted_at IS NOT NULL AND i.correct_keys IS NOT NULL", [course_id]).fetchall()
    changed = {}
    for question_id, stored in rows:
        current = _current_keys(bank, question_id)
        if current is not None and json.loads(stored) != json.loads(current):
            changed.setdefault(question_id, (json.loads(stored), json.loads(current)))
    return changed


def _regraded(db, bank, course_id, question_ids):
    """Per affected attempt: its row, the items to rewrite and its new score."""
    if not question_ids:
        return []
    attempts = db.execute(
        "SELECT DISTINCT a.id, a.user_id, u.username, u.full_name, a.score, a.max_score, "
        "a.percent, a.passed, a.pass_mark FROM attempts a JOIN users u ON u.id = a.user_id "
        "JOIN attempt_items i ON i.attempt_id = a.id WHERE a.kind = 'final' AND "
        "a.course_id = ? AND a.submitted_at IS NOT NULL "
        "AND i.question_id IN (SELECT value FROM json_each(?)) ORDER BY u.full_name, a.id",
        [course_id, json.dumps(sorted(question_ids))]).fetchall()
    result = []
    for attempt_id, user_id, username, full_name, score, max_score, percent, passed, pass_mark \
            in attempts:
        items = db.execute("SELECT position, question_id, answer, correct FROM attempt_items "
                           "WHERE attempt_id = ?", [attempt_id]).fetchall()
        new_score, updates = 0, []
        for position, question_id, answer, correct in items:
            if question_id in question_ids:
                question = bank.questions[question_id]
                correct = int(grade(question, json.loads(answer) if answer else None))
                updates.append((position, correct, _current_keys(bank, question_id)))
            new_score += correct or 0
        new_percent = record.percent_of(new_score, max_score)
        new_passed = record.passes(new_percent, pass_mark)
        change = Change(attempt_id, user_id, username, full_name, score, new_score, max_score,
                        percent, new_percent, None if passed is None else bool(passed),
                        new_passed)
        result.append((change, updates))
    return result


def preview(db, bank, course_id):
    """The changed questions and every attempt whose score or result the regrade changes."""
    changed = changed_questions(db, bank, course_id)
    changes = [c for c, _ in _regraded(db, bank, course_id, set(changed))
               if (c.old_score, c.old_passed) != (c.new_score, c.new_passed)]
    return changed, changes


def fingerprint(changed, changes):
    """A short digest of a preview, so ``apply`` can refuse if things moved since it was shown."""
    data = json.dumps([sorted(changed.items()), [c.__dict__ for c in changes]], sort_keys=True,
                      default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


class StalePreview(Exception):
    """The attempts or the bank changed between the preview and the confirmation."""


def apply(db, bank, course_id, now, expected=None):
    """Regrade every submitted final attempt that has a changed question; returns the changes
    and how many certificates were withdrawn.

    Items get the new keys even when the score stays the same, so the question no longer
    shows as changed. The record (core/record.py) settles each enrolment in the same
    transaction: a trainee who no longer passes has the certificate withdrawn, one who now
    passes gets one.
    """
    with transaction(db):
        changed, changes = preview(db, bank, course_id)
        if expected is not None and fingerprint(changed, changes) != expected:
            raise StalePreview()
        withdrawn = 0
        for change, updates in _regraded(db, bank, course_id, set(changed)):
            for position, correct, keys in updates:
                db.execute("UPDATE attempt_items SET correct = ?, correct_keys = ? "
                           "WHERE attempt_id = ? AND position = ?",
                           [correct, keys, change.attempt_id, position])
            withdrawn += record.rescore(db, change.attempt_id, change.new_score, now)
    return changed, changes, withdrawn
