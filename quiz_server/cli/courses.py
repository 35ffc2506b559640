"""Command-line course administration: create a course, enrol accounts, import a roster."""

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
from quiz_server.core import courses, roster, roster_import, slips, users
from quiz_server.db import migrate, transaction
from quiz_server.web.course_text import course_error_message

OPTIONS = {"title_vi": "--title", "starts_on": "--starts", "ends_on": "--ends",
           "opens_at": "--opens", "closes_at": "--closes", "time_limit_minutes": "--time-limit",
           "max_attempts": "--attempts", "review_rule": "--review", "enrol_key": "--key",
           "code": "CODE"}


def option_of(field):
    """The command-line spelling of a course setting, as --help shows it."""
    return OPTIONS.get(field, "--" + field.replace("_", "-"))


def local_to_utc(text, option, problems):
    """A time typed on the command line, in QUIZ_TIMEZONE unless it names an offset; a time
    that cannot be read adds its sentence to ``problems`` and counts as not given."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        problems.append(_("%(option)s: “%(value)s” is not a time; write it as 2026-11-20 08:00 "
                          "(local time).", option=option, value=text))
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(current_app.config["TIMEZONE"]))
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _problems(error):
    return [f"{option_of(one.field)}: {course_error_message(one)}"
            for one in getattr(error, "errors", [error])]


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
    times = []
    for name in ("opens_at", "closes_at"):
        options[name] = local_to_utc(options[name], option_of(name), times)
    settings = dict(code=code, title_vi=title, starts_on=starts, ends_on=ends,
                    chapters=[c.strip() for c in chapters.split(",") if c.strip()], **options)
    bank = current_app.extensions["question_bank"]
    db = get_db()
    migrate(db)
    try:
        if times:  # the other settings are checked too, so every problem shows at once
            courses.validate_settings(settings, bank)
            raise Refused(*times)
        with actor.audited(db, "course.create", course=code.strip()):
            course = courses.create_course(db, bank, **settings)
    except courses.CourseError as error:
        raise Refused(*times, *_problems(error)) from None
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
