"""Completion lists: read back with csv and openpyxl, formulas neutralised, Vietnamese intact."""

import csv
import io
import unicodedata
from datetime import date

import pytest
from openpyxl import load_workbook

from quiz_server.core.export import neutralise, to_csv, to_xlsx

ROWS = [
    {"full_name": "Nguyễn Thị Ánh Tuyết", "username": "tuyetnta",
     "unit": "Sở Văn hóa, Thể thao và Du lịch",
     "position": "Chuyên viên", "province": "Điện Biên", "email": "tuyet@example.vn",
     "phone": "0912345678", "best_score": 92.5, "passed": True,
     "completed_on": date(2026, 11, 20), "certificate_code": "ABCD-EFGH-JKLM-NPQR",
     "attendance": 87.5},
    {"full_name": "=HYPERLINK(\"http://evil.example\",\"x\")", "username": "=1", "unit": "+cmd",
     "position": "-2",
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
    assert rows[0][:2] == ["Họ và tên", "Tên đăng nhập"]
    assert rows[1][:5] == ["Nguyễn Thị Ánh Tuyết", "tuyetnta", "Sở Văn hóa, Thể thao và Du lịch",
                           "Chuyên viên", "Điện Biên"]
    assert rows[1][7:] == ["92.5", "Có", "2026-11-20", "ABCD-EFGH-JKLM-NPQR", "87.5"]
    assert all(cell.startswith("'") for cell in rows[2][:7])
    assert rows[2][8] == "Không"
    assert to_csv(ROWS, "en").decode("utf-8-sig").startswith('"Full name","Username",')


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_csv_cell_is_a_formula_whatever_the_separator(separator):
    row = {**ROWS[0], "email": "x;=1+1;@a.vn", "unit": "a\t=2+2", "position": 'q"=3,"x'}
    text = to_csv([row], "vi").decode("utf-8-sig")
    for cells in csv.reader(io.StringIO(text), delimiter=separator):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells


def test_xlsx_reads_back_with_types_and_frozen_header():
    rows = [ROWS[0], {**ROWS[1], "email": "x\x01@a.vn"}]
    book = load_workbook(io.BytesIO(to_xlsx(rows, "en", "TTCS-2026-01")))
    sheet = book["TTCS-2026-01"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Full name" and sheet["A1"].font.bold
    assert sheet["B1"].value == "Username" and sheet["B2"].value == "tuyetnta"
    assert sheet["A2"].value == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", sheet["A2"].value)
    assert sheet["H2"].value == 92.5 and sheet["I2"].value == "Yes"
    assert sheet["J2"].value.date() == date(2026, 11, 20)
    # Text cells are text as typed: no apostrophe, never a formula.
    assert sheet["A3"].value == ROWS[1]["full_name"] and sheet["A3"].data_type == "s"
    assert sheet["C3"].value == "+cmd" and sheet["C3"].data_type == "s"
    assert sheet["F3"].value == "x\ufffd@a.vn"
    assert sheet["L1"].value == "Attendance (%)" and sheet["L2"].value == 87.5
    assert sheet.column_dimensions["A"].width == 28
