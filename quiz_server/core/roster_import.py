"""One roster import, whoever runs it: the organizer's page, its background job or the CLI.

The new accounts' passwords are hashed first, on the low-priority pool of ``hashing`` and
outside any transaction: scrypt costs about 0.1 s each and would hold the write lock that
every autosave waits for. Then the accounts, enrolments, login slips, audit entry and the
import's status row are written in one transaction. A failure writes none of them and
records the import as failed, with its reason, for the slips page.
"""

import json
import logging
import time

from quiz_server.core import audit, courses, hashing, roster, slips, users
from quiz_server.core.users import now_iso
from quiz_server.db import transaction

log = logging.getLogger(__name__)


def _write_accounts(db, course_id, entries, hashes):
    """Create the new accounts and enrol everyone; the caller holds the transaction."""
    new = roster.new_accounts(entries)
    for entry, password_hash in zip(new, hashes, strict=True):
        other = users.find_row(db, entry.username)
        if other is not None:  # taken since plan() ran: write nothing
            raise roster.RosterError([roster.Problem(entry.row, "username_taken", {
                "value": entry.username, "name": other["full_name"]})])
        db["users"].insert({
            "username": entry.username, "password_hash": password_hash, "role": "trainee",
            "full_name": entry.full_name, "unit": entry.unit, "position": entry.position,
            "province": entry.province, "email": entry.email, "phone": entry.phone,
            # The slip's password has been on paper: the trainee chooses their own.
            "must_change_password": 1, "created_at": now_iso()})
        entry.user_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    for entry in entries:
        courses.enrol(db, course_id, entry.user_id)
    return {"created": len(new), "enrolled": len(entries)}


def _set_status(db, job_id, course_id, organizer_id, status, result):
    """Finish the import's status row (the background job's), or add one (page and CLI)."""
    now = time.time()
    fields = {"status": status, "updated_at": now, "result": json.dumps(result,
                                                                        ensure_ascii=False)}
    if status == "done":
        fields["hashed"] = fields["total"] = result["created"]
    if job_id is None:
        db["roster_imports"].insert({"course_id": course_id, "organizer_id": organizer_id,
                                     "started_at": now, **fields})
    else:
        db["roster_imports"].update(job_id, fields)


def _record_failure(db, job_id, course_id, organizer_id, problems):
    """The failed status with its reasons, in a transaction of its own (the import's was
    rolled back). Logged, not raised, if even that cannot be written."""
    try:
        with transaction(db):
            _set_status(db, job_id, course_id, organizer_id, "failed",
                        [[p.row, p.code, p.params] for p in problems])
    except Exception:
        log.exception("could not record the failure of a roster import")


def import_entries(db, course_id, entries, *, organizer_id=None, filename="", via="web",
                   job_id=None, progress=None, deliver=None, audit_detail=None):
    """Hash, then write everything in one transaction; returns the counts.

    ``deliver(rows)`` hands over the login slips inside the transaction (the CLI writes its
    files there, so a failure to write them writes nothing else); by default they are kept
    in ``login_slips`` for the organizer's downloads. Raises RosterError on any failure,
    with the ``write_failed`` code for one that is not a problem of the file.
    ``audit_detail`` joins the audit entry (the command line names its operating-system user).
    """
    started = time.time()
    try:
        hashes = hashing.generate_password_hashes(
            [e.password for e in roster.new_accounts(entries)], progress)
        writing = time.time()
        with transaction(db):
            counts = _write_accounts(db, course_id, entries, hashes)
            rows = slips.slip_rows(entries)
            if deliver is None:
                slips.store(db, course_id, organizer_id, rows)
            else:
                deliver(rows)
            code = db.execute("SELECT code FROM courses WHERE id = ?", [course_id]).fetchone()[0]
            audit.record(db, organizer_id, "roster.import", course=code, file=filename, via=via,
                         seconds=round(time.time() - started, 1),
                         write_seconds=round(time.time() - writing, 1), **counts,
                         **(audit_detail or {}))
            _set_status(db, job_id, course_id, organizer_id, "done", counts)
    except roster.RosterError as error:
        _record_failure(db, job_id, course_id, organizer_id, error.problems)
        raise
    except Exception as error:
        log.exception("roster import into course %s failed", course_id)
        problems = [roster.Problem(0, "write_failed",
                                   {"reason": f"{type(error).__name__}: {error}"})]
        _record_failure(db, job_id, course_id, organizer_id, problems)
        raise roster.RosterError(problems) from error
    return counts


def import_file(db, course_id, data, filename="", **options):
    """Parse, check and import a roster file; ``(entries, counts)``, the entries carrying the
    new accounts' passwords. Options as for ``import_entries``."""
    entries = roster.plan(db, roster.parse(data, filename))
    return entries, import_entries(db, course_id, entries, filename=filename, **options)
