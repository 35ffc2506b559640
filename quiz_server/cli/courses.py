"""Command-line administration: the same functions the web pages use."""

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from quiz_server.app_db import get_db
from quiz_server.cli import actor, roster_plan
from quiz_server.core import courses, roster, roster_import, slips, users
from quiz_server.db import migrate, transaction
from quiz_server.web.course_text import course_error_message
from quiz_server.web.roster_text import problem_message


def read_password():
    """From standard input when it is not a terminal (scripts), otherwise prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


PASSWORD_PROBLEMS = {
    "too_short": f"the password needs at least {users.MIN_PASSWORD} characters",
    "too_long": f"the password has more than {users.MAX_PASSWORD} characters",
    "common": "the password is one of the most common ones; choose another",
    "username": "the password contains the username",
}


def check_password(password, username):
    """The same rules as the web pages (users.password_problem)."""
    problem = users.password_problem(password, username)
    if problem:
        raise click.ClickException(f"{PASSWORD_PROBLEMS[problem]}; nothing was written")


def _create(username, role, full_name):
    db = get_db()
    migrate(db)
    if users.find_row(db, username) is not None:
        raise click.ClickException(f"username {username!r} is already taken; nothing was written")
    password = read_password()
    check_password(password, username)
    try:
        users.create_user(db, username, password, role, full_name)
    except users.UserError as error:
        raise click.ClickException(f"{error}; nothing was written") from error
    actor.record(db, f"account.create_{role}", username=username)
    click.echo(f"Created {role} {username!r}.")


@click.command("create-organizer")
@with_appcontext
@click.argument("username")
@click.option("--name", "full_name", default=None, help="Full name shown on pages.")
def create_organizer_command(username, full_name):
    """Create an organizer account."""
    _create(username, "organizer", full_name)


@click.command("create-trainee")
@with_appcontext
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name, as on the certificate.")
def create_trainee_command(username, full_name):
    """Create a trainee account."""
    _create(username, "trainee", full_name)


@click.command("ensure-organizer")
@with_appcontext
@click.option("--username", default="admin", show_default=True)
def ensure_organizer_command(username):
    """Create a first organizer with a generated password, only when none exists."""
    db = get_db()
    migrate(db)
    if users.count_organizers(db):
        return
    password = users.generate_password(16)
    users.create_user(db, username, password, "organizer", "Organizer")
    actor.record(db, "account.create_organizer", username=username)
    click.echo("")
    click.echo("First organizer account created (shown once, keep it safe):")
    click.echo(f"    username: {username}")
    click.echo(f"    password: {password}")
    click.echo(f"Log in at {slips.login_address(current_app.config['PUBLIC_URL'])}")
    click.echo("")


@click.command("set-password")
@with_appcontext
@click.argument("username")
def set_password_command(username):
    """Set a new password for an existing account."""
    db = get_db()
    row = users.find_row(db, username)
    if row is None:
        raise click.ClickException(f"no user {username!r}; nothing was written")
    password = read_password()
    check_password(password, row["username"])
    users.set_password(db, row["id"], password)
    actor.record(db, "account.set_password", username=row["username"])
    click.echo(f"Password changed for {row['username']!r}.")


def local_to_utc(text, option):
    """A time typed on the command line, in QUIZ_TIMEZONE unless it names an offset."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.ClickException(
            f"{option} {text!r} is not a time; write it as 2026-11-20 08:00 (local time)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(current_app.config["TIMEZONE"]))
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@click.command("create-course")
@click.argument("code")
@click.option("--title", required=True, help="Title in Vietnamese.")
@click.option("--title-en", default="", help="Title in English.")
@click.option("--starts", required=True, help="First day, YYYY-MM-DD.")
@click.option("--ends", required=True, help="Last day, YYYY-MM-DD.")
@click.option("--place", default="")
@click.option("--mode", type=click.Choice(courses.MODES), default="in_person", show_default=True)
@click.option("--audience", default="")
@click.option("--chapters", default="", help="Chapter slugs, comma-separated (default: all).")
@click.option("--questions-per-chapter", default=2, show_default=True, type=int)
@click.option("--time-limit", "time_limit_minutes", default=30, show_default=True, type=int,
              help="Minutes.")
