"""Sessions of a course and who attended them: marked by the organizer or checked in by code.

A session is a half day (morning or afternoon) on a date, in a place or online, with the hours
it runs in local time. Its check-in code is shown to the room and accepted only while the
session runs; tries are counted like wrong passwords (``core/throttle.py``) so a code cannot
be guessed from outside the room.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from quiz_server.core import record
from quiz_server.core.throttle import Limit, release, take
from quiz_server.db import transaction

PARTS = {"morning": ("07:30", "11:30"), "afternoon": ("13:30", "17:00")}
CODE_DIGITS = 6  # one in a million per try; ten tries a quarter hour per account
CHECKIN_ACCOUNT = Limit("checkin-account", 10, 900)
CHECKIN_ADDRESS = Limit("checkin-address", 300, 900)  # a whole room behind one router


class AttendanceError(ValueError):
    """A session setting or a check-in is refused; ``code`` says why."""

    def __init__(self, code, wait=0):
        super().__init__(code)
        self.code, self.wait = code, wait


@dataclass(frozen=True)
class Session:
    id: int
    course_id: int
    day: str
    part: str
    starts: str
    ends: str
    place: str
    online: bool
    code: str

    def window(self, zone):
        """The aware start and end of the session in ``zone``."""
        day = date.fromisoformat(self.day)
        return tuple(datetime.combine(day, time.fromisoformat(t), zone)
                     for t in (self.starts, self.ends))

    def is_running(self, now, zone):
        start, end = self.window(zone)
        return start <= now <= end


def _session(row):
    return Session(id=row["id"], course_id=row["course_id"], day=row["day"], part=row["part"],
                   starts=row["starts"], ends=row["ends"], place=row["place"] or "",
                   online=bool(row["online"]), code=row["code"])


def new_code():
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def validate_session(day, part, starts=None, ends=None, place="", online=False):
    """Normalised session settings; the hours default to the part of the day."""
    try:
        day = date.fromisoformat(str(day)).isoformat()
    except ValueError:
        raise AttendanceError("day") from None
    if part not in PARTS:
        raise AttendanceError("part")
    starts, ends = starts or PARTS[part][0], ends or PARTS[part][1]
    try:
        starts, ends = (time.fromisoformat(t).strftime("%H:%M") for t in (starts, ends))
    except ValueError:
        raise AttendanceError("hours") from None
    if ends <= starts:
        raise AttendanceError("hours")
    return {"day": day, "part": part, "starts": starts, "ends": ends,
            "place": (place or "").strip()[:200], "online": int(bool(online))}


def add_session(db, course_id, now=None, **settings):
    """A new session lowers everyone's share attended, so completion is settled again."""
    clean = validate_session(**settings)
    with transaction(db):
        db["course_sessions"].insert({"course_id": course_id, "code": new_code(), **clean})
        record.settle_course(db, course_id, now or datetime.now(UTC))


def delete_session(db, course_id, session_id, now=None):
    with transaction(db):
        db.execute("DELETE FROM attendance WHERE session_id IN (SELECT id FROM course_sessions "
                   "WHERE id = ? AND course_id = ?)", [session_id, course_id])
        db.execute("DELETE FROM course_sessions WHERE id = ? AND course_id = ?",
                   [session_id, course_id])
        record.settle_course(db, course_id, now or datetime.now(UTC))


def sessions_of(db, course_id):
    return [_session(row) for row in db.query(
        "SELECT * FROM course_sessions WHERE course_id = ? ORDER BY day, starts", [course_id])]


def get_session(db, course_id, session_id):
    rows = list(db.query("SELECT * FROM course_sessions WHERE id = ? AND course_id = ?",
                         [session_id, course_id]))
    return _session(rows[0]) if rows else None


def class_list(db, session_id, course_id):
    """Enrolled trainees in name order, each with whether they attended this session."""
    return list(db.query(
        "SELECT u.id AS user_id, u.full_name, u.username, u.unit, a.method "
        "FROM enrolments e JOIN users u ON u.id = e.user_id "
        "LEFT JOIN attendance a ON a.session_id = ? AND a.user_id = u.id "
        "WHERE e.course_id = ? AND u.role = 'trainee' "
        "ORDER BY u.full_name COLLATE NOCASE, u.username", [session_id, course_id]))


def mark(db, course_id, session_id, present_ids, now=None):
    """Make the session's attendance exactly ``present_ids`` (enrolled trainees only).

    A trainee who checked in by code and is still ticked keeps "code" as the method.
    Returns the number present.
    """
    with transaction(db):
        enrolled = {row[0] for row in db.execute(
            "SELECT user_id FROM enrolments WHERE course_id = ?", [course_id]).fetchall()}
        present = set(present_ids) & enrolled
        marked = {row[0] for row in db.execute(
            "SELECT user_id FROM attendance WHERE session_id = ?", [session_id]).fetchall()}
        for user_id in marked - present:
            db.execute("DELETE FROM attendance WHERE session_id = ? AND user_id = ?",
                       [session_id, user_id])
        for user_id in present:
            db.execute("INSERT OR IGNORE INTO attendance (session_id, user_id, method) "
                       "VALUES (?, ?, 'organizer')", [session_id, user_id])
        record.settle_course(db, course_id, now or datetime.now(UTC))
    return len(present)


def check_in(db, course_id, user_id, code, address, now, zone):
    """Record a trainee's presence from the code shown in the room; returns the session.

    The try is counted before the code is looked at and taken back when it is right, so only
    wrong codes add up. Refused with ``AttendanceError("wait")``, ``("wrong")``.
    """
    wait, ticket = take(db, [(CHECKIN_ACCOUNT, str(user_id)), (CHECKIN_ADDRESS, address)])
    if wait:
        raise AttendanceError("wait", wait)
    code = "".join(ch for ch in str(code or "") if ch.isdigit())
    running = [s for s in sessions_of(db, course_id)
               if s.is_running(now, zone) and secrets.compare_digest(s.code, code)]
    if not running:
        raise AttendanceError("wrong")
    release(db, ticket)
    with transaction(db):
        db.execute("INSERT OR IGNORE INTO attendance (session_id, user_id, method) "
                   "VALUES (?, ?, 'code')", [running[0].id, user_id])
        record.settle(db, course_id, user_id, now, "requirements")
    return running[0]
