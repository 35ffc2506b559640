"""``annual-report``: the year's report on task II.5.a as XLSX or PDF, from the command line."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask_babel import gettext as _

from quiz_server.app_db import get_db
from quiz_server.cli import actor
from quiz_server.cli.command import Usage, command
from quiz_server.cli.params import Day, Number, OneOf
from quiz_server.core import annual_pdf, annual_report
from quiz_server.db import migrate


def _range(year, first, last):
    """The days asked for, or a usage error that says how to ask."""
    if year is not None and (first or last):
        raise Usage(_("Give a YEAR or --from and --to, not both."), "annual-report")
    if year is None and not (first and last):
        raise Usage(_("Give a YEAR, or both --from and --to."), "annual-report")
    if year is not None:
        return annual_report.year_range(year)
    if last < first:
        raise Usage(_("--to (%(last)s) is before --from (%(first)s): swap them.",
                      first=first.isoformat(), last=last.isoformat()), "annual-report")
    return first, last


@command("annual-report")
@click.argument("year", type=Number(2000, 2100), required=False)
@click.option("--from", "start", type=Day(), help="First day (YYYY-MM-DD) instead of a year.")
@click.option("--to", "end", type=Day(), help="Last day (YYYY-MM-DD) instead of a year.")
@click.option("--format", "fmt", type=OneOf(["xlsx", "pdf"]), default="xlsx", show_default=True,
              help="File type.")
@click.option("--lang", type=OneOf(["vi", "en"]), default=None,
              help="Language of the report (default: Vietnamese) and of the messages "
                   "(default: from LANG).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write; bao-cao-START-END.FORMAT by default.")
def annual_report_command(year, start, end, fmt, lang, out):
    """Courses held in YEAR (or --from/--to), trainees, attendance, completion and surveys."""
    first, last = _range(year, start, end)
    db = get_db()
    migrate(db)
    today = datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
    data = annual_report.gather(db, first, last, today)
    lang = lang or "vi"  # the report's language unless asked
    body = annual_report.to_xlsx(data, lang) if fmt == "xlsx" else annual_pdf.to_pdf(data, lang)
    out = out or Path(f"bao-cao-{first.isoformat()}-{last.isoformat()}.{fmt}")
    out.write_bytes(body)
    actor.record(db, "export.annual_report", start=first.isoformat(), end=last.isoformat(),
                 format=fmt, file=str(out))
    totals = data["totals"]
    click.echo(_("Wrote %(path)s: %(courses)s course(s), %(enrolled)s trainee(s), %(completed)s "
                 "completed, %(passed)s passed.", path=out, **totals))
