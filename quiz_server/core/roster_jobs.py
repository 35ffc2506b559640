"""Large roster imports in the background, so the page answers at once and shows progress.

Hashing a password takes about 0.1 s of CPU on purpose (scrypt), so 5,000 new accounts take
minutes even on every core: longer than a reverse proxy waits for an answer. The checks run
in the request (all or nothing, problems listed at once); the import itself
(``roster_import``: hashing, then one write transaction) runs in a thread of the same
worker, which records its progress and its outcome in ``roster_imports``, where every
worker can read it.
"""

import json
import threading
import time

from quiz_server.core import roster, roster_import, slips
from quiz_server.db import close_thread_connections, thread_connection, transaction

INLINE_ACCOUNTS = 20  # up to about 2 s of hashing: done in the request itself
STALE_SECONDS = 10 * 60  # a running import without progress for this long was interrupted


def start(db, database_path, course_id, organizer_id, entries, filename):
    """Record the import and start its thread, which is returned (tests wait for it)."""
    now = time.time()
    with transaction(db):
        db["roster_imports"].insert({
            "course_id": course_id, "organizer_id": organizer_id, "started_at": now,
            "updated_at": now, "status": "running", "total": len(roster.new_accounts(entries))})
        job_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    worker = threading.Thread(target=run, args=(database_path, job_id, entries, filename),
                              name=f"roster-import-{job_id}", daemon=True)
    worker.start()
    return worker


def _progress(db, job_id, hashed):
    with transaction(db):
        db["roster_imports"].update(job_id, {"hashed": hashed, "updated_at": time.time()})


def run(database_path, job_id, entries, filename):
    """The thread: the one import (``roster_import``), which records how it ended."""
    db = thread_connection(database_path)
    try:
        row = db["roster_imports"].get(job_id)
        roster_import.import_entries(
            db, row["course_id"], entries, organizer_id=row["organizer_id"], filename=filename,
            job_id=job_id, progress=lambda count: _progress(db, job_id, count))
    except roster.RosterError:
        pass  # recorded in the job's row, where the slips page reads it
    finally:
        close_thread_connections()


def latest(db, course_id, organizer_id, now=None):
    """The organizer's last import for the course within the slips' lifetime, or None.

    ``status`` is running, done, failed, or interrupted (no progress for STALE_SECONDS: the
    worker stopped; nothing was written, since the write is one transaction at the end).
    """
    now = time.time() if now is None else now
    rows = list(db.query(
        "SELECT * FROM roster_imports WHERE course_id = ? AND organizer_id = ? "
        "AND started_at >= ? ORDER BY id DESC LIMIT 1",
        [course_id, organizer_id, now - slips.KEEP_SECONDS]))
    if not rows:
        return None
    job = dict(rows[0])
    if job["status"] == "running" and job["updated_at"] < now - STALE_SECONDS:
        job["status"] = "interrupted"
    result = json.loads(job["result"]) if job["result"] else None
    job["counts"] = result if job["status"] == "done" else None
    job["problems"] = ([roster.Problem(row, code, params) for row, code, params in result]
                       if job["status"] == "failed" and result else [])
    return job
