"""The words for each roster problem code, in the reader's language (web pages and CLI)."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "too_big": _l("The file is larger than 2 MB."),
    "not_utf8": _l("The file is not in UTF-8 encoding (the first wrong byte is at position "
                   "%(position)s). In Excel choose “Save as” and the type “CSV UTF-8”, or "
                   "upload an XLSX file."),
    "bad_xlsx": _l("The file cannot be read as a CSV or XLSX spreadsheet."),
    "empty": _l("The file has no header row or no trainee."),
    "unknown_column": _l("Unknown column “%(column)s”."),
    "duplicate_column": _l("The column “%(column)s” appears twice."),
    "missing_column": _l("The column “full_name” (Họ và tên) is missing."),
    "too_many_rows": _l("The file has %(count)s trainees; at most 5,000 can be imported at once."),
    "missing_name": _l("The full name is missing."),
    "too_long": _l("“%(column)s” is longer than %(max)s characters."),
    "bad_email": _l("“%(value)s” is not a valid email address."),
    "bad_username": _l("The username “%(value)s” may only contain letters without accents, "
                       "digits, dots, dashes and underscores."),
    "duplicate_username": _l("The username “%(value)s” is also used in row %(other)s."),
    "username_taken": _l("The username “%(value)s” belongs to another person (%(name)s)."),
    "username_organizer": _l("The username “%(value)s” belongs to an organizer account."),
    "write_failed": _l("The import stopped and nothing was written: no account, no enrolment, "
                       "no login slip (%(reason)s). The file can be imported again."),
}


def problem_message(problem):
    """What is wrong with one row of the file, as a sentence."""
    return MESSAGES[problem.code] % problem.params


def init_app(app):
    app.add_template_filter(problem_message)