@click.option("--opens", "opens_at", default=None,
              help="When the final test opens: 'YYYY-MM-DD HH:MM', local time (QUIZ_TIMEZONE).")
@click.option("--closes", "closes_at", default=None, help="When it closes, the same way.")
@click.option("--attempts", "max_attempts", default=2, show_default=True, type=int)
@click.option("--pass-mark", default=70, show_default=True, type=int, help="Percent.")
@click.option("--review", "review_rule", type=click.Choice(courses.REVIEW_RULES),
              default=courses.DEFAULT_REVIEW_RULE, show_default=True)
@click.option("--key", "enrol_key", default=None, help="Enrolment key for self-enrolment.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the problems.")
@with_appcontext
def create_course_command(code, title, starts, ends, chapters, lang, **options):
    """Create a training course and its final test settings."""
    for name in ("opens_at", "closes_at"):
        options[name] = local_to_utc(options[name], f"--{name.removesuffix('_at')}")
    db = get_db()
    migrate(db)
    try:
        course = courses.create_course(
            db, current_app.extensions["question_bank"], code=code, title_vi=title,
            starts_on=starts, ends_on=ends,
            chapters=[c.strip() for c in chapters.split(",") if c.strip()], **options)
    except courses.CourseError as error:
        with force_locale(lang):  # the words of the web form, every problem at once
            message = "; ".join(f"{one.field}: {course_error_message(one)}"
                                for one in getattr(error, "errors", [error]))
        raise click.ClickException(f"{message}; nothing was written") from error
    actor.record(db, "course.create", course=course.code)
    click.echo(f"Created course {course.code} ({len(course.chapters)} chapters).")


@click.command("enrol")
@click.argument("code")
@click.argument("usernames", nargs=-1, required=True)
@with_appcontext
def enrol_command(code, usernames):
    """Enrol existing trainee accounts in a course (all or nothing)."""
    db = get_db()
    course = courses.get_course(db, code)
    if course is None:
        raise click.ClickException(f"no course {code!r}; nothing was written")
    rows = [users.find_row(db, name) for name in usernames]
    unknown = [name for name, row in zip(usernames, rows, strict=True) if row is None]
    if unknown:
        raise click.ClickException(f"unknown users {', '.join(unknown)}; nothing was written")
    with transaction(db):
        for row in rows:
            courses.enrol(db, course.id, row["id"])
        actor.record(db, "course.enrol", course=course.code,
                     usernames=[row["username"] for row in rows])
    click.echo(f"Enrolled {len(rows)} account(s) in {course.code}.")


@click.command("import-roster")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the problems and of the login slips.")
@click.option("--dry-run", is_flag=True, help="Show who is new and who is reused; write nothing.")
@with_appcontext
def import_roster_command(code, file, lang, dry_run):
    """Import a roster (CSV or XLSX) into a course; write the login slips next to the file."""
    db = get_db()
    course = courses.get_course(db, code)
    if course is None:
        raise click.ClickException(f"no course {code!r}; nothing was written")
    if dry_run:
        return roster_plan.print_plan(db, course, file.read_bytes(), file.name, lang)
    address = slips.login_address(current_app.config["PUBLIC_URL"])
    written = []

    def write_slips(rows):  # inside the import's transaction: no files, no accounts
        if rows:
            written.extend(slips.write_files(rows, f"{course.code} — {course.title(lang)}",
                                             address, file, lang))

    started = time.perf_counter()
    with force_locale(lang):
        try:
            _, counts = roster_import.import_file(db, course.id, file.read_bytes(), file.name,
                                                  via="cli", deliver=write_slips)
        except roster.RosterError as error:
            for problem in error.problems:
                click.echo(f"row {problem.row or '-'}: {problem_message(problem)}", err=True)
            raise click.ClickException(
                f"{len(error.problems)} problem(s) in {file.name}; nothing was written") from None
    click.echo(f"Imported {file.name} into {course.code} in {time.perf_counter() - started:.1f} s: "
               f"{counts['created']} new account(s), {counts['enrolled']} enrolled.")
    if written:
        click.echo("Login slips (they hold the passwords; print them, then delete the files):")
        for path in written:
            click.echo(f"    {path}")
