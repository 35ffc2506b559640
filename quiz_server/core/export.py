"""Completion lists of a course as CSV and XLSX, safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return would run as a
formula in Excel or LibreOffice (OWASP ASVS 5.0, 1.2.10); such cells get a leading quote.
"""

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from quiz_server.core.clock import local_day

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("full_name", "unit", "position", "province", "email", "phone", "best_score",
           "passed", "completed_on", "certificate_code", "attendance")
HEADERS = {
    "vi": ("Họ và tên", "Đơn vị", "Chức vụ", "Tỉnh/thành phố", "Email", "Số điện thoại",
           "Điểm cao nhất (%)", "Đạt", "Ngày hoàn thành", "Mã chứng nhận", "Chuyên cần (%)"),
    "en": ("Full name", "Unit", "Position", "Province", "Email", "Phone", "Best score (%)",
           "Passed", "Completed on", "Certificate code", "Attendance (%)"),
}
YES_NO = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
WIDTHS = (28, 28, 20, 18, 28, 16, 12, 8, 14, 22, 14)



def neutralise(value):
    """Text as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def completion_rows(trainee_rows):
    """The export's rows from ``reports.trainee_rows``."""
    return [{
        "full_name": r["full_name"], "unit": r["unit"], "position": r["position"],
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
        yield neutralise(value) if isinstance(value, str) else value


def to_csv(rows, locale="vi"):
    """UTF-8 with a BOM, so that Excel shows Vietnamese letters correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS[locale])
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v)
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
