"""The certificate as a Vietnamese training certificate (giấy chứng nhận) on A4 landscape.

Laid out as such papers are: the issuing agency and the number "Số: …" top left, the national
motto top right, each with its short rule; the title, the person and the course; the place and
date, the signer's title, about 4 cm for the signature and the seal, and the signer's name
bottom right; the QR code and verification code bottom left. Vietnamese comes first, English
as a smaller second line where a reader of the English interface needs it. Every text is
drawn NFC, as given, never interpreted; long ones shrink or break onto a second line.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date

import qrcode
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from quiz_server.core import pdf_fonts
from quiz_server.core.certificates import filename, verify_url

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
WIDTH, HEIGHT = landscape(A4)
LEFT_CENTRE, ISSUER_WIDTH = 222, 360  # the agency's column: the left half of the page
RIGHT_CENTRE, COLUMN = 612, 330  # the motto's and the signature's column
SEAL_SPACE = 121  # points (about 4 cm) between the signer's title and name
QR_SIZE = 110


@dataclass(frozen=True)
class Letterhead:
    """Who issues and signs (``QUIZ_CERT_ISSUER`` and the other certificate settings), and
    where to verify."""

    public_url: str
    issuer: str
    signer_title: str
    signer_name: str = ""
    place: str = ""


def letterhead(config):
    """The letterhead of a configuration mapping (``config.py`` has checked its values)."""
    return Letterhead(config["PUBLIC_URL"], config["CERT_ISSUER"], config["CERT_SIGNER_TITLE"],
                      config["CERT_SIGNER_NAME"], config["CERT_PLACE"])


def vn_date(day):
    return day.strftime("%d/%m/%Y") if day else ""


def place_and_date(place, day):
    """``Hà Nội, ngày 05 tháng 12 năm 2026``, or only the date when no place is known."""
    words = f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"
    return f"{place}, {words}" if place else words


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


class _Page:
    """A canvas with the few ways this certificate draws text."""

    def __init__(self, pdf, regular, bold):
        self.pdf, self.regular, self.bold = pdf, regular, bold

    def block(self, x, y, text, bold=False, size=12, width=COLUMN, smallest=9, wrap=True,
              leading=1.2):
        """Centred text from baseline ``y`` down, on one or (``wrap``) two lines; returns the
        baseline of its last line."""
        font, text = (self.bold if bold else self.regular), nfc(text)
        if wrap:
            size, lines = pdf_fonts.fit_lines(text, font, size, width, smallest)
        else:
            size, lines = pdf_fonts.fit_size(text, font, size, width, 5), [text]
        self.pdf.setFont(font, size)
        for line in lines:
            self.pdf.drawCentredString(x, y, line)
            y -= size * leading
        return y + size * leading

    def rule(self, x, y, length):
        self.pdf.setLineWidth(0.7)
        self.pdf.line(x - length / 2, y, x + length / 2, y)


def _frame(pdf):
    pdf.setLineWidth(3)
    pdf.setStrokeColorRGB(0.25, 0.32, 0.71)
    pdf.rect(24, 24, WIDTH - 48, HEIGHT - 48)
    pdf.setLineWidth(0.8)
    pdf.rect(32, 32, WIDTH - 64, HEIGHT - 64)
    pdf.setStrokeColorRGB(0, 0, 0)


def _heading(page, cert, head):
    """Agency, rule and number on the left; the motto and its rule on the right."""
    last = page.block(LEFT_CENTRE, HEIGHT - 70, head.issuer.upper(), bold=True, size=12,
                      width=ISSUER_WIDTH)
    page.rule(LEFT_CENTRE, last - 9, 70)
    page.block(LEFT_CENTRE, last - 30, f"Số: {cert['number']}", size=12, wrap=False)
    page.block(RIGHT_CENTRE, HEIGHT - 70, MOTTO[0], bold=True, size=12)
    page.block(RIGHT_CENTRE, HEIGHT - 88, MOTTO[1], bold=True, size=13)
    page.rule(RIGHT_CENTRE, HEIGHT - 95, stringWidth(MOTTO[1], page.bold, 13))


def _body(page, cert):
    """Title, person and course, centred across the page."""
    middle, usable = WIDTH / 2, WIDTH - 140
    page.block(middle, HEIGHT - 152, "GIẤY CHỨNG NHẬN", bold=True, size=30, width=usable)
    page.block(middle, HEIGHT - 172, "Certificate of completion", size=12, width=usable)
    page.block(middle, HEIGHT - 200, "Chứng nhận ông/bà · This certifies that", size=12,
               width=usable)
    y = page.block(middle, HEIGHT - 232, cert["full_name"], bold=True, size=26, width=usable,
                   smallest=16)
    page.block(middle, y - 26, "đã hoàn thành khóa bồi dưỡng · has completed the course",
               size=12, width=usable)
    y = page.block(middle, y - 50, cert["title_vi"], bold=True, size=16, width=usable,
                   smallest=11)
    if cert["title_en"]:
        y = page.block(middle, y - 17, cert["title_en"], size=11, width=usable, wrap=False)
    details = (f"Mã khóa học / Course: {cert['course_code']} · "
               f"{vn_date(date.fromisoformat(cert['starts_on']))} – "
               f"{vn_date(date.fromisoformat(cert['ends_on']))}")
    if cert["place"]:
        details += f" · {cert['place']}"
    y = page.block(middle, y - 18, details, size=11, width=usable, wrap=False)
    page.block(middle, y - 16, f"Ngày hoàn thành / Completed on: "
               f"{vn_date(cert['completed_on'])}", size=11, width=usable, wrap=False)


def _signature(page, cert, head):
    """Place and date of issue, the signer's title, room for signature and seal, the name."""
    x, name_y = RIGHT_CENTRE, 52
    title_y = name_y + SEAL_SPACE  # a title on two lines takes 14 pt of that room, not more
    page.block(x, title_y + 22, place_and_date(head.place or cert["place"], cert["issued_on"]),
               size=12, wrap=False)
    page.block(x, title_y, head.signer_title.upper(), bold=True, size=12)
    if head.signer_name:
        page.block(x, name_y, head.signer_name, bold=True, size=12)


