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


def print_plan(db, course, data, filename):
    """One line per row: a new account or the existing one it reuses; or the problems."""
    try:
        entries = roster.plan(db, roster.parse(data, filename))
    except roster.RosterError as error:
        raise refused(error, filename) from None
    for entry in entries:
        if entry.user_id is None:
            click.echo(f"row {entry.row}: new account {entry.username} ({entry.full_name})")
        else:
            click.echo(f"row {entry.row}: existing account {entry.username} "
                       f"({entry.full_name}), found by {entry.matched}")
    new = len(roster.new_accounts(entries))
    click.echo(f"Dry run for {course.code}: {new} new account(s), {len(entries) - new} "
               "existing, nothing was written.")
