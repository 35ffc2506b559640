"""Erasing personal data while keeping anonymous statistics: deletion requests and retention.

An erased account keeps its id, its enrolments, attempts and answers, attendance and survey
flags (so course totals, pass rates, attendance and item analysis do not change) and its
province (for the breakdown by province); its name, username, unit, position, email, phone,
password and sessions go; its certificates are withdrawn (the rows stay, so the verify page can
say so) and the record never issues it another.
"""

import json
import secrets
from datetime import UTC, date, datetime

from quiz_server.core import audit, record, requirements, sessions, users
from quiz_server.core.users import now_iso
from quiz_server.db import transaction, truncate_wal

UNUSABLE_HASH = "!erased"  # matches no password: werkzeug rejects a hash without "$"


def _erased_username(db, user_id):
    """``deleted-<id>``, or with a random suffix when an account already has that name (a
    roster can create one): no username can block an erasure."""
    name = f"deleted-{user_id}"
    while db.execute("SELECT 1 FROM users WHERE username = ? COLLATE NOCASE AND id != ?",
                     [name, user_id]).fetchone():
        name = f"deleted-{user_id}-{secrets.token_hex(4)}"
    return name


def _erased_profile(username, now):
    return {"username": username, "full_name": "", "unit": "", "position": "",
            "email": "", "phone": "", "locale": "", "password_hash": UNUSABLE_HASH,
            "active": 0, "must_change_password": 0, "anonymised_at": now}


def anonymise_user(db, user_id):
    """Erase a person's data in place; the caller holds the transaction."""
    row = db.execute("SELECT username FROM users WHERE id = ?", [user_id]).fetchone()
    erased = _erased_profile(_erased_username(db, user_id), now_iso())
    db["users"].update(user_id, erased)
    sessions.end_all(db, user_id)
    record.withdraw_all(db, user_id, datetime.now(UTC), "erasure")
    if row:
        account = users.normalize_username(row[0]).casefold()
        db.execute("DELETE FROM throttle WHERE key = ? OR substr(key, 1, ?) = ?",
                   [account, len(account) + 1, account + "\n"])
        # Account actions in the audit log name the account: they keep the new name.
        old, new = (f'"username": {json.dumps(name, ensure_ascii=False)}'
                    for name in (row[0], erased["username"]))
        db.execute("UPDATE audit_log SET detail = replace(detail, ?, ?) WHERE instr(detail, ?)",
                   [old, new, old])


# Deletion requests ---------------------------------------------------------------------------

def request_deletion(db, user_id, reason=""):
    """File a request (one pending at a time); returns its id."""
    with transaction(db):
        row = db.execute("SELECT id FROM deletion_requests WHERE user_id = ? AND "
                         "status = 'pending'", [user_id]).fetchone()
        if row:
            return row[0]
        db["deletion_requests"].insert({"user_id": user_id, "requested_at": now_iso(),
                                        "reason": (reason or "").strip()[:1000],
                                        "status": "pending"})
        return db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def pending_request(db, user_id):
    rows = list(db.query("SELECT * FROM deletion_requests WHERE user_id = ? AND "
                         "status = 'pending'", [user_id]))
    return rows[0] if rows else None


def pending_requests(db):
    return list(db.query(
        "SELECT r.id, r.requested_at, r.reason, u.id AS user_id, u.username, u.full_name, "
        "u.role, u.unit FROM deletion_requests r JOIN users u ON u.id = r.user_id "
        "WHERE r.status = 'pending' ORDER BY r.id"))


def carry_out(db, request_id, organizer_id):
    """Erase the requester's personal data; raises LastOrganizer for the last organizer."""
    with transaction(db):
        row = db.execute("SELECT user_id FROM deletion_requests WHERE id = ? AND "
                         "status = 'pending'", [request_id]).fetchone()
        if row is None:
            return False
        users.set_active_in(db, row[0], False)
        anonymise_user(db, row[0])
        # The free-text reason may name the person or more: it goes with the rest.
        db["deletion_requests"].update(request_id, {
            "status": "done", "handled_at": now_iso(), "handled_by": organizer_id,
            "reason": ""})
        audit.record(db, organizer_id, "privacy.erase", request=request_id, user_id=row[0])
    truncate_wal(db)
    return True


# Retention -----------------------------------------------------------------------------------

def expired_courses(db, today=None):
    """Courses not yet purged whose last day plus their retention years is before ``today``."""
    today = (today or date.today()).isoformat()
    return list(db.query(
        "SELECT id, code, title_vi, ends_on, retention_years, archived FROM courses "
        "WHERE purged_at IS NULL AND date(ends_on, '+' || retention_years || ' years') < ? "
        "ORDER BY ends_on, code", [today]))


def purge_course(db, course_id, actor_id=None, audit_detail=None):
    """Erase the personal data of a course's trainees, keeping its anonymous statistics.

    A trainee with no other course still kept is erased entirely; one who is also in another
    course keeps the account, and this course's enrolment and attempts move to a new anonymous
    account (same province), so this course's figures stay whole without a name.
    Returns ``{"erased": n, "detached": n}``. ``audit_detail`` joins the audit entry (the
    command line names its operating-system user there).
    """
    counts = {"erased": 0, "detached": 0}
    with transaction(db):
        code = db.execute("SELECT code FROM courses WHERE id = ?", [course_id]).fetchone()[0]
        enrolled = db.execute(
            "SELECT u.id, u.province, u.anonymised_at, (SELECT count(*) FROM enrolments o "
            "JOIN courses c ON c.id = o.course_id WHERE o.user_id = u.id AND o.course_id != ? "
            "AND c.purged_at IS NULL) FROM enrolments e JOIN users u ON u.id = e.user_id "
            "WHERE e.course_id = ? AND u.role = 'trainee'", [course_id, course_id]).fetchall()
        for user_id, province, anonymised_at, other_courses in enrolled:
            if anonymised_at:
                continue
            if not other_courses:
                anonymise_user(db, user_id)
                counts["erased"] += 1
                continue
            now = now_iso()
            db["users"].insert({**_erased_profile(f"anonymous-{secrets.token_hex(8)}", now),
                                "role": "trainee", "province": province or "",
                                "created_at": now})
            anonymous_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            record.withdraw_all(db, user_id, datetime.now(UTC), "erasure", course_id=course_id)
            for table in ("enrolments", "attempts", "certificates"):
                db.execute(f"UPDATE {table} SET user_id = ? "  # noqa: S608
                           "WHERE course_id = ? AND user_id = ?",
                           [anonymous_id, course_id, user_id])
            requirements.move_personal(db, course_id, user_id, anonymous_id)
            counts["detached"] += 1
        db["courses"].update(course_id, {"purged_at": now_iso(), "archived": 1})
        audit.record(db, actor_id, "privacy.purge_course", course=code, **counts,
                     **(audit_detail or {}))
    truncate_wal(db)
    return counts
