"""Counting failures (logins, course keys, certificate look-ups) to slow down guessing.

Kept in SQLite, not in memory, so every gunicorn worker sees the same counts.
"""

import time

from quiz_server.db import transaction


def retry_after(db, kind, key, limit, window_seconds, now=None):
    """Seconds to wait before ``key`` may try ``kind`` again; 0 when it may try now.

    ``limit`` events within the last ``window_seconds`` block further tries until the
    oldest of them leaves the window.
    """
    now = time.time() if now is None else now
    rows = db.execute(
        "SELECT at FROM throttle WHERE kind = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT ?",
        [kind, key, now - window_seconds, limit]).fetchall()
    if len(rows) < limit:
        return 0
    return max(1, int(rows[-1][0] + window_seconds - now) + 1)


def note(db, kind, key, now=None, keep_seconds=86400):
    """Record one event for ``key``; drops events older than a day so the table stays small."""
    now = time.time() if now is None else now
    with transaction(db):
        db.execute("INSERT INTO throttle (kind, key, at) VALUES (?, ?, ?)", [kind, key, now])
        db.execute("DELETE FROM throttle WHERE kind = ? AND key = ? AND at < ?",
                   [kind, key, now - keep_seconds])


def clear(db, kind, key):
    """Forget ``key``'s events, e.g. after a successful login."""
    with transaction(db):
        db.execute("DELETE FROM throttle WHERE kind = ? AND key = ?", [kind, key])
