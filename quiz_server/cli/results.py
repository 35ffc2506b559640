"""Commands for the record: closing attempts whose time ran out, and the completion list."""

import click
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli import actor, lookups
from quiz_server.cli.command import command
from quiz_server.cli.params import OneOf
from quiz_server.core import export, record, reports
from quiz_server.core.attempts import utcnow
from quiz_server.db import migrate


def _close_expired(db, course_id=None):
    with actor.audited(db, "record.close_expired"):
        return record.close_expired(db, utcnow(), course_id=course_id)


@command("close-expired")
def close_expired_command():
    """Grade every attempt whose time ran out (run it from cron every minute)."""
    db = get_db()
    migrate(db)
    closed = _close_expired(db)
    if closed:
        click.echo(_("Closed and graded %(count)s attempt(s) whose time ran out.", count=closed))


@command("export-completions")
@click.argument("code")
@click.option("--format", "fmt", type=OneOf(sorted(export.EXPORTS)), default="xlsx",
              show_default=True, help="File type.")
@click.option("--output", type=click.Path(), required=True, help="File to write.")
@click.option("--lang", type=OneOf(["vi", "en"]), default=None,
              help="Language of the file (default: Vietnamese) and of the messages "
                   "(default: from LANG).")
def export_completions_command(code, fmt, output, lang):
    """Write the completion list of a course (personal data: the export is audited)."""
    db = get_db()
    course = lookups.course(code)
    _close_expired(db, course.id)
    rows = export.completion_rows(reports.trainee_rows(db, course.id))
    write = export.EXPORTS[fmt][0]
    lang = lang or "vi"  # the record's language unless asked
    body = write(rows, lang) if fmt == "csv" else write(rows, lang, course.code)
    with open(output, "wb") as f:
        f.write(body)
    actor.record(db, "export.completions", course=course.code, format=fmt, file=str(output))
    click.echo(_("Wrote %(count)s trainees to %(path)s.", count=len(rows), path=output))
