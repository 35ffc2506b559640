"""Server-side sessions: the signed cookie carries only a random id that must exist here.

A new id is made at every login (so a cookie planted before login is worth nothing), and
deleting the row ends the session for every copy of the cookie: at logout, when an account is
deactivated or its password is reset, and after ``IDLE_MINUTES`` without a request.
"""

import secrets
import time

from quiz_server.db import transaction

TOUCH_EVERY = 60  # seconds: last_seen is written at most once a minute, not on every autosave
KEEP_SECONDS = 30 * 24 * 3600  # rows of sessions never ended are pruned after a month
THROTTLE_KEEP_SECONDS = 24 * 3600


def start(db, user_id, now=None):
    """A new session for ``user_id``; returns its id (256 random bits)."""
    now = time.time() if now is None else now
    sid = secrets.token_urlsafe(32)
    with transaction(db):
        db.execute("DELETE FROM sessions WHERE last_seen < ?", [now - KEEP_SECONDS])
        # The privacy notice promises that failed-login records last at most a day.
        db.execute("DELETE FROM throttle WHERE at < ?", [now - THROTTLE_KEEP_SECONDS])
        db.execute("INSERT INTO sessions (id, user_id, created_at, last_seen) VALUES (?, ?, ?, ?)",
                   [sid, user_id, now, now])
    return sid


def lookup(db, sid, idle_seconds, now=None):
    """``(user row, expired)``: the row of the session's user, or None; ``expired`` is True
    when the session existed but was idle too long (it is then ended)."""
    if not sid:
        return None, False
    now = time.time() if now is None else now
    rows = list(db.query(
        "SELECT s.last_seen AS session_last_seen, u.* FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.id = ?", [sid]))
    if not rows:
        return None, False
    record = rows[0]
    idle = now - record.pop("session_last_seen")
    if idle > idle_seconds:
        end(db, sid)
        return None, True
    if idle > TOUCH_EVERY:
        db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [now, sid])
    return record, False


def end(db, sid):
    if sid:
        db.execute("DELETE FROM sessions WHERE id = ?", [sid])


def end_all(db, user_id):
    """End every session of a user (deactivation, password reset, erasure)."""
    db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def count(db, user_id):
    return db.execute("SELECT count(*) FROM sessions WHERE user_id = ?", [user_id]).fetchone()[0]
