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
    "bad_username": _l("The username “%(value)s” may only contain letters, digits, dots, "
                       "dashes, underscores and @ (no spaces, invisible characters or "
                       "letters of other alphabets)."),
    "duplicate_username": _l("The username “%(value)s” is also used in row %(other)s."),
    "username_taken": _l("The username “%(value)s” belongs to another person (%(name)s)."),
    "cell_too_big": _l("A cell is longer than %(max)s characters."),
    "too_many_columns": _l("The file has more than %(max)s columns."),
    "too_big_unpacked": _l("The XLSX file unpacks to more than 40 MB; it is not a list of "
                           "trainees."),
    "xml_entities": _l("The XLSX file contains XML entity declarations, which are refused."),
    "no_sheet": _l("The XLSX file has no worksheet with cells (only charts)."),
    "declared_too_big": _l("The sheet declares %(rows)s rows and %(columns)s columns; at most "
                           "5,001 rows and 30 columns are read. Copy the list into a new "
                           "sheet."),
    "over_max_rows": _l("The sheet has more than %(max)s rows of trainees."),
    "control_character": _l("“%(column)s” contains a control or invisible character."),
    "bad_phone": _l("“%(value)s” is not a Vietnamese phone number (such as 0912 345 678 or "
                    "+84 912 345 678)."),
    "ambiguous_person": _l("%(name)s matches several existing accounts (%(usernames)s): "
                           "give the username in the “Tên đăng nhập” column."),
    "same_person_twice": _l("This person is already in row %(other)s."),
    "username_organizer": _l("The username “%(value)s” belongs to an organizer account."),
    "write_failed": _l("The import stopped and nothing was written: no account, no enrolment, "
                       "no login slip (%(reason)s). The file can be imported again."),
}


def problem_message(problem):
    """What is wrong with one row of the file, as a sentence."""
    return MESSAGES[problem.code] % problem.params


def init_app(app):
    app.add_template_filter(problem_message)
