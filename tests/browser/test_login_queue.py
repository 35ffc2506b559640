"""The busy login page in Chromium: every password check slot taken, the page counts down.

With JavaScript the page counts down the time the server gave, keeps the button disabled and
sends the form once by itself at zero (the password typed again meanwhile); the trainee lands
logged in with no retry in between. Without JavaScript it says in how many seconds to log in
again, and nothing is sent until the trainee does.
"""

import re

import pytest
from playwright.sync_api import expect

from quiz_server.app_db import get_db
from quiz_server.core.users import create_user
from quiz_server.web.login_queue import CheckQueue

WAITING = ("hv-cho-luot", "phieu-dang-nhap-cho-01")
BUSY = "Máy chủ đang bận: nhiều người đang đăng nhập cùng lúc."


@pytest.fixture
def full_queue(live_server, monkeypatch):
    """One check slot, taken, and no room to wait (2 s budget): the next login is refused
    with 3–4 s to come back. The server's own queue is put back after the test."""
    app = live_server["app"]
    with app.app_context():
        db = get_db()
        if not db.execute("SELECT 1 FROM users WHERE username = ?", [WAITING[0]]).fetchone():
            create_user(db, *WAITING, "trainee", "Lê Thị Chờ Lượt",
                        privacy_accepted_at="2026-01-05T08:00:00+00:00")
    queue = CheckQueue(slots=1, max_waiting=0, budget=2)
    monkeypatch.setitem(app.extensions, "password_checks", queue)
    queue.acquire()
    return queue


def login_posts(page):
    """The POSTs of the login form this page sends, counted as they leave."""
    sent = []
    page.on("request", lambda request: sent.append(request.url)
            if request.method == "POST" and request.url.endswith("/login") else None)
    return sent


def refused_login(page, live_server):
    page.goto(live_server["url"] + "/quiz/login")
    page.get_by_label("Tên đăng nhập").fill(WAITING[0])
    page.get_by_label("Mật khẩu").fill(WAITING[1])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text(BUSY)
    return int(page.locator("[data-countdown]").text_content())


def test_the_busy_page_counts_down_and_logs_in_by_itself_once(page, live_server, full_queue):
    sent = login_posts(page)
    seconds = refused_login(page, live_server)
    assert 3 <= seconds <= 4 and len(sent) == 1
    button = page.get_by_role("button", name="Đăng nhập")
    expect(button).to_be_disabled()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value(WAITING[0])
    full_queue.release()  # a slot is free again by the time the page sends the form
    page.get_by_label("Mật khẩu").fill(WAITING[1])
    expect(page.locator("[data-countdown]")).to_have_text(str(seconds - 1), timeout=1500)
    expect(page).to_have_url(re.compile(r"/quiz/$"), timeout=(seconds + 4) * 1000)
    expect(page.get_by_role("button", name="Đăng xuất").first).to_be_visible()
    assert len(sent) == 2  # the refused login and the one the page sent at zero


def test_without_javascript_the_page_says_when_to_come_back(browser, live_server, full_queue):
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    sent = login_posts(page)
    seconds = refused_login(page, live_server)
    expect(page.get_by_role("alert")).to_contain_text(
        f"Hãy đăng nhập lại sau {seconds} giây.")
    button = page.get_by_role("button", name="Đăng nhập")
    expect(button).to_be_enabled()
    page.wait_for_timeout((seconds + 1) * 1000)
    assert len(sent) == 1  # nothing is sent by itself
    full_queue.release()
    page.get_by_label("Mật khẩu").fill(WAITING[1])
    button.click()
    expect(page).to_have_url(re.compile(r"/quiz/$"))
    context.close()
