"""Large roster imports in the background, so the page answers at once and shows progress.

Hashing a password takes about 0.1 s of CPU on purpose (scrypt), so 5,000 new accounts take
minutes even on every core: longer than a reverse proxy waits for an answer. The checks run
in the request (all or nothing, problems listed at once); the hashing and the single write
transaction run in a thread of the same worker, which records its progress and its outcome
in ``roster_imports``, where every worker can read it.
"""

import json
import logging
import threading
import time

from quiz_server.core import audit, roster, slips
from quiz_server.db import close_thread_connections, thread_connection, transaction

INLINE_ACCOUNTS = 20  # up to about 2 s of hashing: done in the request itself
STALE_SECONDS = 10 * 60  # a running import without progress for this long was interrupted


log = logging.getLogger(__name__)


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


def record_done(db, course_id, organizer_id, counts):
    """An import done in the request, recorded like the others for the slips page."""
    now = time.time()
    db["roster_imports"].insert({
        "course_id": course_id, "organizer_id": organizer_id, "started_at": now,
        "updated_at": now, "status": "done", "total": counts["created"],
        "hashed": counts["created"], "result": json.dumps(counts)})


def _update(db, job_id, **fields):
    fields["updated_at"] = time.time()
    with transaction(db):
        db["roster_imports"].update(job_id, fields)


def run(database_path, job_id, entries, filename):
    """Hash, write everything in one transaction, keep the login slips; record the outcome."""
    db = thread_connection(database_path)
    try:
        row = db["roster_imports"].get(job_id)
        new = roster.new_accounts(entries)
        hashes = roster.hash_passwords([e.password for e in new], progress=lambda count:
                                       _update(db, job_id, hashed=count))
        began = time.time()
        counts = roster.apply(db, row["course_id"], entries, hashes)
        slips.store(db, row["course_id"], row["organizer_id"], slips.slip_rows(entries))
        course = db.execute("SELECT code FROM courses WHERE id = ?",
                            [row["course_id"]]).fetchone()[0]
        audit.record(db, row["organizer_id"], "roster.import", course=course, file=filename,
                     seconds=round(time.time() - row["started_at"], 1),
                     write_seconds=round(time.time() - began, 1), **counts)
        _update(db, job_id, status="done", result=json.dumps(counts))
    except roster.RosterError as error:
        _update(db, job_id, status="failed", result=json.dumps(
            [[p.row, p.code, p.params] for p in error.problems], ensure_ascii=False))
    except Exception:
        log.exception("roster import %s failed", job_id)
        _update(db, job_id, status="failed", result=json.dumps([]))
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
