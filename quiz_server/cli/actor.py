"""Who acted from the command line: the operating-system user, recorded in the audit log.

A command has no logged-in organizer; the person at the server's shell is the one to ask,
so every command that changes accounts or courses records its action with that user.
"""

import getpass

from quiz_server.core import audit


def os_user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no such user in the password database (containers)
        return "unknown"


def record(db, action, **detail):
    """An audit entry for a command-line action, with ``via="cli"`` and the OS user."""
    audit.record(db, None, action, via="cli", os_user=os_user(), **detail)
