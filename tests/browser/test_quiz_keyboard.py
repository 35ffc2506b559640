"""The final test with the keyboard only, and a timer that speaks at marks, not every second."""

import re

from playwright.sync_api import expect

from quiz_server.app_db import get_db
from quiz_server.core import courses
from quiz_server.core.users import create_user, find_row

KEYS = ("ban-phim", "ban-phim-mat-khau")
TIMED = ("dong-ho", "dong-ho-mat-khau")


def course_for(app, code, user, minutes):
    with app.app_context():
        db = get_db()
        create_user(db, *user, "trainee", "Người Dùng Bàn Phím",
                    privacy_accepted_at="2026-01-05T08:00:00+00:00")
        course = courses.create_course(db, app.extensions["question_bank"], code=code,
                                       title_vi="Khóa bàn phím", starts_on="2026-11-01",
                                       ends_on="2026-11-30", time_limit_minutes=minutes)
        courses.enrol(db, course.id, find_row(db, user[0])["id"])


def log_in_with_keys(page, base, username, password):
    page.goto(base + "/login")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")  # skip to the content
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "username":
            break
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def tab_to(page, selector, limit=80):
    """Press Tab until ``selector`` has the focus; fails if the keyboard cannot reach it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_final_test_with_the_keyboard_only(page, live_server):
    course_for(live_server["app"], "KEY-1", KEYS, 30)
    base = live_server["url"] + "/quiz"
    log_in_with_keys(page, base, *KEYS)
    expect(page).to_have_url(re.compile(r"/quiz/(#main)?$"))
    tab_to(page, "a[href$='/course/KEY-1']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/course/KEY-1$"))
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/attempt/\d+$"))
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        fieldset = questions.nth(index)
        tab_to(page, f"fieldset.question:nth-of-type({index + 1}) .choice input")
        page.keyboard.press("Space")
        if fieldset.locator("input[type=radio]").count():
            page.keyboard.press("ArrowDown")  # moves the choice within the group
        expect(fieldset.locator(".choice input:checked")).to_have_count(1)
        expect(fieldset.locator(".save-status")).to_have_text("Đã lưu")
    tab_to(page, "#submit-button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/submit$"))
    tab_to(page, "#confirm-submit")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/result$"))


def test_timer_speaks_at_marks_not_every_second(page, live_server):
    course_for(live_server["app"], "TIME-1", TIMED, 12)
    base = live_server["url"] + "/quiz"
    page.clock.install()
    page.goto(base + "/login")
    page.locator("#username").fill(TIMED[0])
    page.locator("#password").fill(TIMED[1])
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/quiz/$"))
    page.goto(base + "/course/TIME-1")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/attempt/\d+$"))
    announce = page.locator("#timer-announce")
    expect(announce).to_have_attribute("aria-live", "polite")
    expect(announce).to_have_text(re.compile(r"^1[12] phút còn lại$"))
    page.evaluate("""() => {
      window.spoken = []; window.shown = 0;
      new MutationObserver(() => window.spoken.push(
        document.getElementById('timer-announce').textContent))
        .observe(document.getElementById('timer-announce'), {childList: true});
      new MutationObserver(() => window.shown++)
        .observe(document.getElementById('timer-value'), {childList: true});
    }""")
    page.clock.run_for("11:30")  # stop before the end, when the page submits itself
    spoken = page.evaluate("window.spoken")
    assert spoken == ["10 phút còn lại", "5 phút còn lại", "Còn 1 phút"]
    assert page.evaluate("window.shown") >= 600  # the visible clock still ticks every second
