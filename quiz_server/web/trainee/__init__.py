"""A trainee's pages: their courses, self-enrolment, the final test of a course, their certificates.

The modules below add their routes to ``bp``.
"""

from flask import Blueprint

bp = Blueprint("trainee", __name__)

from . import (  # noqa: E402,F401 (they add routes to bp)
    after_course,
    exam,
    home,
)
