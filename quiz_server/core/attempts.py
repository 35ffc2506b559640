"""Attempts: drawing questions, freezing them, saving answers, grading once, review rules.

The question set, the order of choices and a copy of each question (``frozen``) are
written to the database when an attempt starts; showing, answering and grading read that
copy, so editing the bank never changes an attempt, open or past. Every saved answer carries
a sequence, and an older save never replaces a newer one.
"""

import json
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from quiz_server.core import answers, frozen, record
from quiz_server.core.answers import QuizError
from quiz_server.core.courses import parse_time
from quiz_server.core.record import GRACE, iso  # noqa: F401 (GRACE: read from here too)
from quiz_server.db import transaction

PRACTICE_SIZE = 10
# Who owns the attempt and, while it is open, what grading needs (record's _OPEN_ATTEMPT).
_OWNED = """SELECT user_id, anon_token, submitted_at IS NULL,
                   kind, course_id, user_id, max_score, pass_mark, deadline_at
            FROM attempts WHERE id = ?"""


@dataclass(frozen=True)
class Item:
    position: int
    question_id: str
    choice_order: tuple
    answer: tuple | None
    correct_keys: tuple | None
    correct: bool | None
    question: object = None  # the Question as frozen at start; None if it predates copies


@dataclass(frozen=True)
class Attempt:
    id: int
    kind: str
    user_id: int | None
    course_id: int | None
    chapter: str | None
    anon_token: str | None
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    score: int | None
    max_score: int
    percent: float | None
    passed: bool | None
    pass_mark: int | None
    review_rule: str
    closes_at: datetime | None
    items: tuple

    @property
    def submitted(self):
        return self.submitted_at is not None

    def seconds_left(self, now):
        if self.deadline_at is None:
            return None
        return max(0, int((self.deadline_at - now).total_seconds()))

    def expired(self, now):
        """Past the deadline and its grace: no answer is accepted any more."""
        return answers.expired(self.deadline_at, now)

    def review_allowed(self, now):
        if not self.submitted:
            return False
        if self.review_rule == "never":
            return False
        if self.review_rule == "after_close":
            return self.closes_at is not None and now >= self.closes_at
        return True


def utcnow():
    return datetime.now(UTC)


def draw_practice(bank, chapter, rng):
    """Practice questions only: their keys are shown, so an exam question is never drawn."""
    questions = list(bank.pool(chapter, "practice"))
    if not questions:
        raise QuizError(404, "unknown_chapter")
    return rng.sample(questions, min(PRACTICE_SIZE, len(questions)))


def practice_size(bank, chapter):
    return min(PRACTICE_SIZE, len(bank.pool(chapter, "practice")))


def key_may_be_shown(attempt, question):
    """A practice attempt reviews practice questions only, even one drawn before the pools."""
    return attempt.kind != "practice" or question.pool == "practice"


def draw_final(bank, course, rng):
    """``questions_per_chapter`` exam questions from each chapter, shuffled together.

    No two drawn questions share a topic: a question whose topic is already in the attempt is
    passed over for the next one of its chapter, so the chapter keeps its count.
    """
    drawn, topics = [], set()
    for chapter in course.chapters:
        candidates = list(bank.pool(chapter, "exam"))
        rng.shuffle(candidates)
        taken = []
        for qid in candidates:
            if len(taken) == course.questions_per_chapter:
                break
            if bank.questions[qid].topic not in topics:
                topics.add(bank.questions[qid].topic)
                taken.append(qid)
        drawn += taken
    rng.shuffle(drawn)
    return drawn


def _choice_order(question, rng):
    keys = list(question.keys)
    if question.type != "true_false":  # "Đúng / Sai" keeps its natural order
        rng.shuffle(keys)
    return keys


def _insert(db, bank, question_ids, rng, now, **fields):
    """Write the attempt and its frozen items; the caller holds the transaction."""
    db["attempts"].insert({"bank_version": bank.version, "started_at": iso(now),
                           "max_score": len(question_ids), **fields})
    attempt_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    copies = frozen.keep(db, [bank.questions[qid] for qid in question_ids])
    db["attempt_items"].insert_all(
        {"attempt_id": attempt_id, "position": position, "question_id": qid,
         "choice_order": json.dumps(_choice_order(bank.questions[qid], rng)),
         "question_key": copies[qid]}
        for position, qid in enumerate(question_ids, 1))
    return attempt_id


