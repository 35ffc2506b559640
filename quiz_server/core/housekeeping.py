"""Deleting what has outlived its purpose, then emptying the WAL so no copy stays behind.

Run by ``flask prune-expired-data`` (every few minutes from cron or a systemd timer, README
"Personal data"); login slips are also pruned whenever slips are read or written.
"""

from datetime import timedelta

from quiz_server.core import sessions, slips, throttle
from quiz_server.core.attempts import iso, utcnow
from quiz_server.db import transaction, truncate_wal

PRACTICE_KEEP = timedelta(days=1)  # anonymous practice attempts: nobody can open them later


def prune_anonymous_practice(db, now=None):
    """Delete anonymous practice attempts started more than a day ago; returns how many."""
    cutoff = iso((now or utcnow()) - PRACTICE_KEEP)
    with transaction(db):
        db.execute("DELETE FROM attempt_items WHERE attempt_id IN (SELECT id FROM attempts "
                   "WHERE kind = 'practice' AND user_id IS NULL AND started_at < ?)", [cutoff])
        return db.execute("DELETE FROM attempts WHERE kind = 'practice' AND user_id IS NULL "
                          "AND started_at < ?", [cutoff]).rowcount


def prune(db, idle_seconds, lifetime_seconds):
    """Every clean-up at once; returns the count deleted per kind."""
    counts = {"login slips": slips.purge(db, checkpoint=False)}
    with transaction(db):
        counts["sessions"] = sessions.prune(db, idle_seconds, lifetime_seconds)
        counts["throttle rows"] = throttle.prune(db)
    counts["anonymous practice attempts"] = prune_anonymous_practice(db)
    truncate_wal(db)
    return counts
