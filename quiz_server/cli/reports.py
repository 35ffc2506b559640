"""``annual-report``: the year's report on task II.5.a as XLSX or PDF, from the command line."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz_server.app_db import get_db
from quiz_server.core import annual_pdf, annual_report
from quiz_server.db import migrate


def _date(value, name):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint=name) from None


@click.command("annual-report")
@with_appcontext
@click.argument("year", type=int, required=False)
@click.option("--from", "start", help="First day (YYYY-MM-DD) instead of a year.")
@click.option("--to", "end", help="Last day (YYYY-MM-DD) instead of a year.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "pdf"]), default="xlsx")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write; bao-cao-START-END.FORMAT by default.")
def annual_report_command(year, start, end, fmt, lang, out):
    """Courses held in YEAR (or --from/--to), trainees, attendance, completion and surveys."""
    if year is not None and (start or end):
        raise click.UsageError("give a YEAR or --from/--to, not both")
    if year is None and not (start and end):
        raise click.UsageError("give a YEAR, or both --from and --to")
    first, last = ((_date(start, "--from"), _date(end, "--to")) if year is None
                   else annual_report.year_range(year))
    if last < first:
        raise click.UsageError("--to is before --from")
    db = get_db()
    migrate(db)
    today = datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
    data = annual_report.gather(db, first, last, today)
    body = annual_report.to_xlsx(data, lang) if fmt == "xlsx" else annual_pdf.to_pdf(data, lang)
    out = out or Path(f"bao-cao-{first.isoformat()}-{last.isoformat()}.{fmt}")
    out.write_bytes(body)
    totals = data["totals"]
    click.echo(f"Wrote {out}: {totals['courses']} course(s), {totals['enrolled']} trainee(s), "
               f"{totals['completed']} completed, {totals['passed']} passed.")
