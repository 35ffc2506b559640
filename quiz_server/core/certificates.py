"""Certificates of completion: codes, lookups, the PDF and the ZIP of a course.

Which enrolments hold a certificate is decided in ``core/record.py`` only, when a result is
recorded; this module never issues one. Each carries a verification code of 80 random bits
(``secrets``) and a QR code to the public page ``/quiz/verify/<code>``, which shows the name,
the course and the date only, or that the certificate was withdrawn.
"""

import base64
import io
import re
import secrets
import zipfile
from datetime import date

import qrcode
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from quiz_server.core import pdf_fonts
from quiz_server.core.clock import local_day
from quiz_server.core.roster import ascii_letters

CODE_BYTES = 10  # 80 bits, written as 16 base32 letters and digits in groups of four
CODE_PATTERN = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")


def new_code():
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


_DETAILS = """
    SELECT c.code, c.course_id, c.user_id, u.full_name, co.code AS course_code, co.title_vi,
           co.title_en, co.starts_on, co.ends_on, co.place, e.completed_at, c.withdrawn_at,
           c.withdrawn_reason
    FROM certificates c JOIN users u ON u.id = c.user_id JOIN courses co ON co.id = c.course_id
    LEFT JOIN enrolments e ON e.course_id = c.course_id AND e.user_id = c.user_id
"""


def _details(rows):
    return [{**row, "completed_on": local_day(row["completed_at"])} for row in rows]


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
    """All that the public verify page may show: name, course and date, nothing else; for a
    withdrawn certificate only the course and the day it was withdrawn."""
    if cert["withdrawn_at"]:
        return {"withdrawn_at": cert["withdrawn_at"], "title_vi": cert["title_vi"],
                "title_en": cert["title_en"]}
    return {"full_name": cert["full_name"], "title_vi": cert["title_vi"],
            "title_en": cert["title_en"], "completed_on": cert["completed_on"]}


def verify_url(public_url, code):
    return f"{public_url.rstrip('/')}/quiz/verify/{code}"


def _qr_image(url):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    out.seek(0)
    return ImageReader(out)


def vn_date(day):
    return day.strftime("%d/%m/%Y") if day else ""


def to_pdf(cert, public_url, site_name):
    """One A4 landscape page in DejaVu Sans; the name is drawn as given, never interpreted."""
    regular, bold = pdf_fonts.register()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4), pageCompression=1)
    width, height = landscape(A4)
    pdf.setTitle(f"Giấy chứng nhận — {cert['full_name']}")
    pdf.setLineWidth(3)
    pdf.setStrokeColorRGB(0.25, 0.32, 0.71)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(0.8)
    pdf.rect(32, 32, width - 64, height - 64)
    middle, usable = width / 2, width - 140

    def centred(y, text, font, size, smallest=9):
        pdf.setFont(font, pdf_fonts.fit_size(text, font, size, usable, smallest))
        pdf.drawCentredString(middle, y, text)

    centred(height - 80, site_name, regular, 12)
    centred(height - 130, "GIẤY CHỨNG NHẬN", bold, 32)
    centred(height - 156, "Certificate of completion", regular, 14)
    centred(height - 200, "Chứng nhận ông/bà · This certifies that", regular, 13)
    centred(height - 245, cert["full_name"], bold, 30, 12)
    centred(height - 285, "đã hoàn thành khóa bồi dưỡng · has completed the course", regular, 13)
    centred(height - 318, cert["title_vi"], bold, 18)
    if cert["title_en"]:
        centred(height - 342, cert["title_en"], regular, 13)
    dates = (f"Mã khóa học / Course {cert['course_code']} · "
             f"{vn_date(date.fromisoformat(cert['starts_on']))} – "
             f"{vn_date(date.fromisoformat(cert['ends_on']))}")
    if cert["place"]:
        dates += f" · {cert['place']}"
    centred(height - 374, dates, regular, 12)
    centred(height - 398, f"Ngày hoàn thành / Completed on: {vn_date(cert['completed_on'])}",
            regular, 12)
    url = verify_url(public_url, cert["code"])
    size = 110
    pdf.drawImage(_qr_image(url), 60, 52, size, size)
    pdf.setFont(regular, 10)
    pdf.drawString(60 + size + 14, 52 + 70, "Mã xác minh / Verification code:")
    pdf.setFont(bold, 13)
    pdf.drawString(60 + size + 14, 52 + 52, cert["code"])
    pdf.setFont(regular, 9)
    pdf.drawString(60 + size + 14, 52 + 34, f"Kiểm tra tại / Verify at: {url}")
    pdf.save()
    return out.getvalue()


def filename(cert):
    """``TTCS-2026-01-Nguyen-Thi-Anh-Tuyet-12.pdf``: readable, ASCII, unique in the course."""
    name = "-".join(ascii_letters(cert["full_name"]).split()) or "hoc-vien"
    return f"{cert['course_code']}-{name[:60]}-{cert['user_id']}.pdf"


def course_zip(certs, public_url, site_name):
    """Every certificate of a course in one ZIP (PDFs are compressed already: stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for cert in certs:
            archive.writestr(filename(cert), to_pdf(cert, public_url, site_name))
    return out.getvalue()
