"""The authentication log (README, "Authentication log"): who logged in, who failed, who was
held back, whose password was reset or changed, whose session ended.

Each event is a row of the audit log whose action starts with ``auth.`` (the organizer's audit
page shows them) and a WARNING line of the ``quiz_server.auth`` logger, which gunicorn's error
log prints. Never a password. An account is named by its id; the name someone typed is kept
only when no account has it, so erasing an account leaves no copy of its name here.
"""

import logging

from quiz_server.core import audit, throttle, users

LOGGER = logging.getLogger("quiz_server.auth")
# A lockout is logged once per account and address in this window: refused tries cost nothing
# and must not become a way to fill the log.
LOCKOUT_LOGGED = throttle.Limit("auth-lockout-logged", 1, 300)


def record(db, action, user_id=None, address="", **detail):
    """Write one ``auth.<action>`` event to the audit log and to the auth logger."""
    audit.record(db, user_id, f"auth.{action}", address=address, **detail)
    LOGGER.warning("auth.%s user=%s address=%s %s", action, user_id, address,
                   " ".join(f"{key}={value}" for key, value in sorted(detail.items())))


def _who(db, typed):
    """``(user_id, detail)`` for a typed username: the id when it names an account."""
    row = users.find_row(db, typed)
    if row is not None:
        return row["id"], {}
    return None, {"unknown_account": users.normalize_username(typed)[:64]}


def login_failed(db, typed, address, reason):
    user_id, detail = _who(db, typed)
    record(db, "login_failed", user_id, address, reason=reason, **detail)


def lockout(db, typed, address, wait):
    """A login refused before its password was checked; logged once per ``LOCKOUT_LOGGED``."""
    key = f"{users.normalize_username(typed).casefold()}\n{address}"
    already, _ = throttle.take(db, [(LOCKOUT_LOGGED, key)])
    if not already:
        user_id, detail = _who(db, typed)
        record(db, "lockout", user_id, address, wait_seconds=wait, **detail)
