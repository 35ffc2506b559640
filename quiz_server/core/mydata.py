"""Everything stored about one person, for the right of access (Law 91/2025/QH15, fact 46).

One plain dictionary, written out as JSON and shown as a readable page. Per-question
correctness is included only once the attempt's review rule allows it: the right of access does
not open the answer key of a test still running for others (issue 7, item 20).
"""

from quiz_server.core import attempts, requirements
from quiz_server.core.attempts import utcnow
from quiz_server.core.users import now_iso

PROFILE_FIELDS = ("username", "full_name", "role", "unit", "position", "province", "email",
                  "phone", "locale", "active", "created_at", "privacy_accepted_at")
# Profile fields a trainee may be allowed to correct (the setting PROFILE_EDITABLE picks).
CORRECTABLE = ("phone", "email", "unit", "position", "province")


def editable_fields(setting):
    return tuple(f.strip() for f in (setting or "").split(",") if f.strip() in CORRECTABLE)


def _answer(bank, attempt, item, locale, review):
    question = item.question or bank.questions.get(item.question_id)
    review = review and (question is None or attempts.key_may_be_shown(attempt, question))
    entry = {"position": item.position, "question_id": item.question_id,
             "question": question.text[locale] if question else None,
             "answer": list(item.answer) if item.answer is not None else None,
             "answer_text": [question.choice(k).text[locale] for k in item.answer]
             if question and item.answer else []}
    if review and item.correct is not None:
        entry["correct"] = item.correct
    return entry


def _attempt(db, bank, attempt_id, codes, locale, now):
    found = attempts.load_attempt(db, attempt_id)
    review = found.review_allowed(now)
    return {
        "id": found.id, "kind": found.kind, "course": codes.get(found.course_id),
        "chapter": found.chapter, "started_at": attempts.iso(found.started_at),
        "deadline_at": attempts.iso(found.deadline_at),
        "submitted_at": attempts.iso(found.submitted_at), "score": found.score,
        "max_score": found.max_score, "percent": found.percent, "passed": found.passed,
        "answers": [_answer(bank, found, item, locale, review) for item in found.items],
    }


def collect(db, bank, user_id, locale="vi", now=None):
    """Profile, enrolments, attempts with answers and scores, certificates, requests."""
    now = now or utcnow()
    row = next(iter(db.query("SELECT * FROM users WHERE id = ?", [user_id])))
    profile = {field: row.get(field) for field in PROFILE_FIELDS}
    profile["active"] = bool(profile["active"])
    enrolments = list(db.query(
        "SELECT c.id AS course_id, c.code AS course, c.title_vi, c.title_en, c.starts_on, "
        "c.ends_on, e.enrolled_at, e.extra_attempts, e.extra_minutes FROM enrolments e "
        "JOIN courses c ON c.id = e.course_id WHERE e.user_id = ? ORDER BY c.starts_on, c.code",
        [user_id]))
    codes = dict(db.execute(
        "SELECT id, code FROM courses WHERE id IN (SELECT course_id FROM enrolments WHERE "
        "user_id = ? UNION SELECT course_id FROM attempts WHERE user_id = ?)",
        [user_id, user_id]).fetchall())
    attempt_ids = [r[0] for r in db.execute(
        "SELECT id FROM attempts WHERE user_id = ? ORDER BY id", [user_id]).fetchall()]
    return {
        "generated_at": now_iso(),
        "profile": profile,
        "enrolments": [{k: v for k, v in e.items() if k != "course_id"} for e in enrolments],
        "attempts": [_attempt(db, bank, a, codes, locale, now) for a in attempt_ids],
        "certificates": list(db.query(
            "SELECT c.code AS course, k.code, k.issued_at, k.withdrawn_at FROM certificates k "
            "JOIN courses c ON c.id = k.course_id WHERE k.user_id = ? ORDER BY k.issued_at",
            [user_id])),
        "deletion_requests": list(db.query(
            "SELECT requested_at, reason, status, handled_at FROM deletion_requests "
            "WHERE user_id = ? ORDER BY id", [user_id])),
        **requirements.of_user(db, user_id),
    }
