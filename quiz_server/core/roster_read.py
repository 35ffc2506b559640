"""Reading a roster file as the text a person sees, refusing hostile files with a reason.

A roster comes from outside, so every size is bounded before it costs memory: the ZIP's
members and their unpacked sizes, the sheet's declared and real rows and columns, and each
cell. Sheet XML with a DOCTYPE (where entity expansion lives) is refused before openpyxl
sees it, wherever in the member it hides (after a long comment, say), and XML not in UTF-8
(which Excel and LibreOffice always write, and in which the search could not see a DOCTYPE)
is refused too; openpyxl parses through defusedxml as well. The sheet is read in streaming
mode (``read_only``), one row at a time.

Cells are read as shown: a formula cell gives its cached value (what Excel or LibreOffice
displayed when the file was saved), or its formula text when the file holds no cached value
(a file written by a program); it is never silently empty. Whole numbers read without
``.0``; dates as 20/11/2026. Phone numbers are put in one form elsewhere (``phone``).
"""

import csv
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from itertools import zip_longest

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000  # trainees; the header is one more
MAX_COLUMNS = 30
MAX_CELL = 1000  # characters in one cell
MAX_UNPACKED = 40 * 1024 * 1024  # all members of an XLSX together
MAX_MEMBERS = 200
DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
ENCODING = re.compile(rb"""<\?xml[^>]*encoding=["']([^"']+)""")
CHUNK = 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read; ``code`` and ``params`` name the reason for the reader."""

    def __init__(self, code, row=0, **params):
        super().__init__(code)
        self.code, self.row, self.params = code, row, params


def cell_text(value):
    """A cell's value as the text a person sees, NFC, without surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def read_table(data, filename=""):
    """The rows of a CSV (UTF-8, with or without BOM, ``,`` or ``;``) or XLSX file."""
    if len(data) > MAX_BYTES:
        raise ReadError("too_big")
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError("not_utf8", position=error.start + 1) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            _check_row(row, reader.line_num)
            rows.append([cell_text(v) for v in row])
    except csv.Error:  # a field over csv's own limit (128 KB), or a stray NUL
        raise ReadError("cell_too_big", row=reader.line_num + 1, max=MAX_CELL) from None
    return rows


def _check_row(row, number):
    if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
        raise ReadError("too_many_columns", row=number, max=MAX_COLUMNS)
    for value in row:
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise ReadError("cell_too_big", row=number, max=MAX_CELL)


def check_zip(data):
    """Refuse ZIP bombs and XML with entity declarations before openpyxl unpacks anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise ReadError("too_big_unpacked")
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as stream:
                    _check_xml(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        raise ReadError("bad_xlsx") from None


def _not_utf8(head):
    """True for XML in UTF-16 or UTF-32 (by its first bytes) or declaring another encoding."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:  # UTF-16 or UTF-32
        return True
    declared = ENCODING.match(head)
    return bool(declared) and declared.group(1).lower() not in (b"utf-8", b"utf8")


def _check_xml(stream):
    """Read one XML member through, in chunks that overlap by a DOCTYPE's length."""
    tail = b""
    first = True
    while chunk := stream.read(CHUNK):
        if first and _not_utf8(chunk):
            raise ReadError("bad_xlsx")
        first = False
        if DOCTYPE.search(tail + chunk):
            raise ReadError("xml_entities")
        tail = chunk[-16:]


class _SheetsOnly(ExcelReader):
    """openpyxl's reader without chart sheets, which it fails to read in streaming mode
    (and which hold no names)."""

    def read_chartsheet(self, sheet, rel):
        return None


def _open(data, data_only):
    reader = _SheetsOnly(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    return reader.wb


def _first_worksheet(book):
    """The first worksheet: a chart sheet before it is passed over."""
    if not book.worksheets:
        raise ReadError("no_sheet")
    return book.worksheets[0]


def _declared_size(sheet):
    try:
        dimension = sheet.calculate_dimension()
    except (ValueError, TypeError):
        return None
    try:
        _, _, max_col, max_row = range_boundaries(dimension)
    except (ValueError, TypeError):
        return None
    return max_row, max_col


def _sheet_rows(sheet):
    """Rows of at most MAX_COLUMNS values; stops past MAX_ROWS + 1 rows, whatever is declared."""
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), 1):
        if number > MAX_ROWS + 1:  # empty rows count: a sheet can declare a million of them
            raise ReadError("over_max_rows", max=MAX_ROWS)
        row = list(row)
        _check_row(row, number)
        yield row[:MAX_COLUMNS]


def _read_xlsx(data):
    check_zip(data)
    try:
        shown, typed = _open(data, data_only=True), _open(data, data_only=False)
        try:
            sheet, formulas = _first_worksheet(shown), _first_worksheet(typed)
            size = _declared_size(sheet)
            if size and (size[0] > MAX_ROWS + 1 or size[1] > MAX_COLUMNS):
                raise ReadError("declared_too_big", rows=size[0], columns=size[1])
            rows = []
            for values, texts in zip_longest(_sheet_rows(sheet), _sheet_rows(formulas),
                                             fillvalue=()):
                rows.append([cell_text(v if v is not None else t)
                             for v, t in zip_longest(values, texts)])
            return rows
        finally:
            shown.close()
            typed.close()
    except ReadError:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, TypeError, XML errors, ...)
        raise ReadError("bad_xlsx") from None
