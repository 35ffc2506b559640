"""The words for each course settings problem, in the reader's language (web form and CLI)."""

from flask_babel import lazy_gettext as _l

COURSE_ERRORS = {
    "invalid": _l("Use 1 to 40 letters without accents, digits and dashes (no spaces or other "
                  "signs): the code is part of the course's web addresses."),
    "required": _l("This field is required."),
    "date": _l("Enter a date as YYYY-MM-DD."),
    "before_start": _l("The last day cannot be before the first day."),
    "choice": _l("Choose one of the options."),
    "unknown": _l("Unknown chapters: %(chapters)s."),
    "number": _l("Enter a whole number."),
    "range": _l("Enter a number from %(low)s to %(high)s."),
    "exam_pool": _l("A chosen chapter has only %(high)s exam questions: enter at most %(high)s."),
    "datetime": _l("Enter a date and time."),
    "before_open": _l("The test must close after it opens."),
    "taken": _l("Another course already has this code."),
    "control": _l("Remove the invisible or control characters (often copied from another "
                  "program) and type this again."),
}


def course_error_message(error):
    """What is wrong with one course setting (a ``courses.CourseError``), as a sentence."""
    return str(COURSE_ERRORS[error.code] % error.params)
