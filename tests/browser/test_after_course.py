"""After the course in Chromium: a trainee checks in with the room's code, passes the test and
fills the survey; the organizer reads the anonymous results and downloads the annual report."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from pypdf import PdfReader

from handbook.bank import load_bank
from quiz_server.app_db import get_db
from quiz_server.core import attendance, courses, surveys
from quiz_server.core.users import create_user

from .conftest import ORGANIZER

CODE = "TTCS-SAU-KHOA"
TITLE = "Đánh giá sau khóa: phát ngôn và cung cấp thông tin"
TITLE_EN = "After the course: speaking to the press"
TRAINEE = ("hv-sau-khoa", "mật khẩu học viên 2026")  # noqa: S105
COMMENT = "Cần thêm tình huống thực tế ở Tây Bắc"


def set_up(app):
    """A course that runs today (Vietnam time) with one session and its end survey open."""
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    with app.app_context():
        db = get_db()
        bank = app.extensions["question_bank"]
        course = courses.create_course(
            db, bank, code=CODE, title_vi=TITLE, title_en=TITLE_EN, starts_on=today,
            ends_on=today, place="Lai Châu", questions_per_chapter=1, pass_mark=70,
            attendance_min_percent=80, survey_required=True, max_attempts=1)
        user = create_user(db, *TRAINEE, "trainee", "Vàng Thị Mỷ", province="Lai Châu",
                           unit="Sở Văn hóa", privacy_accepted_at="2026-01-05T08:00:00+00:00")
        courses.enrol(db, course.id, user)
        attendance.add_session(db, course.id, day=today, part="morning", starts="00:00",
                               ends="23:59", place="Hội trường tỉnh")
        surveys.create(db, course, "end", ["Lò Văn Pọm"])
    return today[:4]


def log_in(page, base, username, password):
    page.goto(base + "/quiz/login?lang=en")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def pdf_words(path):
    """The PDF's text with line breaks as spaces (table cells and paragraphs wrap)."""
    return " ".join("\n".join(p.extract_text() for p in PdfReader(path).pages).split())


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_check_in_pass_survey_and_annual_report(page, live_server):
    base, year = live_server["url"], set_up(live_server["app"])
    bank = load_bank()

    # The organizer puts the session's code on the screen.
    log_in(page, base, *ORGANIZER)
    page.goto(base + f"/quiz/organizer/courses/{CODE}/sessions")
    page.get_by_role("link", name="Show the code").click()
    code = page.locator(".big-code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    log_out(page)

    # The trainee checks in with it, passes the final test and answers the survey.
    log_in(page, base, *TRAINEE)
    page.get_by_role("link", name=TITLE_EN).click()
    page.get_by_label("Session code").fill(code)
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("status")).to_contain_text("You are checked in")
    expect(page.locator("main")).to_contain_text("Sessions attended: 1 of 1.")
    page.get_by_role("button", name="Start the final test").click()
    fieldsets = page.locator("fieldset.question")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        question = bank.questions[fieldset.get_attribute("data-question-id")]
        for key in sorted(question.answer):
            fieldset.locator(f"input[value='{key}']").check()
    page.get_by_role("button", name="Finish and submit…").click()
    page.get_by_role("button", name="Submit now").click()
    expect(page.locator(".score")).to_contain_text("Passed")
    page.goto(base + f"/quiz/course/{CODE}")
    page.get_by_role("link", name="Evaluate the course").click()
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("4 — Good").check()
    page.get_by_role("textbox").fill(COMMENT)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("saved without your name")
    expect(page.get_by_role("link", name="Evaluate the course")).to_have_count(0)
    log_out(page)

    # The organizer reads the results: counts and the comment, and no name beside them.
    log_in(page, base, *ORGANIZER)
    page.goto(base + f"/quiz/organizer/courses/{CODE}/surveys")
    page.get_by_role("link", name="End of the course").click()
    expect(page.locator("main")).not_to_contain_text("Mean 4.0")  # not while it is open
    page.get_by_role("button", name="Close the survey now").click()
    results = page.locator("main")
    expect(results).to_contain_text("Answered by 1 trainee(s)")
    expect(results).to_contain_text("Mean 4.0 of 5, 1 answer(s).")
    expect(results).to_contain_text(COMMENT)
    expect(results).not_to_contain_text("Vàng Thị Mỷ")

    # And downloads the year's report as PDF: the course, its counts, in Vietnamese letters.
    page.goto(base + f"/quiz/organizer/reports/annual?year={year}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Annual report (PDF, to print)").click()
    flat = pdf_words(info.value.path())
    assert TITLE_EN in flat
    assert f"{CODE} — {TITLE_EN}" in flat and "1 trainees, 1 completed, 1 passed" in flat
    assert "Lai Châu" in flat
    with page.expect_download() as info:
        page.get_by_role("link", name="Annual report (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    page.goto(base + f"/quiz/organizer/reports/annual?year={year}&lang=vi")
    with page.expect_download() as info:
        page.get_by_role("link", name="Báo cáo năm (PDF, để in)").click()
    flat = pdf_words(info.value.path())
    assert f"{CODE} — {TITLE}" in flat and "1 học viên, 1 hoàn thành, 1 đạt" in flat
