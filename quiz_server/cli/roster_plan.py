"""``import-roster --dry-run``: the preview of the web page, printed; nothing is written."""

import click
from flask_babel import gettext as _

from quiz_server.cli.command import Refused
from quiz_server.core import roster
from quiz_server.web.roster_text import problem_message


def refused(error, filename):
    """Every problem of the file with its row, and what to do."""
    lines = [_("row %(row)s: %(problem)s", row=problem.row or "-",
               problem=problem_message(problem)) for problem in error.problems]
    return Refused(*lines, _("%(count)s problem(s) in %(file)s; correct the file and import it "
                             "again.", count=len(error.problems), file=filename))


def _matched(entry):
    """How the existing account was found, in the words of the web preview."""
    if entry.matched == "username":
        return _("the username")
    return _("the same name with the same email, phone, or unit and province")


def print_plan(db, course, data, filename):
    """One line per row: a new account or the existing one it reuses; or the problems."""
    try:
        entries = roster.plan(db, roster.parse(data, filename))
    except roster.RosterError as error:
        raise refused(error, filename) from None
    for entry in entries:
        if entry.user_id is None:
            click.echo(_("row %(row)s: new account %(username)s (%(name)s)", row=entry.row,
                         username=entry.username, name=entry.full_name))
        else:
            click.echo(_("row %(row)s: existing account %(username)s (%(name)s), found by "
                         "%(matched)s", row=entry.row, username=entry.username,
                         name=entry.full_name, matched=_matched(entry)))
    new = len(roster.new_accounts(entries))
    click.echo(_("Dry run for %(code)s: %(new)s new account(s), %(existing)s existing, nothing "
                 "was written.", code=course.code, new=new, existing=len(entries) - new))
