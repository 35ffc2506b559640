"""Certificates of completion: codes, numbers and lookups (the PDF: ``certificate_pdf``).

Which enrolments hold a certificate is decided in ``core/record.py`` only, when a result is
recorded; this module never issues one. Each carries a verification code of 80 random bits
(``secrets``) and a QR code to the public page ``/quiz/verify/<code>``, which shows the name,
the course and the date only, or that the certificate was withdrawn.
"""

import base64
import re
import secrets

from quiz_server.core.clock import local_day
from quiz_server.core.roster import ascii_letters

CODE_BYTES = 10  # 80 bits, written as 16 base32 letters and digits in groups of four
CODE_PATTERN = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")


def new_code():
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def number(serial, issued_at, course_code):
    """The number printed after "Số:", e.g. ``007/2026/TTCS-2026-01``: the certificate's rank
    in its course (3 digits or more), the local year of its issue and the course code.
    ``core/record.py`` stores it when it issues the certificate, so it never changes."""
    return f"{serial:03d}/{local_day(issued_at).year}/{course_code}"


_DETAILS = """
    SELECT c.code, c.number, c.issued_at, c.course_id, c.user_id, u.full_name,
           co.code AS course_code, co.title_vi, co.title_en, co.starts_on, co.ends_on, co.place,
           e.completed_at, c.withdrawn_at, c.withdrawn_reason
    FROM certificates c JOIN users u ON u.id = c.user_id JOIN courses co ON co.id = c.course_id
    LEFT JOIN enrolments e ON e.course_id = c.course_id AND e.user_id = c.user_id
"""


def _details(rows):
    return [{**row, "completed_on": local_day(row["completed_at"]),
             "issued_on": local_day(row["issued_at"])} for row in rows]


def by_code(db, code):
    """A certificate with what it prints, live or withdrawn, or None; the code is matched
    exactly (upper case)."""
    code = (code or "").strip().upper()
    if not CODE_PATTERN.match(code):
        return None
    found = _details(db.query(_DETAILS + " WHERE c.code = ?", [code]))
    return found[0] if found else None


def of_course(db, course_id):
    """The live certificates of a course."""
    return _details(db.query(_DETAILS + " WHERE c.course_id = ? AND c.withdrawn_at IS NULL "
                             "ORDER BY u.full_name, u.id", [course_id]))


def of_user(db, user_id):
    """The live certificates of a person."""
    return _details(db.query(_DETAILS + " WHERE c.user_id = ? AND c.withdrawn_at IS NULL "
                             "ORDER BY co.starts_on DESC", [user_id]))


def public_view(cert):
    """All that the public verify page may show: the number printed on the paper, name, course
    and date, nothing else; for a withdrawn certificate only its number, the course and the
    day it was withdrawn."""
    if cert["withdrawn_at"]:
        return {"withdrawn_at": cert["withdrawn_at"], "number": cert["number"],
                "title_vi": cert["title_vi"], "title_en": cert["title_en"]}
    return {"number": cert["number"], "full_name": cert["full_name"],
            "title_vi": cert["title_vi"], "title_en": cert["title_en"],
            "completed_on": cert["completed_on"]}


def verify_url(public_url, code):
    return f"{public_url.rstrip('/')}/quiz/verify/{code}"


def filename(cert):
    """``TTCS-2026-01-Nguyen-Thi-Anh-Tuyet-12.pdf``: readable, ASCII, unique in the course."""
    name = "-".join(ascii_letters(cert["full_name"]).split()) or "hoc-vien"
    return f"{cert['course_code']}-{name[:60]}-{cert['user_id']}.pdf"
