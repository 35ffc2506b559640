"""The public course calendar: upcoming courses with dates, place, mode and how to enrol."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l

from quiz_server.app_db import get_db
from quiz_server.core import calendar_ics
from quiz_server.web.localtime import to_local
from quiz_server.web.public import bp

MODE_NAMES = {"in_person": _l("In person"), "online": _l("Online"), "blended": _l("Blended")}


def _upcoming():
    return calendar_ics.upcoming(get_db(), to_local(datetime.now(UTC)).date())


@bp.route("/calendar")
def calendar():
    return render_template("public/calendar.html", courses=_upcoming(), modes=MODE_NAMES)


@bp.route("/calendar.ics")
def calendar_file():
    public = current_app.config["PUBLIC_URL"]
    host = urlsplit(public).hostname or "localhost"
    url = public.rstrip("/") + url_for("public.calendar")
    body = calendar_ics.to_ics(_upcoming(), datetime.now(UTC), host, url,
                               {k: str(v) for k, v in MODE_NAMES.items()})
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8",
                       "Content-Disposition": 'attachment; filename="khoa-hoc.ics"'}
