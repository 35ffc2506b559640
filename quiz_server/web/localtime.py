"""Times as people read and type them: in ``QUIZ_TIMEZONE`` (Vietnam by default), never UTC.

Storage stays UTC (ISO 8601 with offset). Pages show ``20/11/2026 08:00`` in Vietnamese and
``20 Nov 2026, 08:00`` in English; forms take local times and say once which zone they are in.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import get_locale

from quiz_server.web import numbers

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def zone():
    return ZoneInfo(current_app.config["TIMEZONE"])


def to_local(value):
    """A stored time (ISO text or aware datetime) in the local zone; None stays None."""
    if not value:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone())


def from_local(naive):
    """A time typed in a form (no zone) as the UTC ISO text that is stored."""
    if naive is None:
        return None
    return naive.replace(tzinfo=zone()).astimezone(UTC).isoformat(timespec="seconds")


def format_date(value, locale=None):
    if not value:
        return "—"
    day = value if isinstance(value, date) and not isinstance(value, datetime) else None
    if day is None:
        day = to_local(value).date() if not (isinstance(value, str) and len(value) == 10) \
            else date.fromisoformat(value)
    if (locale or str(get_locale())) == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_time(value, locale=None):
    """``20/11/2026 08:00`` (vi) or ``20 Nov 2026, 08:00`` (en), in the local zone."""
    if not value:
        return "—"
    local = to_local(value)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if (locale or str(get_locale())) == "en":
        return f"{format_date(local.date(), 'en')}, {clock}"
    return f"{format_date(local.date(), 'vi')} {clock}"


def zone_label():
    """The zone named once on a form: "Asia/Ho_Chi_Minh, UTC+07:00"."""
    offset = datetime.now(zone()).strftime("%z")
    return f"{current_app.config['TIMEZONE']}, UTC{offset[:3]}:{offset[3:]}"


def init_app(app):
    ZoneInfo(app.config["TIMEZONE"])  # an unknown zone stops the server at start
    app.add_template_filter(format_time, "local_time")
    app.add_template_filter(format_date, "local_date")
    numbers.init_app(app)  # the reader's number format beside the reader's time
    app.add_template_global(zone_label)
