"""Saving answers: who may, until when, which choices, and the newest answer of a question kept.

Each save carries a sequence, a time in milliseconds on the server's clock: the page's script
counts on from the clock the page was made with, and a change sent with the whole form counts
from when the page was loaded. The comparison is made in the UPDATE itself, so two requests
for the same question end on the newer one whatever order they arrive in, without a read
before the write. The UPDATE also asks that the attempt is still open: it is checked before,
outside the write lock, and a submit that commits in between makes the write touch nothing.

An autosave (``save_one``) is one SELECT (owner, submitted, deadline and the question's
frozen choices) and one UPDATE, whatever the size of the attempt; the whole form's changes
are one UPDATE too.
"""

import json
from dataclasses import dataclass

from quiz_server.core import record
from quiz_server.core.courses import parse_time
from quiz_server.db import transaction, write

# The question's choices and type come from its frozen copy, so the bank can change under it.
_ONE_ITEM = """SELECT a.user_id, a.anon_token, a.submitted_at, a.deadline_at,
                      i.choice_order, json_extract(q.body, '$.type')
               FROM attempts a
               LEFT JOIN attempt_items i ON i.attempt_id = a.id AND i.question_id = ?
               LEFT JOIN question_copies q ON q.key = i.question_key
               WHERE a.id = ?"""
# Every answer of one save in one statement: VALUES (question id, answer, sequence), ...
_STORE = """UPDATE attempt_items SET answer = v.column2, answered_at = ?, answer_seq = v.column3
            FROM (VALUES {rows}) AS v
            WHERE attempt_items.attempt_id = ? AND attempt_items.question_id = v.column1
            AND attempt_items.answer_seq <= v.column3
            AND EXISTS (SELECT 1 FROM attempts WHERE id = ? AND submitted_at IS NULL)
            RETURNING attempt_items.question_id"""
_SUBMITTED = "SELECT submitted_at IS NOT NULL FROM attempts WHERE id = ?"


class QuizError(Exception):
    """A request the quiz refuses; ``status`` is the HTTP status, ``code`` names the reason."""

    def __init__(self, status, code):
        super().__init__(code)
        self.status, self.code = status, code


@dataclass(frozen=True)
class Asker:
    """Who asks to change an attempt: a signed-in user, and the practice tokens of the session."""

    user_id: int | None
    tokens: tuple = ()


@dataclass(frozen=True)
class Saved:
    """What a save stored, and what it did not because a newer answer was stored already."""

    saved: tuple
    stale: tuple


def clock_ms(moment):
    """``moment`` in milliseconds: the unit of answer sequences."""
    return int(moment.timestamp() * 1000)


def expired(deadline_at, now):
    """Past the deadline and its grace: no answer is accepted any more."""
    return deadline_at is not None and now > deadline_at + record.GRACE


def belongs(user_id, anon_token, asker):
    """An account's attempt belongs to that account; an anonymous one to the session holding
    its token. Anyone else is told it does not exist (404), so ids reveal nothing."""
    if user_id is not None:
        return asker.user_id == user_id
    return anon_token is not None and anon_token in asker.tokens


def allowed_keys(choice_order, question_type, keys):
    """The keys to store for a question shown with ``choice_order``, or QuizError(400) if
    they do not belong there (``question_type`` None: the question is not in the attempt)."""
    if question_type is None:
        raise QuizError(400, "question_not_in_attempt")
    keys = list(dict.fromkeys(str(k) for k in keys))
    if any(k not in choice_order for k in keys):
        raise QuizError(400, "choice_not_in_question")
    if question_type != "multiple" and len(keys) > 1:
        raise QuizError(400, "one_choice_only")
    return keys


def close(db, attempt_id, now, questions=None):
    """Grade the attempt on what was saved, in its own transaction; False if it was graded
    already. ``questions``: its frozen copies by position, when the caller has read them."""
    with transaction(db):
        return record.grade(db, attempt_id, now, questions=questions)


def refuse_closed(db, attempt_id, submitted, deadline_at, now):
    """QuizError(409) for a submitted attempt, or for one past its deadline's grace: that one
    is graded first, so the refusal never leaves it open."""
    if submitted:
        raise QuizError(409, "already_submitted")
    if expired(deadline_at, now):
        close(db, attempt_id, now)
        raise QuizError(409, "time_is_up")


def _closed(db, attempt_id):
    """Asked only when a write touched nothing: a newer answer, or a submit since the read."""
    row = db.execute(_SUBMITTED, [attempt_id]).fetchone()
    return row is None or bool(row[0])


def save_one(db, attempt_id, asker, question_id, keys, seq, now):
    """The autosave of one answer: one read, then one write (its commit shared, db.write).

    The order of refusals is the whole form's: not the asker's (404), submitted or past the
    deadline (409), then a question or choice that is not the attempt's (400).
    """
    row = db.execute(_ONE_ITEM, [question_id, attempt_id]).fetchone()
    if row is None or not belongs(row[0], row[1], asker):
        raise QuizError(404, "not_found")
    submitted, deadline, choice_order, question_type = row[2:]
    refuse_closed(db, attempt_id, submitted is not None, parse_time(deadline), now)
    choices = json.loads(choice_order) if choice_order else ()
    checked = {question_id: allowed_keys(choices, question_type, keys)}
    return store(db, attempt_id, checked, {} if seq is None else {question_id: seq}, now)


def store(db, attempt_id, checked, seqs, now):
    """Write validated answers, in one statement, unless a newer one is stored; an attempt
    submitted since it was read takes none and is refused as submitted.

    ``seqs`` gives an answer's sequence (capped at ``now``); one without counts as made now.
    """
    if not checked:
        return Saved((), ())
    limit = clock_ms(now)
    values = [v for qid, keys in checked.items()
              for v in (qid, json.dumps(keys), min(seqs.get(qid, limit), limit))]
    sql = _STORE.format(rows=", ".join(["(?, ?, ?)"] * len(checked)))
    # One statement, so it can share its commit with other trainees' saves (db.write); the
    # statement itself refuses a submitted attempt, and the read after it only says why.
    rows, _ = write(db, sql, [now.isoformat(timespec="seconds"), *values, attempt_id,
                              attempt_id])
    written = {row[0] for row in rows}
    stale = tuple(qid for qid in checked if qid not in written)
    if stale and _closed(db, attempt_id):
        raise QuizError(409, "already_submitted")
    return Saved(tuple(qid for qid in checked if qid in written), stale)
