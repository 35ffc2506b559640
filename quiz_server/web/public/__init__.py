"""Pages anyone may open: login, practice quizzes and attempts, certificate check, privacy notice.

The modules below add their routes to ``bp``.
"""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import (  # noqa: E402,F401 (they add routes to bp)
    attempts,
    auth,
    calendar,
    practice,
    privacy,
    verify,
)
