"""The year's report on task II.5.a: pick a year or a date range, download XLSX or PDF."""

from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from quiz_server.app_db import get_db
from quiz_server.core import annual_pdf, annual_report, audit, xlsx_tables
from quiz_server.core.attempts import utcnow
from quiz_server.core.decimals import decimal_text
from quiz_server.web import localtime
from quiz_server.web.localtime import to_local
from quiz_server.web.organizer import bp
from quiz_server.web.security import organizer_required

FORMATS = {"xlsx": (annual_report.to_xlsx, xlsx_tables.MIMETYPE),
           "pdf": (annual_pdf.to_pdf, "application/pdf")}


def period():
    """(start, end) from ``?year=`` or ``?from=&to=``; this year by default; None if wrong."""
    args = request.args
    try:
        if args.get("from") or args.get("to"):
            start, end = date.fromisoformat(args["from"]), date.fromisoformat(args["to"])
        else:
            year = int(args.get("year") or to_local(utcnow()).year)
            start, end = annual_report.year_range(year)
    except (KeyError, ValueError):
        return None
    return (start, end) if start <= end else None


@bp.route("/reports/annual")
@organizer_required
def annual():
    found = period()
    if found is None:
        return render_template("organizer/after/annual.html", data=None, bad=True,
                               year=to_local(utcnow()).year), 400
    data = annual_report.gather(get_db(), *found, to_local(utcnow()).date())
    locale = str(get_locale())
    return render_template("organizer/after/annual.html", data=data, bad=False,
                           tables=readable(annual_report.tables(data, locale), locale),
                           year=found[0].year, query=request.query_string.decode())


def readable(tables, locale):
    """The report's tables with dates and figures as people read them (20/11/2026, 33,3)."""
    return [(name, headers, [[_readable(v, locale) for v in row] for row in rows])
            for name, headers, rows in tables]


def _readable(value, locale):
    if isinstance(value, date):
        return localtime.format_date(value, locale)
    return decimal_text(value, 1, locale) if isinstance(value, float) else value


@bp.route("/reports/annual.<fmt>")
@organizer_required
def annual_file(fmt):
    if fmt not in FORMATS:
        abort(404)
    found = period()
    if found is None:
        abort(400)
    write, mimetype = FORMATS[fmt]
    locale = str(get_locale())
    body = write(annual_report.gather(get_db(), *found, to_local(utcnow()).date()), locale)
    audit.record(get_db(), current_user.id, "export.annual_report", start=found[0].isoformat(),
                 end=found[1].isoformat(), format=fmt)
    name = f"bao-cao-{found[0].isoformat()}-{found[1].isoformat()}.{fmt}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
