"""Values typed on the command line, checked with a sentence in the user's language.

Click's own types answer in English (``'abc' is not a valid integer``); these say what is
wrong and how to write it, through the catalogue (the command's parsing speaks it).
"""

import os
from datetime import date
from pathlib import Path

import click
from flask_babel import gettext as _


class Number(click.ParamType):
    """A whole number from ``low`` to ``high`` (``high`` None: no upper bound)."""

    name = "number"

    def __init__(self, low, high=None):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            number = value
        elif str(value).strip().isdigit():
            number = int(str(value).strip())
        else:
            self.fail(_("“%(value)s” is not a whole number; write digits only, such as 30.",
                        value=value), param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            self.fail(self._range(number), param, ctx)
        return number

    def _range(self, number):
        if self.high is None:
            return _("%(value)s is too small: write %(low)s or more.", value=number, low=self.low)
        return _("%(value)s is out of range: write a number from %(low)s to %(high)s.",
                 value=number, low=self.low, high=self.high)


class Day(click.ParamType):
    """A calendar day written as 2026-11-20."""

    name = "day"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(_("“%(value)s” is not a date; write it as 2026-11-20 (year-month-day).",
                        value=value), param, ctx)


class OneOf(click.ParamType):
    """One of a few words."""

    name = "choice"

    def __init__(self, choices):
        self.choices = tuple(choices)

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(_("“%(value)s” is not one of the choices: %(choices)s.", value=value,
                    choices=", ".join(self.choices)), param, ctx)

    def get_metavar(self, param, ctx=None):
        return "[" + "|".join(self.choices) + "]"


class ExistingFile(click.ParamType):
    """A file that exists and can be read."""

    name = "file"

    def convert(self, value, param, ctx):
        path = Path(value)
        if path.is_dir():
            self.fail(_("%(path)s is a folder; give a file.", path=path), param, ctx)
        if not path.exists():
            self.fail(_("there is no file %(path)s; check the name and the folder.",
                        path=path), param, ctx)
        if not os.access(path, os.R_OK):
            self.fail(_("%(path)s cannot be read: ask for read permission, or copy it to a "
                        "folder of yours.", path=path), param, ctx)
        return path
