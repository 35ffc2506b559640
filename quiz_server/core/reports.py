"""Progress of a course: per-trainee results, totals, breakdowns and item analysis.

Plain functions over the database, called by the organizer pages, the exports and the CLI.
"""

import json
from collections import defaultdict

from quiz_server.core import requirements

UPPER_LOWER_SHARE = 0.27  # the classic upper and lower 27% groups for discrimination
MIN_RESPONSES = 10  # below this, facility and discrimination say little: no flag, a warning


def trainee_rows(db, course_id):
    """One row per enrolled trainee with attempts, best score, passed and completion date, as
    recorded on the enrolment by core/record.py, the live certificate's code, and attendance."""
    return requirements.annotate(db, course_id, db.query(
        """
        SELECT u.id AS user_id, u.username, u.full_name, u.unit, u.position, u.province,
               u.email, u.phone, e.extra_attempts, e.extra_minutes,
               count(a.id) AS attempts, e.best_percent AS best_score,
               coalesce(e.passed, 0) AS passed, e.completed_at,
               (SELECT code FROM certificates c WHERE c.course_id = e.course_id
                 AND c.user_id = u.id AND c.withdrawn_at IS NULL) AS certificate_code
        FROM enrolments e
        JOIN users u ON u.id = e.user_id
        LEFT JOIN attempts a ON a.course_id = e.course_id AND a.user_id = u.id
             AND a.kind = 'final'
        WHERE e.course_id = ?
        GROUP BY u.id ORDER BY u.full_name COLLATE NOCASE, u.username
        """, [course_id]))


def summary(rows):
    started = [r for r in rows if r["attempts"]]
    scores = [r["best_score"] for r in started if r["best_score"] is not None]
    return {
        "enrolled": len(rows),
        "started": len(started),
        "passed": sum(1 for r in rows if r["passed"]),
        "average": round(sum(scores) / len(scores), 1) if scores else None,
    }


def item_analysis(db, course_id):
    """Facility and discrimination of each question of the course's submitted final attempts.

    Facility is the share who got it right; discrimination is the facility in the top 27% of
    attempts by score minus that in the bottom 27%. Weak questions are flagged for review.
    """
    attempt_scores = dict(db.execute(
        "SELECT id, score FROM attempts WHERE kind = 'final' AND course_id = ? "
        "AND submitted_at IS NOT NULL", [course_id]).fetchall())
    if not attempt_scores:
        return []
    ranked = sorted(attempt_scores, key=lambda a: attempt_scores[a])
    size = max(1, round(len(ranked) * UPPER_LOWER_SHARE))
    lower, upper = set(ranked[:size]), set(ranked[-size:])
    by_question, chosen = defaultdict(list), defaultdict(lambda: defaultdict(int))
    marks = ",".join("?" * len(attempt_scores))
    for attempt_id, question_id, correct, answer in db.execute(
            f"SELECT attempt_id, question_id, correct, answer FROM attempt_items "  # noqa: S608
            f"WHERE attempt_id IN ({marks})", list(attempt_scores)).fetchall():
        by_question[question_id].append((attempt_id, correct or 0))
        for key in json.loads(answer) if answer else ():
            chosen[question_id][key] += 1
    result = []
    for question_id, answers in sorted(by_question.items()):
        facility = sum(c for _, c in answers) / len(answers)
        up = [c for a, c in answers if a in upper]
        low = [c for a, c in answers if a in lower]
        discrimination = ((sum(up) / len(up)) - (sum(low) / len(low))) if up and low else None
        few = len(answers) < MIN_RESPONSES
        result.append({"question_id": question_id, "answered": len(answers), "few": few,
                       "chosen": dict(chosen[question_id]),
                       "right": sum(c for _, c in answers), "facility": round(facility, 2),
                       "discrimination": None if discrimination is None
                       else round(discrimination, 2),
                       "weak": not few and weak(facility, discrimination)})
    return result


def weak(facility, discrimination):
    """Almost nobody or almost everybody right, or no separation of those who know."""
    return facility < 0.2 or facility > 0.95 or (
        discrimination is not None and discrimination < 0.2)


def bank_statistics(db):
    """Per question id, the item analysis of every past course pooled, for reviewing the bank.

    Discrimination is computed within each course (where scores compare) and averaged over the
    courses weighted by their answers; facility is all right answers over all answers.
    """
    pooled = defaultdict(lambda: {"courses": 0, "answered": 0, "right": 0, "weighted": 0.0,
                                  "weights": 0})
    for (course_id,) in db.execute("SELECT DISTINCT course_id FROM attempts WHERE kind = 'final' "
                                   "AND submitted_at IS NOT NULL ORDER BY course_id").fetchall():
        for item in item_analysis(db, course_id):
            entry = pooled[item["question_id"]]
            entry["courses"] += 1
            entry["answered"] += item["answered"]
            entry["right"] += item["right"]
            if item["discrimination"] is not None:
                entry["weighted"] += item["discrimination"] * item["answered"]
                entry["weights"] += item["answered"]
    result = {}
    for question_id, entry in pooled.items():
        facility = entry["right"] / entry["answered"]
        discrimination = entry["weighted"] / entry["weights"] if entry["weights"] else None
        result[question_id] = {
            "courses": entry["courses"], "answered": entry["answered"],
            "facility": round(facility, 2),
            "discrimination": None if discrimination is None else round(discrimination, 2),
            "weak": weak(facility, discrimination)}
    return result
