"""Login slips for the accounts a roster import created: printable PDF and XLSX.

The generated passwords exist in plain text only here: in a ``login_slips`` row that the
organizer downloads once per format, and that is deleted after both downloads, when the
organizer opens the course page again, or after ``KEEP_SECONDS``: expired rows are deleted
whenever slips are read or written and by ``flask prune-expired-data``, and the WAL is then
emptied so no copy of a password stays in it. Never in the session cookie.
"""

import io
import json
import time

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from quiz_server.core import pdf_fonts
from quiz_server.core.export import text_cells
from quiz_server.db import transaction, truncate_wal

FORMATS = ("pdf", "xlsx")
KEEP_SECONDS = 30 * 60
SLIPS_PER_PAGE = 5
LABELS = {
    "vi": {"title": "Phiếu đăng nhập", "name": "Họ và tên", "username": "Tên đăng nhập",
           "password": "Mật khẩu", "course": "Khóa học", "address": "Địa chỉ đăng nhập",
           "keep": "Giữ kín phiếu này; không đưa mật khẩu cho người khác."},
    "en": {"title": "Login slip", "name": "Full name", "username": "Username",
           "password": "Password", "course": "Course", "address": "Log in at",
           "keep": "Keep this slip private; do not share the password."},
}


def slip_rows(entries):
    """The slips' content from a roster import: only the accounts created, with passwords."""
    return [{"full_name": e.full_name, "username": e.username, "password": e.password}
            for e in entries if e.password]


def login_address(public_url):
    return public_url.rstrip("/") + "/quiz/login"


def to_pdf(rows, course_line, address, locale="vi"):
    """A4 pages of five slips each, separated by cut lines, in DejaVu Sans."""
    regular, bold = pdf_fonts.register()
    labels = LABELS[locale]
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{labels['title']} — {course_line}")
    width, height = A4
    slip_height = height / SLIPS_PER_PAGE
    for index, row in enumerate(rows):
        slot = index % SLIPS_PER_PAGE
        if index and slot == 0:
            pdf.showPage()
        top = height - slot * slip_height
        x, value_x = 40, 170
        pdf.setFont(bold, 13)
        pdf.drawString(x, top - 32, labels["title"])
        lines = [(labels["name"], row["full_name"], bold),
                 (labels["username"], row["username"], bold),
                 (labels["password"], row["password"], bold),
                 (labels["course"], course_line, regular),
                 (labels["address"], address, regular)]
        for number, (label, value, font) in enumerate(lines):
            y = top - 54 - number * 17
            pdf.setFont(regular, 10)
            pdf.drawString(x, y, label)
            pdf.setFont(font, pdf_fonts.fit_size(value, font, 11, width - value_x - 40, 7))
            pdf.drawString(value_x, y, value)
        pdf.setFont(regular, 8)
        pdf.drawString(x, top - slip_height + 14, labels["keep"])
        if slot < SLIPS_PER_PAGE - 1:
            pdf.setDash(4, 4)
            pdf.line(20, top - slip_height, width - 20, top - slip_height)
            pdf.setDash()
    pdf.save()
    return out.getvalue()


def to_xlsx(rows, course_line, address, locale="vi"):
    """One row per account; every cell text as typed, never a formula (no apostrophe)."""
    labels = LABELS[locale]
    book = Workbook()
    sheet = book.active
    sheet.title = labels["title"][:31]
    headers = (labels["name"], labels["username"], labels["password"], labels["course"],
               labels["address"])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(text_cells(sheet, (row["full_name"], row["username"], row["password"],
                                        course_line, address)))
    for letter, width in zip("ABCDE", (30, 18, 16, 40, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _delete(db, now, course_id=None, organizer_id=None):
    deleted = db.execute("DELETE FROM login_slips WHERE created_at < ?",
                         [now - KEEP_SECONDS]).rowcount
    if course_id is not None:
        deleted += db.execute("DELETE FROM login_slips WHERE course_id = ? AND "
                              "organizer_id IS ?", [course_id, organizer_id]).rowcount
    return deleted


def purge(db, now=None, course_id=None, organizer_id=None, checkpoint=True):
    """Delete expired slips, and all of one organizer's slips for a course when given; the
    WAL is emptied when passwords went. Returns how many rows were deleted."""
    with transaction(db):
        deleted = _delete(db, time.time() if now is None else now, course_id, organizer_id)
    if deleted and checkpoint:
        truncate_wal(db)
    return deleted


def store(db, course_id, organizer_id, rows, now=None):
    """Keep the slips of an import for one download per format; replaces older ones.

    Written in the caller's transaction: the import's (``roster_import``).
    """
    now = time.time() if now is None else now
    _delete(db, now, course_id, organizer_id)
    if rows:
        db["login_slips"].insert({"course_id": course_id, "organizer_id": organizer_id,
                                  "created_at": now,
                                  "entries": json.dumps(rows, ensure_ascii=False)})


def pending(db, course_id, organizer_id, now=None):
    """The formats still downloadable and how many slips they hold, or None."""
    now = time.time() if now is None else now
    purge(db, now)
    row = db.execute(
        "SELECT entries, pdf_taken, xlsx_taken FROM login_slips WHERE course_id = ? AND "
        "organizer_id = ? AND created_at >= ?",
        [course_id, organizer_id, now - KEEP_SECONDS]).fetchone()
    if row is None:
        return None
    left = [fmt for fmt, taken in zip(FORMATS, row[1:], strict=True) if not taken]
    return {"count": len(json.loads(row[0])), "formats": left}


def take(db, course_id, organizer_id, fmt, now=None):
    """The slips' rows for one download of ``fmt``, or None when already taken or expired.

    The row is deleted once both formats are taken, so the passwords leave the server.
    """
    now = time.time() if now is None else now
    column = {"pdf": "pdf_taken", "xlsx": "xlsx_taken"}[fmt]
    purge(db, now)
    with transaction(db):
        row = db.execute(
            f"SELECT id, entries, {column}, pdf_taken + xlsx_taken FROM login_slips "  # noqa: S608
            "WHERE course_id = ? AND organizer_id = ? AND created_at >= ?",
            [course_id, organizer_id, now - KEEP_SECONDS]).fetchone()
        if row is None or row[2]:
            return None
        last = row[3] >= len(FORMATS) - 1
        if last:
            db.execute("DELETE FROM login_slips WHERE id = ?", [row[0]])
        else:
            db.execute(f"UPDATE login_slips SET {column} = 1 WHERE id = ?",  # noqa: S608
                       [row[0]])
    if last:
        truncate_wal(db)
    return json.loads(row[1])


def write_files(rows, course_line, address, roster_path, locale="vi"):
    """The CLI's slips, next to the roster file: ``<name>-slips.pdf`` and ``.xlsx``."""
    written = []
    for fmt, write in (("pdf", to_pdf), ("xlsx", to_xlsx)):
        path = roster_path.with_name(f"{roster_path.stem}-slips.{fmt}")
        path.touch(mode=0o600)  # passwords: readable by the organizer's account only
        path.chmod(0o600)
        path.write_bytes(write(rows, course_line, address, locale))
        written.append(path)
    return written
