"""Commands for the database file itself: create or migrate it, back it up."""

import sqlite3

import click
from flask import current_app
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli import actor
from quiz_server.cli.command import Refused, command
from quiz_server.cli.params import Number
from quiz_server.core import backup as backups
from quiz_server.core import frozen, housekeeping
from quiz_server.db import migrate
from quiz_server.migrations import migrations


def _kind(name):
    """The name of one kind of row housekeeping deletes, in the user's language."""
    return {"login slips": _("login slips"), "sessions": _("sessions"),
            "throttle rows": _("throttle rows"),
            "anonymous practice attempts": _("anonymous practice attempts")}.get(name, name)


@command("init-db", needs_database=False)
def init_db_command():
    """Create the database, or update an existing one to this version (nothing is deleted)."""
    db = get_db()
    pending = [one.name for one in migrations.pending(db)]
    migrate(db)
    if pending:  # the audit log may itself be new: the entry follows the migrations
        actor.record(db, "database.migrate", migrations=pending)
    with actor.audited(db, "database.backfill"):
        copied = frozen.backfill(db, current_app.extensions["question_bank"])
    if copied:
        click.echo(_("Kept a copy of %(count)s question(s) with the attempts that hold them.",
                     count=copied))
    click.echo(_("Database ready: %(path)s", path=current_app.config["DATABASE"]))


@command("backup")
@click.argument("file", type=click.Path(dir_okay=False), required=False)
def backup_command(file):
    """Write a consistent copy of the database to FILE (default: a new file named by the time
    in QUIZ_BACKUP_DIR) while the server runs."""
    file = file or backups.default_name(current_app.config["BACKUP_DIR"])
    try:
        pages = backups.backup(current_app.config["DATABASE"], file)
    except FileExistsError:
        raise Refused(_("%(path)s already exists and a backup never overwrites one; give a "
                        "new file name.", path=file)) from None
    except (RuntimeError, sqlite3.DatabaseError):
        raise Refused(_("The copy failed its integrity check and was not kept; the database "
                        "itself may be damaged: see README, Backups.")) from None
    actor.record(get_db(), "database.backup", file=str(file))
    click.echo(_("Backup written to %(path)s (%(pages)s pages, integrity check ok).", path=file,
                 pages=pages))


@command("prune-backups")
@click.argument("directory", type=click.Path(file_okay=False), required=False)
@click.option("--keep-days", type=Number(1), default=None,
              help="Days to keep backups (default: QUIZ_BACKUP_KEEP_DAYS).")
def prune_backups_command(directory, keep_days):
    """Delete backups older than QUIZ_BACKUP_KEEP_DAYS in DIRECTORY (default QUIZ_BACKUP_DIR):
    erased people leave the backups when the last copy that held them goes."""
    directory = directory or current_app.config["BACKUP_DIR"]
    keep_days = keep_days or current_app.config["BACKUP_KEEP_DAYS"]
    deleted = backups.prune(directory, keep_days)
    for path in deleted:
        click.echo(_("Deleted %(path)s", path=path))
    if deleted:
        actor.record(get_db(), "database.prune_backups", directory=str(directory),
                     deleted=len(deleted), keep_days=keep_days)
    click.echo(_("%(count)s backup(s) older than %(days)s day(s) deleted from %(folder)s.",
                 count=len(deleted), days=keep_days, folder=directory))


@command("prune-expired-data")
def prune_expired_data_command():
    """Delete what has outlived its purpose: login-slip passwords after their download window,
    ended sessions, day-old login-limit records and anonymous practice attempts; then empty the
    database's write-ahead log. Run it every few minutes (README, "Personal data")."""
    config = current_app.config
    db = get_db()
    with actor.audited(db, "housekeeping.prune"):
        counts = housekeeping.prune(db, config["IDLE_MINUTES"] * 60,
                                    config["SESSION_HOURS"] * 3600)
    click.echo(_("Deleted: %(counts)s.", counts=", ".join(
        f"{_kind(name)}: {n}" for name, n in counts.items())))
