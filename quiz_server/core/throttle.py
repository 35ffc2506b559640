"""Counting tries (logins, course keys, certificate look-ups) to slow down guessing.

Kept in SQLite, not in memory, so every gunicorn worker sees the same counts. A try is
counted *before* the secret is checked, in the same transaction as the look at the counts
(``take``), so parallel guesses cannot slip past a limit; a try that turns out right is taken
back (``release``), so only failures remain.
"""

import time
from dataclasses import dataclass

from quiz_server.db import transaction

KEEP_SECONDS = 86400  # older rows are of no use to any rule below


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` counted tries of ``kind`` per key within ``window`` seconds."""

    kind: str
    limit: int
    window: int


@dataclass(frozen=True)
class Ticket:
    """The rows ``take`` wrote for one try; ``release`` removes them if the try succeeds."""

    rowids: tuple


def _recent(db, kind, key, since):
    return [row[0] for row in db.execute(
        "SELECT at FROM throttle WHERE kind = ? AND key = ? AND at > ? ORDER BY at DESC",
        [kind, key, since]).fetchall()]


def wait_for(db, rule, key, now):
    """Seconds before ``key`` may try again under ``rule``; 0 when it may try now."""
    recent = _recent(db, rule.kind, key, now - rule.window)
    if len(recent) < rule.limit:
        return 0
    return max(1, int(recent[rule.limit - 1] + rule.window - now) + 1)


def growing_delay(db, kind, key, free, cap, window, now):
    """Seconds still to wait when ``key`` has failed more than ``free`` times in ``window``.

    Each failure past the free ones doubles the pause after the last one (1 s, 2 s, 4 s …,
    at most ``cap``): guessing slows down quickly, a person who mistyped twice does not notice.
    """
    recent = _recent(db, kind, key, now - window)
    if len(recent) <= free:
        return 0
    pause = min(cap, 2 ** (len(recent) - free - 1))
    return max(0, int(recent[0] + pause - now + 0.999))


def take(db, counted, extra_wait=None, now=None):
    """Count one try for each ``(Limit, key)`` of ``counted`` unless one of them must wait.

    ``extra_wait(db, now)``, when given, is a further rule (such as ``growing_delay``) looked
    at in the same transaction. Returns ``(wait, ticket)``: ``wait`` > 0 means refused and
    nothing counted; otherwise the try is counted and ``ticket`` can take it back.
    """
    now = time.time() if now is None else now
    with transaction(db):
        waits = [wait_for(db, rule, key, now) for rule, key in counted]
        if extra_wait is not None:
            waits.append(extra_wait(db, now))
        wait = max(waits, default=0)
        if wait:
            return wait, None
        rowids = []
        for rule, key in counted:
            cursor = db.execute("INSERT INTO throttle (kind, key, at) VALUES (?, ?, ?)",
                                [rule.kind, key, now])
            rowids.append(cursor.lastrowid)
            db.execute("DELETE FROM throttle WHERE kind = ? AND key = ? AND at < ?",
                       [rule.kind, key, now - KEEP_SECONDS])
    return 0, Ticket(tuple(rowids))


def release(db, ticket):
    """Take back the tries of a ticket: the secret was right, so they were not failures."""
    if ticket and ticket.rowids:
        marks = ",".join("?" * len(ticket.rowids))
        with transaction(db):
            db.execute(f"DELETE FROM throttle WHERE rowid IN ({marks})",  # noqa: S608
                       list(ticket.rowids))


def retry_after(db, kind, key, limit, window_seconds, now=None):
    """Seconds to wait before ``key`` may try ``kind`` again (``limit`` in the window)."""
    now = time.time() if now is None else now
    return wait_for(db, Limit(kind, limit, window_seconds), key, now)


def note(db, kind, key, now=None, keep_seconds=KEEP_SECONDS):
    """Record one event for ``key``; drops events older than a day so the table stays small."""
    now = time.time() if now is None else now
    with transaction(db):
        db.execute("INSERT INTO throttle (kind, key, at) VALUES (?, ?, ?)", [kind, key, now])
        db.execute("DELETE FROM throttle WHERE kind = ? AND key = ? AND at < ?",
                   [kind, key, now - keep_seconds])


def prune(db, now=None):
    """Delete every row older than a day (the privacy notice's promise); returns how many."""
    now = time.time() if now is None else now
    return db.execute("DELETE FROM throttle WHERE at < ?", [now - KEEP_SECONDS]).rowcount


def clear(db, kind, key):
    """Forget ``key``'s events, e.g. after a successful login."""
    with transaction(db):
        db.execute("DELETE FROM throttle WHERE kind = ? AND key = ?", [kind, key])
