"""Who acted from the command line: the operating-system user, recorded in the audit log.

A command has no logged-in organizer; the person at the server's shell is the one to ask,
so every command that changes accounts, courses or the record writes its entry with that
user, in the transaction of the change (``audited``).
"""

import getpass
from contextlib import contextmanager

from quiz_server.core import audit
from quiz_server.db import joined_to_next_change


def os_user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no such user in the password database (containers)
        return "unknown"


def detail():
    """What every command-line entry carries: how it came and who typed it."""
    return {"via": "cli", "os_user": os_user()}


def _write(db, action, extra):
    audit.record(db, None, action, **detail(), **extra)


@contextmanager
def audited(db, action, **extra):
    """The block's change and its audit entry commit together, or neither does.

    The entry joins the first write transaction of the block that changes a row (the core
    function's own), so a refused action leaves no entry and a block that changes nothing
    (an account already enrolled, nothing due) writes none.
    """
    with joined_to_next_change(db, lambda db: _write(db, action, extra)):
        yield


def record(db, action, **extra):
    """An entry on its own (one write at the gate), for what is not a database change: a file
    written from the record (an export, a backup) or backups deleted; written once the file
    action is done."""
    _write(db, action, extra)
