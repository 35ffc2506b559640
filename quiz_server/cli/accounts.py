"""Command-line accounts: create them, set a password, deactivate and reactivate."""

import sys

import click
from flask import current_app
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli import actor, lookups
from quiz_server.cli.command import Refused, command
from quiz_server.core import slips, text_rules, users
from quiz_server.db import migrate
from quiz_server.web.account import PASSWORD_PROBLEMS


def read_password():
    """From standard input when it is not a terminal (scripts), otherwise prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(_("Password"), hide_input=True,
                        confirmation_prompt=_("The same password again"))


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
        raise Refused(_taken(username))


def _taken(username):
    return _("The username “%(username)s” is already taken; choose another.", username=username)


def _create(username, role, full_name):
    db = get_db()
    migrate(db)
    check_new_username(db, username)
    if text_rules.has_control(full_name):
        raise Refused(_("--name: Remove the invisible or control characters (often copied from "
                        "another program) and type this again."))
    password = read_password()
    check_password(password, username)
    with actor.audited(db, f"account.create_{role}", username=username):
        try:
            users.create_user(db, username, password, role, full_name)
        except users.UserError:  # taken meanwhile by another session
            raise Refused(_taken(username)) from None
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


def _set_active(username, active):
    db = get_db()
    row = lookups.user_row(username)
    action = "account.reactivate" if active else "account.deactivate"
    try:
        with actor.audited(db, action, username=row["username"]):
            users.set_active(db, row["id"], active)
    except users.LastOrganizer:
        raise Refused(_("%(username)s is the last active organizer: nobody could run the "
                        "courses. Create or reactivate another organizer first.",
                        username=row["username"])) from None
    return row["username"]


@command("deactivate-user")
@click.argument("username")
def deactivate_user_command(username):
    """Stop an account from logging in; its results are kept."""
    click.echo(_("Deactivated %(username)s: it cannot log in; its results are kept.",
                 username=_set_active(username, False)))


@command("reactivate-user")
@click.argument("username")
def reactivate_user_command(username):
    """Let a deactivated account log in again."""
    click.echo(_("Reactivated %(username)s: it can log in again.",
                 username=_set_active(username, True)))


