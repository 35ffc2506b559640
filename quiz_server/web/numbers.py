"""One convention for numbers people read: one decimal, the reader's decimal sign.

Vietnamese writes 55,4% and 0,25; English 55.4% and 0.25. Every score, average and
facility on the organizer's pages goes through these filters.
"""

from flask_babel import get_locale

from quiz_server.core.decimals import decimal_text


def percent(value, locale=None):
    """``55.4`` → ``55,4%`` (vi) or ``55.4%`` (en); None → an em dash."""
    if value is None:
        return "—"
    return decimal_text(float(value), 1, locale or str(get_locale())) + "%"


def decimal(value, places=2, locale=None):
    """A ratio such as a facility of 0.25, in the reader's decimal sign."""
    if value is None:
        return "—"
    return decimal_text(float(value), places, locale or str(get_locale()))


def init_app(app):
    app.add_template_filter(percent, "percent")
    app.add_template_filter(decimal, "decimal")
