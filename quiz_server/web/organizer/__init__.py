"""The organizer workspace: courses, rosters, progress, completion lists and certificates.

Every route here is behind ``organizer_required``; the modules below add their routes to ``bp``.
"""

from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from . import (  # noqa: E402,F401 (they add routes to bp)
    accounts,
    annual_report,
    attendance,
    bank,
    certificates,
    courses,
    regrade,
    reports,
    roster,
    roster_preview,
    surveys,
    trainee_attempts,
)
