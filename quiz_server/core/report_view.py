"""What an organizer reads of a course's trainees: in Vietnamese order, filtered, in pages,
and grouped by unit within its province (the "Sở Văn hóa, Thể thao và Du lịch" of three
provinces are three units, not one)."""

from collections import defaultdict

from quiz_server.core import collation
from quiz_server.core.reports import summary

STATUSES = ("not_started", "not_passed", "passed")
PAGE_SIZE = 50


def status(row):
    """not_started, not_passed (attempted, no pass yet) or passed."""
    if row["passed"]:
        return "passed"
    return "not_passed" if row["attempts"] else "not_started"


def in_order(rows):
    """Trainees by given name, then family and middle names (Vietnamese order), then username."""
    return sorted(rows, key=lambda r: (collation.name_key(r["full_name"]), r["username"]))


def filtered(rows, unit="", province="", wanted=""):
    """The rows of one unit, province and status; an empty filter keeps every row."""
    return [r for r in rows
            if (not unit or (r["unit"] or "") == unit)
            and (not province or (r["province"] or "") == province)
            and (not wanted or status(r) == wanted)]


def page(rows, number, size=PAGE_SIZE):
    """``(rows of page number, page number, page count)``; a page out of range is clamped."""
    count = max(1, -(-len(rows) // size))
    number = min(max(1, number), count)
    return rows[(number - 1) * size:number * size], number, count


def choices(rows, field):
    """The distinct values of a field, in Vietnamese order, for a filter's options."""
    return sorted({r[field] for r in rows if r[field]}, key=collation.text_key)


def by_unit_and_province(rows):
    """Totals per (province, unit), provinces and units in Vietnamese order."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row["province"] or "", row["unit"] or "")].append(row)
    keys = sorted(groups, key=lambda k: (collation.text_key(k[0]), collation.text_key(k[1])))
    return [(province, unit, summary(groups[(province, unit)])) for province, unit in keys]


def by_province(rows):
    groups = defaultdict(list)
    for row in rows:
        groups[row["province"] or ""].append(row)
    return [(name, summary(groups[name])) for name in sorted(groups, key=collation.text_key)]


def final_attempts(db, course_id, user_id):
    """The ids of a trainee's final-test attempts in a course, oldest first."""
    return [row[0] for row in db.execute(
        "SELECT id FROM attempts WHERE kind = 'final' AND course_id = ? AND user_id = ? "
        "ORDER BY started_at, id", [course_id, user_id]).fetchall()]


def answer_times(db, attempt_id):
    """When each answer of an attempt was last saved, by position."""
    return dict(db.execute("SELECT position, answered_at FROM attempt_items "
                           "WHERE attempt_id = ?", [attempt_id]).fetchall())
