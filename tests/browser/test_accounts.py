"""A trainee's first login in Chromium: privacy notice → confirm → new password → my data."""

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from quiz_server.app_db import get_db
from quiz_server.core import courses
from quiz_server.core.users import create_user, find_row

FIRST = ("hv-lan-dau", "phieu-dang-nhap-01")


def test_first_login_notice_confirm_change_password_download_my_data(page, live_server):
    app = live_server["app"]
    with app.app_context():
        db = get_db()
        create_user(db, *FIRST, "trainee", "Vũ Thị Lần Đầu", must_change_password=1,
                    phone="0987 654 321", province="Sơn La")
        course = courses.create_course(db, app.extensions["question_bank"], code="PD-BR-1",
                                       title_vi="Khóa thử dữ liệu", starts_on="2026-11-01",
                                       ends_on="2026-11-30")
        courses.enrol(db, course.id, find_row(db, FIRST[0])["id"])
    base = live_server["url"] + "/quiz"
    page.goto(base + "/login")
    expect(page.get_by_role("link", name="Thông báo về dữ liệu cá nhân").first).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(FIRST[0])
    page.get_by_label("Mật khẩu").fill(FIRST[1])
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/quiz/privacy/consent$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thông báo về xử lý dữ liệu cá nhân")
    page.get_by_role("button", name="Tôi đã đọc thông báo và đồng ý").click()

    expect(page).to_have_url(re.compile(r"/quiz/account/password$"))
    expect(page.locator("main")).to_contain_text("Mật khẩu của bạn do ban tổ chức đặt")
    page.get_by_label("Mật khẩu hiện tại").fill(FIRST[1])
    page.get_by_label("Mật khẩu mới", exact=True).fill("password123")
    page.get_by_label("Nhập lại mật khẩu mới").fill("password123")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    new_field = page.get_by_label("Mật khẩu mới", exact=True)
    expect(new_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new-error")).to_contain_text("mật khẩu phổ biến nhất")
    page.get_by_label("Mật khẩu hiện tại").fill(FIRST[1])
    new_field.fill("mưa xuân trên đồi chè")
    page.get_by_label("Nhập lại mật khẩu mới").fill("mưa xuân trên đồi chè")
    page.get_by_role("button", name="Đổi mật khẩu").click()

    expect(page).to_have_url(re.compile(r"/quiz/$"))
    expect(page.get_by_role("status").first).to_have_text("Mật khẩu của bạn đã được đổi.")
    page.get_by_role("link", name="Dữ liệu của tôi").first.click()
    expect(page).to_have_url(re.compile(r"/quiz/account/data$"))
    expect(page.locator("main")).to_contain_text("0987 654 321")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về dữ liệu của tôi (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["username"] == FIRST[0]
    assert data["profile"]["full_name"] == "Vũ Thị Lần Đầu"
    assert data["profile"]["privacy_accepted_at"]
    assert [e["course"] for e in data["enrolments"]] == ["PD-BR-1"]
    with app.app_context():
        row = find_row(get_db(), FIRST[0])
    assert row["must_change_password"] == 0 and row["privacy_accepted_at"]


IDLE = ("hv-nghi-lau", "nghi-lau-mat-khau")


def test_idle_session_during_a_test_keeps_saved_answers(page, live_server):
    app = live_server["app"]
    with app.app_context():
        db = get_db()
        create_user(db, *IDLE, "trainee", "Lò Văn Nghỉ",
                    privacy_accepted_at="2026-01-05T08:00:00+00:00")
        course = courses.create_course(db, app.extensions["question_bank"], code="IDLE-BR-1",
                                       title_vi="Khóa nghỉ lâu", starts_on="2026-11-01",
                                       ends_on="2026-11-30", time_limit_minutes=600)
        courses.enrol(db, course.id, find_row(db, IDLE[0])["id"])
    base = live_server["url"] + "/quiz"
    page.goto(base + "/login")
    page.locator("#username").fill(IDLE[0])
    page.locator("#password").fill(IDLE[1])
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(base + "/course/IDLE-BR-1")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/attempt/\d+$"))
    attempt_url = page.url
    questions = page.locator("fieldset.question")
    first, second = questions.nth(0), questions.nth(1)
    first.locator(".choice input").first.check()
    expect(first.locator(".save-status")).to_have_text("Đã lưu")
    with app.app_context():  # nine hours without a request
        get_db().execute("UPDATE sessions SET last_seen = last_seen - 9 * 3600 "
                         "WHERE user_id = ?", [find_row(get_db(), IDLE[0])["id"]])
    second.locator(".choice input").first.check()
    status = second.locator(".save-status")
    expect(status).to_contain_text("Chưa lưu: Phiên làm việc đã kết thúc sau 480 phút")
    status.get_by_role("link", name="Đăng nhập lại").click()
    expect(page).to_have_url(re.compile(r"/quiz/login\?next="))
    expect(page.get_by_role("status").first).to_contain_text("các câu trả lời đã lưu vẫn được giữ")
    page.locator("#username").fill(IDLE[0])
    page.locator("#password").fill(IDLE[1])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(attempt_url)
    expect(questions.nth(0).locator(".choice input").first).to_be_checked()
    expect(questions.nth(1).locator(".choice input:checked")).to_have_count(0)
