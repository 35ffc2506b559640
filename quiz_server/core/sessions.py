"""Server-side sessions: the signed cookie carries only a random id that must exist here.

A new id is made at every login (so a cookie planted before login is worth nothing), and
deleting the row ends the session for every copy of the cookie: at logout, when an account is
deactivated or its password is reset, after ``IDLE_MINUTES`` without a request, and
``SESSION_HOURS`` after the login however busy it is (so a stolen cookie has a shelf life).
"""

import secrets
import time

from quiz_server.db import transaction, write

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


def lookup(db, sid, idle_seconds, now=None, lifetime_seconds=None):
    """``(user row, ended)``: the row of the session's user, or None; ``ended`` is "idle" when
    the session existed but was idle too long, "lifetime" when it outlived
    ``lifetime_seconds`` since its login (it is then ended), else None."""
    if not sid:
        return None, None
    now = time.time() if now is None else now
    # One plain statement: this runs on every request, and ``db.query`` wraps each query in
    # a savepoint of its own (three statements instead of one).
    cursor = db.execute(
        "SELECT s.last_seen AS session_last_seen, s.created_at AS session_created_at, u.* "
        "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?", [sid])
    row = cursor.fetchone()
    if row is None:
        return None, None
    record = dict(zip([c[0] for c in cursor.description], row, strict=True))
    idle = now - record.pop("session_last_seen")
    age = now - record.pop("session_created_at")
    ended = ("lifetime" if lifetime_seconds is not None and age > lifetime_seconds
             else "idle" if idle > idle_seconds else None)
    if ended:
        end(db, sid)
        return None, ended
    if idle > TOUCH_EVERY:
        write(db, "UPDATE sessions SET last_seen = ? WHERE id = ?", [now, sid])
    return record, None


def prune(db, idle_seconds, lifetime_seconds, now=None):
    """Delete the sessions already over either limit (the periodic clean-up)."""
    now = time.time() if now is None else now
    return db.execute("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
                      [now - idle_seconds, now - lifetime_seconds]).rowcount


def end(db, sid):
    if sid:
        write(db, "DELETE FROM sessions WHERE id = ?", [sid])


def end_all(db, user_id):
    """End every session of a user (deactivation, password reset, erasure)."""
    write(db, "DELETE FROM sessions WHERE user_id = ?", [user_id])


def count(db, user_id):
    return db.execute("SELECT count(*) FROM sessions WHERE user_id = ?", [user_id]).fetchone()[0]
