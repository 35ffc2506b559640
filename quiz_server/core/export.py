"""Completion lists of a course as CSV and XLSX, safe to open in a spreadsheet.

XLSX cells are typed: text is stored as text (``data_type`` "s"), so ``=1+1`` in a name is
shown as typed and never runs, with no visible apostrophe. Characters XML cannot hold
(control characters) are shown as U+FFFD instead of failing the export.

CSV has no types: a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
would run as a formula in Excel or LibreOffice (OWASP ASVS 5.0, 1.2.10), so it gets a leading
quote. A spreadsheet may split on another separator than the comma (``;`` is LibreOffice's
default in several locales), and then ``x;=1+1;@a.vn`` holds the cell ``=1+1``: so a quote is
also put after every ``,``, ``;``, tab or ``|`` that a formula sign follows. Every cell is in
double quotes as well.
"""

import csv
import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from quiz_server.core.clock import local_day

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("full_name", "username", "unit", "position", "province", "email", "phone",
           "best_score", "passed", "completed_on", "certificate_code", "attendance")
HEADERS = {
    "vi": ("Họ và tên", "Tên đăng nhập", "Đơn vị", "Chức vụ", "Tỉnh/thành phố", "Email",
           "Số điện thoại", "Điểm cao nhất (%)", "Đạt", "Ngày hoàn thành", "Mã chứng nhận",
           "Chuyên cần (%)"),
    "en": ("Full name", "Username", "Unit", "Position", "Province", "Email", "Phone",
           "Best score (%)", "Passed", "Completed on", "Certificate code", "Attendance (%)"),
}
YES_NO = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
WIDTHS = (28, 16, 28, 20, 18, 28, 16, 12, 8, 14, 22, 14)


# A separator (or the start), then perhaps quotes, then a formula sign: a quote goes before it.
_INNER_FORMULA = re.compile(r'(^|[,;\t|])(?="*[=+\-@\t\r])')


def neutralise_csv(value):
    """A CSV cell with no formula in it, whatever separator a spreadsheet splits it on."""
    return _INNER_FORMULA.sub(r"\1'", value) if isinstance(value, str) else value



def neutralise(value):
    """Text as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_cells(sheet, values):
    """Cells for a row of ``openpyxl`` text: stored as text as typed, never as a formula."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value or ""))
        cell.data_type = "s"
        cells.append(cell)
    return cells


def completion_rows(trainee_rows):
    """The export's rows from ``reports.trainee_rows``."""
    return [{
        "full_name": r["full_name"], "username": r["username"], "unit": r["unit"],
        "position": r["position"],
        "province": r["province"], "email": r["email"], "phone": r["phone"],
        "best_score": r["best_score"], "passed": bool(r["passed"]),
        "completed_on": local_day(r["completed_at"]),
        "certificate_code": r["certificate_code"], "attendance": r.get("attendance"),
    } for r in trainee_rows]


def _values(row, locale):
    yes, no = YES_NO[locale]
    for column in COLUMNS:
        value = row[column]
        if column == "passed":
            value = yes if value else no
        yield value


def to_csv(rows, locale="vi"):
    """UTF-8 with a BOM, so that Excel shows Vietnamese letters correctly; every cell quoted."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(HEADERS[locale])
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date)
                                               else neutralise_csv(v))
                         for v in _values(row, locale)])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows, locale="vi", title="Completion"):
    """A workbook with a bold, frozen header row, column widths and real dates and numbers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in HEADERS[locale]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="4051B5")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column, value in zip(COLUMNS, _values(row, locale), strict=True):
            if isinstance(value, str):
                cell = text_cells(sheet, [value])[0]
            else:
                cell = WriteOnlyCell(sheet, value=value)
            if column == "completed_on" and value is not None:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
