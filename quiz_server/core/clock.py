"""The zone in which a stored time (UTC) becomes the day a person reads: Vietnam by default.

``create_app`` sets it from ``QUIZ_TIMEZONE``; a pass at 23:30 UTC is a pass on the next day
in Hà Nội, and that is the day a completion list or a certificate must print.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

_zone = ZoneInfo("Asia/Ho_Chi_Minh")


def use_zone(name):
    global _zone  # one setting for the whole process, from its configuration
    _zone = ZoneInfo(name)


def local_day(stored):
    """The local calendar day of a stored ISO time; None stays None."""
    if not stored:
        return None
    moment = datetime.fromisoformat(stored)
    return moment.astimezone(_zone).date() if moment.tzinfo else date.fromisoformat(stored[:10])
