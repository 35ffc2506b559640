"""Commands for the record: closing attempts whose time ran out, and the completion list."""

import click
from flask.cli import with_appcontext

from quiz_server.app_db import get_db
from quiz_server.cli import actor
from quiz_server.core import courses, export, record, reports
from quiz_server.core.attempts import utcnow
from quiz_server.db import migrate


def _close_expired(db, course_id=None):
    return record.close_expired(db, utcnow(), course_id=course_id)


@click.command("close-expired")
@with_appcontext
def close_expired_command():
    """Grade every attempt whose time ran out (run it from cron every minute)."""
    db = get_db()
    migrate(db)
    closed = _close_expired(db)
    if closed:
        click.echo(f"Closed and graded {closed} attempt(s) whose time ran out.")


@click.command("export-completions")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(sorted(export.EXPORTS)), default="xlsx",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@with_appcontext
def export_completions_command(code, fmt, output, lang):
    """Write the completion list of a course to a CSV or XLSX file."""
    db = get_db()
    course = courses.get_course(db, code)
    if course is None:
        raise click.ClickException(f"no course {code!r}")
    _close_expired(db, course.id)
    rows = export.completion_rows(reports.trainee_rows(db, course.id))
    write = export.EXPORTS[fmt][0]
    body = write(rows, lang) if fmt == "csv" else write(rows, lang, course.code)
    with open(output, "wb") as f:
        f.write(body)
    actor.record(db, "export.completions", course=course.code, format=fmt)
    click.echo(f"Wrote {len(rows)} trainees to {output}.")
