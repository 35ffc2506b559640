"""Workbooks of plain tables (one sheet per table) for the survey results and the annual report.

Every text cell is stored as text (``data_type = "s"``), so a name or a comment that starts
with ``=`` stays what was typed and never runs as a formula (OWASP ASVS 5.0, 1.2.10). A control
character left in old data (the forms refuse them now) becomes U+FFFD: openpyxl would refuse
the whole workbook, and the organizer would get a 500 instead of the report.
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_IN_TITLES = str.maketrans({c: "-" for c in "[]:*?/\\"})  # Excel refuses these in a name


def _cell(sheet, value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"
    return cell


def workbook(tables):
    """``tables``: (sheet title, headers, rows) in order; returns the XLSX bytes."""
    book = Workbook(write_only=True)
    for title, headers, rows in tables:
        sheet = book.create_sheet(title=title.translate(NOT_IN_TITLES)[:31])
        for index, header in enumerate(headers, 1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
        sheet.freeze_panes = "A2"
        head = []
        for text in headers:
            cell = _cell(sheet, text)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="4051B5")
            head.append(cell)
        sheet.append(head)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
