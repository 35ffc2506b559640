"""Command-line administration: the same functions the web pages use."""

import sys
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli import actor, lookups, roster_plan
from quiz_server.cli.command import Refused, command
from quiz_server.cli.params import ExistingFile, OneOf
from quiz_server.core import courses, roster, roster_import, slips, text_rules, users
from quiz_server.db import migrate, transaction
from quiz_server.web.account import PASSWORD_PROBLEMS
from quiz_server.web.course_text import course_error_message


def read_password():
    """From standard input when it is not a terminal (scripts), otherwise prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)


def check_password(password, username):
    """The same rules and words as the web pages (users.password_problem)."""
    problem = users.password_problem(password, username)
    if problem:
        raise Refused(_("The password is refused: %(reason)s",
                        reason=PASSWORD_PROBLEMS[problem]))


def check_new_username(db, username):
    problem = text_rules.username_problem(users.normalize_username(username))
    if problem:
        raise Refused(_("“%(username)s” cannot be a username: use 1 to 64 letters, digits or "
                        ". _ @ - (no spaces, invisible characters or letters of other "
                        "alphabets).", username=username))
    if users.find_row(db, username) is not None:
        raise Refused(_("The username “%(username)s” is already taken; choose another.",
                        username=username))


def _create(username, role, full_name):
    db = get_db()
    migrate(db)
    check_new_username(db, username)
    password = read_password()
    check_password(password, username)
    with actor.audited(db, f"account.create_{role}", username=username):
        try:
            users.create_user(db, username, password, role, full_name)
        except users.UserError:  # taken meanwhile by another session
            check_new_username(db, username)
            raise
    click.echo(_("Created the organizer account %(username)s.", username=username)
               if role == "organizer" else
               _("Created the trainee account %(username)s.", username=username))


@command("create-organizer")
@click.argument("username")
@click.option("--name", "full_name", default=None, help="Full name shown on pages.")
def create_organizer_command(username, full_name):
    """Create an organizer account; the password is asked (or read from standard input)."""
    _create(username, "organizer", full_name)


@command("create-trainee")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name, as on the certificate.")
def create_trainee_command(username, full_name):
    """Create a trainee account; the password is asked (or read from standard input)."""
    _create(username, "trainee", full_name)


@command("ensure-organizer", needs_database=False)
@click.option("--username", default="admin", show_default=True,
              help="Username of the first organizer.")
def ensure_organizer_command(username):
    """Create a first organizer with a generated password, only when none exists."""
    db = get_db()
    migrate(db)
    if users.count_organizers(db):
        return
    check_new_username(db, username)
    password = users.generate_password(16)
    with actor.audited(db, "account.create_organizer", username=username):
        users.create_user(db, username, password, "organizer", "Organizer")
    click.echo("")
    click.echo(_("First organizer account created (shown once, keep it safe):"))
    click.echo(f"    {_('username')}: {username}")
    click.echo(f"    {_('password')}: {password}")
    click.echo(_("Log in at %(address)s",
                 address=slips.login_address(current_app.config["PUBLIC_URL"])))
    click.echo("")


@command("set-password")
@click.argument("username")
def set_password_command(username):
    """Set a new password for an existing account; its open sessions end."""
    db = get_db()
    row = lookups.user_row(username)
    password = read_password()
    check_password(password, row["username"])
    with actor.audited(db, "account.set_password", username=row["username"]):
        users.set_password(db, row["id"], password)
    click.echo(_("Password changed for %(username)s; its open sessions were ended.",
                 username=row["username"]))


OPTIONS = {"title_vi": "--title", "starts_on": "--starts", "ends_on": "--ends",
           "opens_at": "--opens", "closes_at": "--closes", "time_limit_minutes": "--time-limit",
           "max_attempts": "--attempts", "review_rule": "--review", "enrol_key": "--key",
           "code": "CODE"}


def option_of(field):
    """The command-line spelling of a course setting, as --help shows it."""
    return OPTIONS.get(field, "--" + field.replace("_", "-"))


def local_to_utc(text, option):
    """A time typed on the command line, in QUIZ_TIMEZONE unless it names an offset."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Refused(_("%(option)s: “%(value)s” is not a time; write it as 2026-11-20 08:00 "
                        "(local time).", option=option, value=text)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(current_app.config["TIMEZONE"]))
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@command("create-course")
@click.argument("code")
@click.option("--title", required=True, help="Title in Vietnamese.")
@click.option("--title-en", default="", help="Title in English.")
@click.option("--starts", required=True, metavar="DATE", help="First day, YYYY-MM-DD.")
@click.option("--ends", required=True, metavar="DATE", help="Last day, YYYY-MM-DD.")
@click.option("--place", default="", help="Where it is held.")
@click.option("--mode", type=OneOf(courses.MODES), default="in_person", show_default=True)
@click.option("--audience", default="", help="Who it is for.")
@click.option("--chapters", default="", help="Chapter slugs, comma-separated (default: all).")
@click.option("--questions-per-chapter", default="2", show_default=True, metavar="NUMBER",
              help="Final test questions drawn from each chapter.")