def _verification(page, cert, head):
    """The QR code to the verify page, with the code and the address written beside it."""
    url = verify_url(head.public_url, cert["code"])
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    out.seek(0)
    pdf, left = page.pdf, 60 + QR_SIZE + 12
    pdf.drawImage(ImageReader(out), 60, 52, QR_SIZE, QR_SIZE)
    lines = ((page.regular, 9, "Mã xác minh / Verification code:"),
             (page.bold, 12, cert["code"]), (page.regular, 9, "Kiểm tra tại / Verify at:"),
             (page.regular, 9, url))
    for (font, size, text), y in zip(lines, (128, 112, 92, 80), strict=True):
        pdf.setFont(font, pdf_fonts.fit_size(text, font, size, RIGHT_CENTRE - COLUMN / 2
                                             - left - 10, 5))
        pdf.drawString(left, y, text)


def to_pdf(cert, head):
    """One A4 landscape page in DejaVu Sans (the core PDF fonts have no Vietnamese letters)."""
    regular, bold = pdf_fonts.register()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(WIDTH, HEIGHT), pageCompression=1)
    pdf.setTitle(nfc(f"Giấy chứng nhận {cert['number']} — {cert['full_name']}"))
    _frame(pdf)
    page = _Page(pdf, regular, bold)
    _heading(page, cert, head)
    _body(page, cert)
    _signature(page, cert, head)
    _verification(page, cert, head)
    pdf.save()
    return out.getvalue()


def course_zip(certs, head):
    """Every certificate of a course in one ZIP (PDFs are compressed already: stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for cert in certs:
            archive.writestr(filename(cert), to_pdf(cert, head))
    return out.getvalue()
