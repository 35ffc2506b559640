"""``import-roster --dry-run``: the preview of the web page, printed; nothing is written."""

import click
from flask_babel import force_locale

from quiz_server.core import roster
from quiz_server.web.roster_text import problem_message


def print_plan(db, course, data, filename, lang):
    """One line per row: a new account or the existing one it reuses; or the problems."""
    with force_locale(lang):
        try:
            entries = roster.plan(db, roster.parse(data, filename))
        except roster.RosterError as error:
            for problem in error.problems:
                click.echo(f"row {problem.row or '-'}: {problem_message(problem)}", err=True)
            raise click.ClickException(
                f"{len(error.problems)} problem(s) in {filename}; nothing was written") from None
    for entry in entries:
        if entry.user_id is None:
            click.echo(f"row {entry.row}: new account {entry.username} ({entry.full_name})")
        else:
            click.echo(f"row {entry.row}: existing account {entry.username} "
                       f"({entry.full_name}), found by {entry.matched}")
    new = len(roster.new_accounts(entries))
    click.echo(f"Dry run for {course.code}: {new} new account(s), {len(entries) - new} "
               "existing, nothing was written.")