@click.option("--time-limit", "time_limit_minutes", default="30", show_default=True,
              metavar="NUMBER",
              help="Minutes for the final test.")
@click.option("--opens", "opens_at", default=None, metavar="TIME",
              help="When the final test opens: 'YYYY-MM-DD HH:MM', local time (QUIZ_TIMEZONE).")
@click.option("--closes", "closes_at", default=None, metavar="TIME",
              help="When it closes, the same way.")
@click.option("--attempts", "max_attempts", default="2", show_default=True, metavar="NUMBER",
              help="Attempts allowed at the final test.")
@click.option("--pass-mark", default="70", show_default=True, metavar="NUMBER",
              help="Percent needed to pass.")
@click.option("--review", "review_rule", type=OneOf(courses.REVIEW_RULES),
              default=courses.DEFAULT_REVIEW_RULE, show_default=True,
              help="When trainees see the answers.")
@click.option("--key", "enrol_key", default=None, help="Enrolment key for self-enrolment.")
@click.option("--lang", type=OneOf(["vi", "en"]), default=None,
              help="Language of the messages (default: from LC_ALL, LC_MESSAGES or LANG).")
def create_course_command(code, title, starts, ends, chapters, lang, **options):
    """Create a training course and its final test settings; every problem is listed at once."""
    for name in ("opens_at", "closes_at"):
        options[name] = local_to_utc(options[name], option_of(name))
    db = get_db()
    migrate(db)
    try:
        with actor.audited(db, "course.create", course=code.strip()):
            course = courses.create_course(
                db, current_app.extensions["question_bank"], code=code, title_vi=title,
                starts_on=starts, ends_on=ends,
                chapters=[c.strip() for c in chapters.split(",") if c.strip()], **options)
    except courses.CourseError as error:
        raise Refused(*(f"{option_of(one.field)}: {course_error_message(one)}"
                        for one in getattr(error, "errors", [error]))) from None
    click.echo(_("Created course %(code)s (%(count)s chapters).", code=course.code,
                 count=len(course.chapters)))


@command("enrol")
@click.argument("code")
@click.argument("usernames", nargs=-1, required=True)
def enrol_command(code, usernames):
    """Enrol existing trainee accounts in a course (all or nothing)."""
    db = get_db()
    course = lookups.open_course(code)
    rows = [users.find_row(db, name) for name in usernames]
    unknown = [name for name, row in zip(usernames, rows, strict=True) if row is None]
    if unknown:
        raise Refused(_("There is no account %(usernames)s. Check the spelling, or create the "
                        "accounts first (create-trainee or import-roster).",
                        usernames=", ".join(f"“{name}”" for name in unknown)))
    with actor.audited(db, "course.enrol", course=course.code,
                       usernames=[row["username"] for row in rows]), transaction(db):
        for row in rows:
            courses.enrol(db, course.id, row["id"])
    click.echo(_("Enrolled %(count)s account(s) in %(code)s.", count=len(rows), code=course.code))


@command("import-roster")
@click.argument("code")
@click.argument("file", type=ExistingFile())
@click.option("--lang", type=OneOf(["vi", "en"]), default=None,
              help="Language of the messages (default: from LANG) and of the login slips "
                   "(default: Vietnamese).")
@click.option("--dry-run", is_flag=True, help="Show who is new and who is reused; write nothing.")
def import_roster_command(code, file, lang, dry_run):
    """Import a roster (CSV or XLSX) into a course; write the login slips next to the file."""
    db = get_db()
    course = lookups.open_course(code)
    lang = lang or "vi"  # the slips' language unless asked
    if dry_run:
        return roster_plan.print_plan(db, course, file.read_bytes(), file.name)
    address = slips.login_address(current_app.config["PUBLIC_URL"])
    written = []

    def write_slips(rows):  # inside the import's transaction: no files, no accounts
        if rows:
            written.extend(slips.write_files(rows, f"{course.code} — {course.title(lang)}",
                                             address, file, lang))

    started = time.perf_counter()
    try:
        counts = roster_import.import_file(db, course.id, file.read_bytes(), file.name,
                                           via="cli", deliver=write_slips,
                                           audit_detail={"os_user": actor.os_user()})[1]
    except roster.RosterError as error:
        raise roster_plan.refused(error, file.name) from None
    click.echo(_("Imported %(file)s into %(code)s in %(seconds)s s: %(created)s new account(s), "
                 "%(enrolled)s enrolled.", file=file.name, code=course.code,
                 seconds=f"{time.perf_counter() - started:.1f}", **counts))
    if written:
        click.echo(_("Login slips (they hold the passwords; print them, then delete the files):"))
        for path in written:
            click.echo(f"    {path}")
