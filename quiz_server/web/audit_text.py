"""The audit log in words: each action and detail in the reader's language.

Entries are stored as codes with JSON details (stable, searchable); the page turns them
into a sentence-like line, and times into Vietnam time, so an organizer can read them.
"""

import json

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "account.create_organizer": _l("Organizer account created"),
    "account.create_trainee": _l("Trainee account created"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.reset_password": _l("Password reset"),
    "account.set_password": _l("Password set"),
    "account.login_slip": _l("Login slip printed"),
    "certificate.download": _l("Certificate downloaded"),
    "certificate.zip": _l("All certificates downloaded"),
    "course.archive": _l("Course archived"),
    "course.unarchive": _l("Course restored from the archive"),
    "course.create": _l("Course created"),
    "course.edit": _l("Course settings changed"),
    "course.enrol": _l("Accounts enrolled"),
    "course.override": _l("Extra attempts or minutes given"),
    "course.regrade": _l("Course regraded"),
    "database.backfill": _l("Questions kept with older attempts"),
    "database.backup": _l("Database backed up"),
    "database.migrate": _l("Database updated to this version"),
    "database.prune_backups": _l("Old backups deleted"),
    "export.annual_report": _l("Annual report exported"),
    "housekeeping.prune": _l("Expired data deleted"),
    "record.close_expired": _l("Attempts past their time closed and graded"),
    "export.completions": _l("Completion list exported"),
    "privacy.erase": _l("Personal data erased"),
    "privacy.purge_course": _l("Course personal data purged"),
    "roster.import": _l("Roster imported"),
    "roster.slips": _l("Login slips downloaded"),
}

DETAILS = {
    "course": _l("course"), "username": _l("account"), "usernames": _l("accounts"),
    "user_id": _l("account number"), "file": _l("file"), "format": _l("format"),
    "created": _l("new accounts"), "enrolled": _l("enrolled"), "count": _l("count"),
    "extra_attempts": _l("extra attempts"), "extra_minutes": _l("extra minutes"),
    "os_user": _l("system user"), "via": _l("from"),
    "migrations": _l("migrations"), "directory": _l("folder"), "deleted": _l("deleted"),
    "keep_days": _l("days kept"), "start": _l("from"), "end": _l("to"),
    "erased": _l("accounts erased"), "detached": _l("enrolments made anonymous"),
}
HIDDEN = {"seconds", "write_seconds"}


def action_text(code):
    return str(ACTIONS.get(code, code))


def _details(detail):
    try:
        values = json.loads(detail or "{}")
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def detail_text(detail):
    """``{"course": "C-1", "format": "xlsx"}`` → ``course: C-1 · format: xlsx``."""
    values = _details(detail)
    parts = []
    for key, value in values.items():
        if key in HIDDEN:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if key == "via":
            value = _l("command line") if value == "cli" else value
        parts.append(f"{DETAILS.get(key, key)}: {value}")
    return " · ".join(parts)


def actor_text(entry):
    """The organizer's username, or the system user of a command-line action."""
    if entry["username"]:
        return entry["username"]
    user = _details(entry["detail"]).get("os_user")
    return f"{user} ({_l('command line')})" if user else "—"


def init_app(app):
    app.add_template_filter(action_text)
    app.add_template_filter(detail_text)
    app.add_template_filter(actor_text)