def start_practice(db, bank, chapter, rng, now, user_id=None):
    """A practice attempt; an anonymous one is tied to a random token kept in the session."""
    question_ids = draw_practice(bank, chapter, rng)
    token = None if user_id else secrets.token_urlsafe(16)
    with transaction(db):
        attempt_id = _insert(db, bank, question_ids, rng, now, kind="practice", user_id=user_id,
                             chapter=chapter, anon_token=token, review_rule="after_submit")
    return attempt_id, token


def attempts_used(db, course_id, user_id):
    return db.execute("SELECT count(*) FROM attempts WHERE kind = 'final' AND course_id = ? "
                      "AND user_id = ?", [course_id, user_id]).fetchone()[0]


def open_final_attempt(db, course_id, user_id):
    row = db.execute("SELECT id FROM attempts WHERE kind = 'final' AND course_id = ? AND "
                     "user_id = ? AND submitted_at IS NULL ORDER BY id DESC LIMIT 1",
                     [course_id, user_id]).fetchone()
    return row[0] if row else None


def start_final(db, bank, course, user_id, rng, now):
    """Start (or resume) the final test; the attempt limit holds under parallel requests."""
    with transaction(db):
        enrolled = db.execute("SELECT extra_attempts, extra_minutes FROM enrolments WHERE "
                              "course_id = ? AND user_id = ?", [course.id, user_id]).fetchone()
        if enrolled is None:
            raise QuizError(403, "not_enrolled")
        running = open_final_attempt(db, course.id, user_id)
        if running is not None:
            return running
        if not course.is_open(now):
            raise QuizError(403, "closed")
        if attempts_used(db, course.id, user_id) >= course.max_attempts + enrolled[0]:
            raise QuizError(409, "no_attempts_left")
        deadline = now + timedelta(minutes=course.time_limit_minutes + enrolled[1])
        closes = parse_time(course.closes_at)
        if closes is not None:
            deadline = min(deadline, closes)
        return _insert(db, bank, draw_final(bank, course, rng), rng, now, kind="final",
                       user_id=user_id, course_id=course.id,
                       deadline_at=iso(deadline.astimezone(UTC)), pass_mark=course.pass_mark,
                       review_rule=course.review_rule)


def _dicts(db, sql, params):
    """Rows as dicts, from one plain statement (sqlite-utils' ``query`` adds a savepoint pair)."""
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_attempt(db, attempt_id):
    """The attempt with its items; "after close" review follows the course's close time now."""
    rows = _dicts(db, "SELECT a.*, c.closes_at AS course_closes_at FROM attempts a "
                  "LEFT JOIN courses c ON c.id = a.course_id WHERE a.id = ?", [attempt_id])
    if not rows:
        return None
    row = rows[0]
    items = tuple(
        Item(position=i["position"], question_id=i["question_id"],
             choice_order=tuple(json.loads(i["choice_order"])),
             answer=tuple(json.loads(i["answer"])) if i["answer"] is not None else None,
             correct_keys=tuple(json.loads(i["correct_keys"])) if i["correct_keys"] else None,
             correct=None if i["correct"] is None else bool(i["correct"]),
             question=frozen.thaw(i["question"]))
        for i in _dicts(db, "SELECT i.*, q.body AS question FROM attempt_items i LEFT JOIN "
                        "question_copies q ON q.key = i.question_key WHERE i.attempt_id = ? "
                        "ORDER BY i.position", [attempt_id]))
    return Attempt(
        id=row["id"], kind=row["kind"], user_id=row["user_id"], course_id=row["course_id"],
        chapter=row["chapter"], anon_token=row["anon_token"],
        started_at=parse_time(row["started_at"]), deadline_at=parse_time(row["deadline_at"]),
        submitted_at=parse_time(row["submitted_at"]), score=row["score"],
        max_score=row["max_score"], percent=row["percent"],
        passed=None if row["passed"] is None else bool(row["passed"]),
        pass_mark=row["pass_mark"], review_rule=row["review_rule"],
        closes_at=parse_time(row["course_closes_at"]), items=items)


