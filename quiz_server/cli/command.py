"""The frame of every command: the app, the user's language, and errors in plain words.

Language, one rule for every command: ``--lang`` where a command has it and it is given;
otherwise the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (the POSIX order)
— a value starting with ``en`` means English, anything else (``vi_VN``, ``C``, unset) means
Vietnamese, the handbook's first language. Errors never show a traceback or a raw code: a
refused state exits with 1, a command line that cannot be understood with 2, and neither
writes anything.
"""

import errno
import functools
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

LANG_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def user_locale(environ=None):
    """``en`` or ``vi`` from the environment, by the rule above."""
    environ = os.environ if environ is None else environ
    for name in LANG_VARIABLES:
        if environ.get(name):
            return "en" if environ[name].lower().startswith("en") else "vi"
    return "vi"


class Refused(click.ClickException):
    """The action is refused as things stand (exit 1); the last line says nothing was written."""

    exit_code = 1

    def __init__(self, *lines):
        super().__init__("\n".join([*lines, _("Nothing was written.")]))

    def show(self, file=None):
        click.echo(self.message, err=True)


class Usage(click.UsageError):
    """The command line is not understood (exit 2), with where to read how to write it."""

    def __init__(self, message, command):
        super().__init__(message)
        self.hint = _("To see what it takes: flask --app quiz_server %(command)s --help",
                      command=command)

    def show(self, file=None):
        click.echo(f"{self.message}\n{self.hint}", err=True)


def _param_name(param):
    if param is None:
        return ""
    return param.opts[0] if isinstance(param, click.Option) else param.human_readable_name


def explain(error):
    """A sentence for one of Click's own usage errors, in the user's language."""
    if isinstance(error, click.MissingParameter):
        return _("%(name)s is missing.", name=_param_name(error.param))
    if isinstance(error, click.NoSuchOption):
        return _("%(name)s is not an option of this command.", name=error.option_name)
    if isinstance(error, click.BadOptionUsage):
        return _("%(name)s needs a value after it.", name=error.option_name)
    if isinstance(error, click.BadParameter):
        return _("%(name)s: %(problem)s", name=_param_name(error.param), problem=error.message)
    return _("Some words of the command line are not understood; check their spelling and "
             "order.")


def _peek_lang(args):
    if "--lang" in args[:-1]:
        value = args[args.index("--lang") + 1]
        if value in ("vi", "en"):
            return value
    return user_locale()


@contextmanager
def speaking(ctx, locale):
    """The app context and the locale, so that Click's parsing can speak the catalogue."""
    app = current_app._get_current_object() if current_app else None
    if app is None:
        app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context(), force_locale(locale):
        yield


class PlainCommand(click.Command):
    """A command whose usage errors are sentences in the user's language."""

    def parse_args(self, ctx, args):
        with speaking(ctx, _peek_lang(args)):
            try:
                return super().parse_args(ctx, args)
            except Usage:
                raise
            except click.UsageError as error:
                raise Usage(explain(error), self.name) from None


_FILE_REASONS = {
    errno.ENOENT: lambda: _("the folder does not exist"),
    errno.EACCES: lambda: _("you may not write there"),
    errno.EPERM: lambda: _("you may not write there"),
    errno.EISDIR: lambda: _("it is a folder"),
    errno.ENOSPC: lambda: _("the disk is full"),
    errno.EROFS: lambda: _("the disk is read-only"),
    errno.EEXIST: lambda: _("the file already exists"),
}


def file_refused(error):
    """A file the command could not write or read, in words."""
    reason = _FILE_REASONS.get(error.errno, lambda: _("the system refused it"))()
    return Refused(_("%(path)s cannot be used: %(reason)s. Choose another file or folder.",
                     path=error.filename or "", reason=reason))


def database_refused(error):
    if "locked" in str(error) or "busy" in str(error):
        return Refused(_("The database is busy with another program; try again in a minute."))
    return Refused(_("The database %(path)s cannot be used as it is. Run "
                     "flask --app quiz_server init-db, or restore a backup (README, Backups).",
                     path=current_app.config["DATABASE"]))


def _check_database():
    path = Path(current_app.config["DATABASE"])
    if not path.is_file():
        raise Refused(_("There is no database at %(path)s. Create it first with "
                        "flask --app quiz_server init-db, or set QUIZ_DATABASE to the right "
                        "file.", path=path))


def command(name, needs_database=True):
    """``@click.command`` for this project: the app context, the user's language (``--lang``
    or the environment) for every message, the database checked, errors in plain words."""
    def decorate(callback):
        @functools.wraps(callback)
        def run(*args, **kwargs):
            with force_locale(kwargs.get("lang") or user_locale()):
                try:
                    if needs_database:
                        _check_database()
                    return callback(*args, **kwargs)
                except sqlite3.IntegrityError:
                    raise  # a broken rule of the schema is a bug to see, not a user's error
                except sqlite3.DatabaseError as error:  # locked, not a database, no such table
                    raise database_refused(error) from None
                except OSError as error:
                    raise file_refused(error) from None
                except click.Abort:  # Ctrl-C or the end of input at a question
                    raise Refused(_("Stopped before anything was done.")) from None
        return click.command(name, cls=PlainCommand)(with_appcontext(run))
    return decorate

