"""Command-line account and personal-data administration: deactivation and purges."""

import click
from flask.cli import with_appcontext

from quiz_server.app_db import get_db
from quiz_server.cli import actor
from quiz_server.core import courses, erasure, users
from quiz_server.db import migrate


def _user_row(username):
    row = users.find_row(get_db(), username)
    if row is None:
        raise click.ClickException(f"no user {username!r}; nothing was written")
    return row


@click.command("deactivate-user")
@click.argument("username")
@with_appcontext
def deactivate_user_command(username):
    """Deactivate an account: it cannot log in; its results are kept."""
    row = _user_row(username)
    try:
        users.set_active(get_db(), row["id"], False)
    except users.LastOrganizer as error:
        raise click.ClickException(f"{error}; nothing was written") from error
    actor.record(get_db(), "account.deactivate", username=row["username"])
    click.echo(f"Deactivated {row['username']!r}.")


@click.command("reactivate-user")
@click.argument("username")
@with_appcontext
def reactivate_user_command(username):
    """Reactivate a deactivated account."""
    row = _user_row(username)
    users.set_active(get_db(), row["id"], True)
    actor.record(get_db(), "account.reactivate", username=row["username"])
    click.echo(f"Reactivated {row['username']!r}.")


def _purge(course_id, code):
    counts = erasure.purge_course(get_db(), course_id)
    click.echo(f"Purged {code}: {counts['erased']} account(s) erased, {counts['detached']} "
               "enrolment(s) made anonymous; the course statistics are kept.")


@click.command("purge-course")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@with_appcontext
def purge_course_command(code, yes):
    """Erase the personal data of an archived course, keeping anonymous statistics."""
    db = get_db()
    migrate(db)
    course = courses.get_course(db, code)
    if course is None:
        raise click.ClickException(f"no course {code!r}; nothing was written")
    if not course.archived:
        raise click.ClickException(f"{course.code} is not archived: archive it first; "
                                   "nothing was written")
    enrolled = db.execute("SELECT count(*) FROM enrolments WHERE course_id = ?",
                          [course.id]).fetchone()[0]
    if not yes:
        click.confirm(f"Erase the personal data of the {enrolled} trainee(s) of {course.code}? "
                      "This cannot be undone", abort=True)
    _purge(course.id, course.code)


@click.command("purge-expired")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@with_appcontext
def purge_expired_command(yes):
    """List the courses past their retention period and purge them after confirmation."""
    db = get_db()
    migrate(db)
    expired = erasure.expired_courses(db)
    if not expired:
        click.echo("No course is past its retention period.")
        return
    click.echo("Courses past their retention period (last day + years kept):")
    for row in expired:
        click.echo(f"    {row['code']}  ended {row['ends_on']}, kept {row['retention_years']} "
                   f"year(s)  {row['title_vi']}")
    if not yes:
        click.confirm(f"Erase the personal data of these {len(expired)} course(s)? This cannot "
                      "be undone", abort=True)
    for row in expired:
        _purge(row["id"], row["code"])
