"""The year's report computed from a fixture of two courses: figures, XLSX sheets, PDF text, CLI."""

import io
from datetime import date

from after_course import TITLE_A, TITLE_B, two_courses
from openpyxl import load_workbook
from pypdf import PdfReader

from quiz_server.app_db import get_db
from quiz_server.core import annual_pdf, annual_report, reports

LATER = date(2027, 1, 1)  # both courses' surveys have closed


def gathered(app, year=2026):
    with app.app_context():
        db = get_db()
        two_courses(db, app.extensions["question_bank"])
        return annual_report.gather(db, *annual_report.year_range(year), LATER)


def test_figures_of_two_courses(app):
    data = gathered(app)
    assert data["totals"] == {"courses": 2, "enrolled": 5, "completed": 2, "passed": 3}
    a, b = data["courses"]
    assert (a["course"].code, b["course"].code) == ("TTCS-2026-01", "TTCS-2026-02")
    # Bình passed but attended 3 of 5 sessions (60% < 80%): passed, not completed.
    assert (a["enrolled"], a["passed"], a["completed"], a["sessions"]) == (3, 2, 1, 5)
    assert a["attendance"] == 80.0 and a["pass_rate"] == 66.7
    assert (b["enrolled"], b["passed"], b["completed"], b["attendance"]) == (2, 1, 1, None)
    assert a["surveys"]["end"]["respondents"] == 2 and a["surveys"]["end"]["mean"] == 4.5
    assert b["surveys"]["end"]["mean"] == 3.0
    provinces = {row[0]: row[1:] for row in annual_report.group_tables(data, "vi")[0][2]}
    assert provinces == {"Lai Châu": [3, 1, 2, 66.7], "Điện Biên": [2, 1, 1, 50.0]}
    types = {row[0]: row[1] for row in annual_report.group_tables(data, "en")[1][2]}
    assert types == {"Provincial department": 2, "People's Committee": 1, "Other": 1,
                     "Department of a ministry": 1}


def test_the_dashboard_rows_hold_attendance_and_the_rule(app):
    with app.app_context():
        db = get_db()
        fixture = two_courses(db, app.extensions["question_bank"])
        rows = {r["username"]: r for r in reports.trainee_rows(db, fixture["a"].id)}
    assert (rows["anh"]["attended"], rows["anh"]["sessions"]) == (5, 5)
    assert rows["anh"]["completed_at"] and rows["anh"]["requirements_met"]
    assert rows["binh"]["passed"] and rows["binh"]["completed_at"] is None
    assert rows["binh"]["attendance"] == 60.0


def test_open_surveys_give_their_count_but_no_figures(app):
    with app.app_context():
        db = get_db()
        two_courses(db, app.extensions["question_bank"])
        data = annual_report.gather(db, *annual_report.year_range(2026), date(2026, 3, 20))
    a, b = data["courses"]
    assert a["surveys"]["end"] == {"respondents": 2, "mean": None, "questions": []}
    assert b["surveys"]["end"]["respondents"] == 1


def test_another_year_is_empty_and_a_range_picks_one_course(app):
    with app.app_context():
        db = get_db()
        two_courses(db, app.extensions["question_bank"])
        empty = annual_report.gather(db, date(2024, 1, 1), date(2024, 12, 31), LATER)
        assert empty["courses"] == []
        autumn = annual_report.gather(db, date(2026, 7, 1), date(2026, 12, 31), LATER)
    assert [c["course"].code for c in autumn["courses"]] == ["TTCS-2026-02"]


def test_xlsx_has_one_sheet_per_table_and_text_never_a_formula(app):
    data = gathered(app)
    book = load_workbook(io.BytesIO(annual_report.to_xlsx(data, "vi")))
    assert book.sheetnames == ["Tổng hợp", "Khóa bồi dưỡng", "Theo tỉnh-thành phố",
                               "Theo loại đơn vị", "Theo chức vụ", "Kết quả khảo sát"]
    courses = book.worksheets[1]
    assert courses["B2"].value == TITLE_A and courses["B3"].value == TITLE_B
    assert courses["H2"].value == 3 and courses["M2"].value == 2
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)


def test_pdf_holds_titles_counts_and_vietnamese_in_both_languages(app):
    data = gathered(app)
    for locale, word in (("vi", "Số học viên"), ("en", "Trainees")):
        reader = PdfReader(io.BytesIO(annual_pdf.to_pdf(data, locale)))
        text = "\n".join(page.extract_text() for page in reader.pages)
        title_a = TITLE_A if locale == "vi" else "Speaking to the press"
        assert title_a in text and TITLE_B in text and word in text
        assert ("3 học viên, 1 hoàn thành, 2 đạt" if locale == "vi"
                else "3 trainees, 1 completed, 2 passed") in text
        assert "Lai Châu" in text and "Điện Biên" in text
        fonts = {str(f) for page in reader.pages
                 for f in page["/Resources"]["/Font"].values()
                 for f in [f.get_object()["/BaseFont"]]}
        assert all("DejaVu" in f for f in fonts), fonts


def test_cli_annual_report_year_and_range(app, runner, tmp_path):
    with app.app_context():
        two_courses(get_db(), app.extensions["question_bank"])
    out = tmp_path / "r.pdf"
    result = runner.invoke(args=["annual-report", "2026", "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 course(s), 5 trainee(s), 2 completed, 3 passed" in result.output
    assert out.read_bytes().startswith(b"%PDF")
    out = tmp_path / "r.xlsx"
    result = runner.invoke(args=["annual-report", "--from", "2026-07-01", "--to", "2026-12-31",
                                 "--out", str(out)])
    assert "1 course(s), 2 trainee(s)" in result.output
    result = runner.invoke(args=["annual-report", "--from", "2026-07-01"])
    assert result.exit_code != 0 and "both --from and --to" in result.output


def test_organizer_pages_show_and_download_the_report(app, client, auth):
    with app.app_context():
        two_courses(get_db(), app.extensions["question_bank"])
    auth.login_organizer()
    page = client.get("/organizer/reports/annual?year=2026").get_data(as_text=True)
    assert TITLE_A in page and TITLE_B in page
    assert client.get("/organizer/reports/annual?from=2026-12-01&to=2026-01-01").status_code == 400
    pdf = client.get("/organizer/reports/annual.pdf?year=2026")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get("/organizer/reports/annual.xlsx?from=2026-01-01&to=2026-06-30")
    sheet = load_workbook(io.BytesIO(xlsx.data)).worksheets[1]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["TTCS-2026-01"]
    assert client.get("/organizer/reports/annual.doc?year=2026").status_code == 404
    course_page = client.get("/organizer/courses/TTCS-2026-01").get_data(as_text=True)
    assert "5/5" in course_page and "3/5" in course_page
