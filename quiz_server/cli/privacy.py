"""Command-line erasure of personal data: one archived course, or every course past its
retention period; anonymous statistics are kept."""

import click
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli import actor, lookups
from quiz_server.cli.command import Refused, command
from quiz_server.core import erasure
from quiz_server.db import migrate


def _purge(course_id, code):
    counts = erasure.purge_course(get_db(), course_id, audit_detail=actor.detail())
    click.echo(_("Purged %(code)s: %(erased)s account(s) erased, %(detached)s enrolment(s) "
                 "made anonymous; the course statistics are kept.", code=code, **counts))


def _confirm(question):
    if not click.confirm(question, default=False):
        raise Refused(_("Not confirmed."))


@command("purge-course")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def purge_course_command(code, yes):
    """Erase the personal data of an archived course, keeping anonymous statistics."""
    db = get_db()
    migrate(db)
    course = lookups.course(code)
    if not course.archived:
        raise Refused(_("%(code)s is not archived, and only an archived course can be purged. "
                        "Archive it on its course page first.", code=course.code))
    enrolled = db.execute("SELECT count(*) FROM enrolments WHERE course_id = ?",
                          [course.id]).fetchone()[0]
    if not yes:
        _confirm(_("Erase the personal data of the %(count)s trainee(s) of %(code)s? This "
                   "cannot be undone", count=enrolled, code=course.code))
    _purge(course.id, course.code)


@command("purge-expired")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def purge_expired_command(yes):
    """List the courses past their retention period and purge them after confirmation."""
    db = get_db()
    migrate(db)
    expired = erasure.expired_courses(db)
    if not expired:
        click.echo(_("No course is past its retention period."))
        return
    click.echo(_("Courses past their retention period (last day + years kept):"))
    for row in expired:
        click.echo("    " + _("%(code)s  ended %(day)s, kept %(years)s year(s)  %(title)s",
                              code=row["code"], day=row["ends_on"],
                              years=row["retention_years"], title=row["title_vi"]))
    if not yes:
        _confirm(_("Erase the personal data of these %(count)s course(s)? This cannot be "
                   "undone", count=len(expired)))
    for row in expired:
        _purge(row["id"], row["code"])