def validate_answer(attempt, question_id, keys):
    """The keys to store for ``question_id``, or QuizError(400) if they do not belong there."""
    item = next((i for i in attempt.items if i.question_id == question_id), None)
    if item is None or item.question is None:
        raise QuizError(400, "question_not_in_attempt")
    return answers.allowed_keys(item.choice_order, item.question.type, keys)


def save_answers(db, bank, attempt_id, given, now, seqs=None):
    """Save ``{question_id: [keys]}`` to the attempt with that id (``save_loaded``)."""
    return save_loaded(db, load_attempt(db, attempt_id), given, now, seqs)


def save_loaded(db, attempt, given, now, seqs=None):
    """Save ``{question_id: [keys]}`` to an attempt the page has read already; refused once
    submitted or after the deadline's grace, and nothing is stored unless all are valid.

    ``seqs`` gives an answer's sequence: the server's clock in milliseconds when the page
    produced it (capped at ``now``); an answer without one counts as made ``now``. Returns
    ``Saved``: the answers stored, and those refused because a newer one was stored first.
    """
    answers.refuse_closed(db, attempt.id, attempt.submitted, attempt.deadline_at, now)
    checked = {qid: validate_answer(attempt, qid, keys) for qid, keys in given.items()}
    return answers.store(db, attempt.id, checked, seqs or {}, now)


def submit(db, bank, attempt_id, now):
    """Grade the attempt on what was saved and read it back; a second submit changes nothing.
    A page that only redirects afterwards calls ``answers.close``."""
    answers.close(db, attempt_id, now)
    return load_attempt(db, attempt_id)


def submit_own(db, attempt_id, asker, now):
    """Submit from the confirmation page: who owns it and what grading needs in one read, in
    the grading transaction; someone else's attempt is QuizError(404). Returns whether this
    call graded it."""
    with transaction(db):
        row = db.execute(_OWNED, [attempt_id]).fetchone()
        if row is None or not answers.belongs(row[0], row[1], asker):
            raise QuizError(404, "not_found")
        return bool(row[2]) and bool(record.grade(db, attempt_id, now, opened=row[3:]))


def close_if_expired(db, bank, attempt, now):
    """The attempt its owner opens, graded first if its time ran out meanwhile: on the copies
    read already, and shown from what grading wrote, without reading it again."""
    if attempt.submitted or not attempt.expired(now):
        return attempt
    graded = answers.close(db, attempt.id, now, copies(attempt))
    return as_graded(attempt, graded) if graded else load_attempt(db, attempt.id)


def copies(attempt):
    """``{position: Question}``: the frozen copies a loaded attempt holds, for grading it."""
    return {item.position: item.question for item in attempt.items}


def as_graded(attempt, graded):
    """``attempt`` as the ``record.Graded`` of it reads in the database."""
    def item(old):
        answer, right, keys = graded.marks[old.position]
        return replace(old, answer=None if answer is None else tuple(json.loads(answer)),
                       correct=bool(right), correct_keys=tuple(keys))
    return replace(attempt, submitted_at=graded.submitted_at, score=graded.score,
                   percent=graded.percent, passed=graded.passed,
                   items=tuple(item(old) for old in attempt.items))


def best_final(db, course_id, user_id):
    """The grade of the course as recorded on the enrolment (core/record.py decides it)."""
    row = db.execute("SELECT best_percent, passed FROM enrolments WHERE course_id = ? AND "
                     "user_id = ?", [course_id, user_id]).fetchone() or (None, None)
    return {"percent": row[0], "passed": bool(row[1]) if row[1] is not None else None}


def practice_summary(db, user_id):
    """Per chapter: attempts and best score of a trainee's practice quizzes."""
    return list(db.query(
        "SELECT chapter, count(*) AS attempts, max(percent) AS best, max(submitted_at) AS last "
        "FROM attempts WHERE kind = 'practice' AND user_id = ? AND submitted_at IS NOT NULL "
        "GROUP BY chapter ORDER BY chapter", [user_id]))
