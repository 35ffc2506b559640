"""The account or course a command names, or a refusal that says how to find the right one."""

from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli.command import Refused
from quiz_server.core import courses, users


def user_row(username):
    row = users.find_row(get_db(), username)
    if row is None:
        raise Refused(_("There is no account “%(username)s”. Check the spelling; the "
                        "organizer's Accounts page lists every account.", username=username))
    return row


def course(code):
    found = courses.get_course(get_db(), code)
    if found is None:
        raise Refused(_("There is no course “%(code)s”. Check the code as the course page "
                        "shows it (letters, digits and dashes).", code=code))
    return found


def open_course(code):
    """A course that still takes changes: archived courses are read-only."""
    found = course(code)
    if found.archived:
        raise Refused(_("The course %(code)s is archived and takes no changes. Unarchive it "
                        "on its course page first.", code=found.code))
    return found
