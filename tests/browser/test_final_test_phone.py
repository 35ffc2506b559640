"""A trainee sits the final test on a 360 px phone: confirmation before submitting, big targets,
the timer never over the question in focus (issue 13)."""

import re

from playwright.sync_api import expect

from handbook.bank import load_bank
from quiz_server.app_db import get_db
from quiz_server.core import courses
from quiz_server.core.users import create_user, find_row

PHONE = {"width": 360, "height": 740}
TRAINEE = ("dt-phone", "dien-thoai-0001")
CODE = "PHONE-1"


def setup(app):
    with app.app_context():
        db = get_db()
        if find_row(db, TRAINEE[0]) is None:
            create_user(db, *TRAINEE, "trainee", "Lò Thị Điện Thoại",
                        privacy_accepted_at="2026-01-05T08:00:00+00:00")
            course = courses.create_course(
                db, app.extensions["question_bank"], code=CODE, title_vi="Khóa thi trên điện thoại",
                starts_on="2026-11-01", ends_on="2026-11-30", time_limit_minutes=60)
            courses.enrol(db, course.id, find_row(db, TRAINEE[0])["id"])


def test_final_test_on_a_phone_confirms_before_submitting(browser, live_server):
    setup(live_server["app"])
    bank, base = load_bank(), live_server["url"] + "/quiz"
    context = browser.new_context(viewport=PHONE, locale="vi-VN", has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(base + "/login")
        page.locator("#username").fill(TRAINEE[0])
        page.locator("#password").fill(TRAINEE[1])
        page.locator("form.form button[type=submit]").click()
        page.goto(base + f"/course/{CODE}")
        page.get_by_role("button", name="Bắt đầu bài kiểm tra cuối khóa").click()
        expect(page).to_have_url(re.compile(r"/attempt/\d+$"))
        fieldsets = page.locator("fieldset.question")
        total = fieldsets.count()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Every choice is a target of at least 24×24 CSS px.
        sizes = page.locator(".choice input").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect())"
            ".map(r => [r.width, r.height])")
        assert sizes and min(min(w, h) for w, h in sizes) >= 24
        # Answer three questions, then try to submit.
        for index in range(3):
            fieldsets.nth(index).locator(".choice input").first.check()
            expect(fieldsets.nth(index).locator(".save-status")).to_have_text("Đã lưu")
        page.get_by_role("button", name="Kết thúc và nộp bài…").click()
        expect(page).to_have_url(re.compile(r"/submit$"))
        expect(page.locator("main")).to_contain_text(f"Bạn đã trả lời 3/{total} câu")
        expect(page.get_by_role("alert")).to_contain_text(f"{total - 3} câu chưa được trả lời")
        # Back to the test from the first unanswered question's link: it lands in view,
        # not under the sticky timer.
        page.get_by_role("link", name="câu 4", exact=True).click()
        expect(page).to_have_url(re.compile(r"/attempt/\d+#question-4$"))
        timer_bottom = page.locator("#timer").evaluate("e => e.getBoundingClientRect().bottom")
        question_top = page.locator("#question-4").evaluate("e => e.getBoundingClientRect().top")
        assert question_top >= timer_bottom - 1
        for index in range(3, total):
            fieldset = page.locator("fieldset.question").nth(index)
            question = bank.questions[fieldset.get_attribute("data-question-id")]
            for key in sorted(question.answer):
                fieldset.locator(f"input[value='{key}']").check()
            expect(fieldset.locator(".save-status")).to_have_text("Đã lưu")
        page.get_by_role("button", name="Kết thúc và nộp bài…").click()
        expect(page.locator("main")).to_contain_text("Tất cả các câu đã được trả lời.")
        page.get_by_role("button", name="Nộp bài ngay").click()
        expect(page).to_have_url(re.compile(r"/result$"))
        expect(page.locator(".score")).to_contain_text(f"/{total}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
