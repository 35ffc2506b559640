"""Completion lists: read back with csv and openpyxl, formulas neutralised, Vietnamese intact."""

import csv
import io
import unicodedata
from datetime import date

import pytest
from openpyxl import load_workbook

from quiz_server.core.export import neutralise, to_csv, to_xlsx

ROWS = [
    {"full_name": "Nguyễn Thị Ánh Tuyết", "unit": "Sở Văn hóa, Thể thao và Du lịch",
     "position": "Chuyên viên", "province": "Điện Biên", "email": "tuyet@example.vn",
     "phone": "0912345678", "best_score": 92.5, "passed": True,
     "completed_on": date(2026, 11, 20), "certificate_code": "ABCD-EFGH-JKLM-NPQR",
     "attendance": 87.5},
    {"full_name": "=HYPERLINK(\"http://evil.example\",\"x\")", "unit": "+cmd", "position": "-2",
     "province": "@SUM(A1)", "email": "\tx", "phone": "\r1", "best_score": None,
     "passed": False, "completed_on": None, "certificate_code": None,
     "attendance": None},
]


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Đặng Văn Đức", "Đặng Văn Đức"), (92.5, 92.5), (None, None)])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_has_bom_and_reads_back():
    data = to_csv(ROWS, "vi")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Họ và tên"
    assert rows[1][:4] == ["Nguyễn Thị Ánh Tuyết", "Sở Văn hóa, Thể thao và Du lịch",
                           "Chuyên viên", "Điện Biên"]
    assert rows[1][6:] == ["92.5", "Có", "2026-11-20", "ABCD-EFGH-JKLM-NPQR", "87.5"]
    assert all(cell.startswith("'") for cell in rows[2][:6])
    assert rows[2][7] == "Không"
    assert to_csv(ROWS, "en").decode("utf-8-sig").startswith("Full name,")


def test_xlsx_reads_back_with_types_and_frozen_header():
    book = load_workbook(io.BytesIO(to_xlsx(ROWS, "en", "TTCS-2026-01")))
    sheet = book["TTCS-2026-01"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Full name" and sheet["A1"].font.bold
    assert sheet["A2"].value == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", sheet["A2"].value)
    assert sheet["G2"].value == 92.5 and sheet["H2"].value == "Yes"
    assert sheet["I2"].value.date() == date(2026, 11, 20)
    assert sheet["K1"].value == "Attendance (%)" and sheet["K2"].value == 87.5
    for column in "ABCDEF":
        value = sheet[f"{column}3"].value
        assert value.startswith("'"), column
        assert sheet[f"{column}3"].data_type == "s"
    assert sheet.column_dimensions["A"].width == 28
