"""Commands for the database file itself: create or migrate it, back it up."""

import sqlite3

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz_server.app_db import get_db
from quiz_server.core import frozen
from quiz_server.core.backup import backup
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
@click.argument("file", type=click.Path(dir_okay=False))
def backup_command(file):
    """Write a consistent copy of the database to FILE while the server runs."""
    try:
        pages = backup(current_app.config["DATABASE"], file)
    except (FileExistsError, RuntimeError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {file} ({pages} pages, integrity check ok).")
