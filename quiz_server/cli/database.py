"""Commands for the database file itself: create or migrate it, back it up."""

import sqlite3

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz_server.app_db import get_db
from quiz_server.core import backup as backups
from quiz_server.core import frozen, housekeeping
from quiz_server.db import migrate


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the database or apply pending migrations; older attempts get their copies."""
    db = get_db()
    migrate(db)
    copied = frozen.backfill(db, current_app.extensions["question_bank"])
    if copied:
        click.echo(f"Kept a copy of {copied} question(s) with the attempts that hold them.")
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False), required=False)
def backup_command(file):
    """Write a consistent copy of the database to FILE (default: a new file named by the time
    in QUIZ_BACKUP_DIR) while the server runs."""
    file = file or backups.default_name(current_app.config["BACKUP_DIR"])
    try:
        pages = backups.backup(current_app.config["DATABASE"], file)
    except (FileExistsError, RuntimeError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {file} ({pages} pages, integrity check ok).")


@click.command("prune-backups")
@with_appcontext
@click.argument("directory", type=click.Path(file_okay=False), required=False)
@click.option("--keep-days", type=click.IntRange(min=1), default=None,
              help="Override QUIZ_BACKUP_KEEP_DAYS.")
def prune_backups_command(directory, keep_days):
    """Delete backups older than QUIZ_BACKUP_KEEP_DAYS in DIRECTORY (default QUIZ_BACKUP_DIR):
    erased people leave the backups when the last copy that held them goes."""
    directory = directory or current_app.config["BACKUP_DIR"]
    keep_days = keep_days or current_app.config["BACKUP_KEEP_DAYS"]
    deleted = backups.prune(directory, keep_days)
    for path in deleted:
        click.echo(f"Deleted {path}")
    click.echo(f"{len(deleted)} backup(s) older than {keep_days} day(s) deleted from {directory}.")


@click.command("prune-expired-data")
@with_appcontext
def prune_expired_data_command():
    """Delete what has outlived its purpose: login-slip passwords after their download window,
    ended sessions, day-old throttle rows and anonymous practice attempts; then empty the WAL.
    Run it every few minutes (README, "Personal data")."""
    config = current_app.config
    counts = housekeeping.prune(get_db(), config["IDLE_MINUTES"] * 60,
                                config["SESSION_HOURS"] * 3600)
    click.echo(", ".join(f"{name}: {n}" for name, n in counts.items()) + " deleted.")
