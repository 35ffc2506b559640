"""A reader opens the handbook, switches language, follows the link to the quiz and logs in."""

import re

from playwright.sync_api import expect

from .conftest import ORGANIZER


def test_handbook_language_switch_and_login(page, live_server):
    base = live_server["url"]
    page.goto(base + "/chapters/01-overview/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1").first).to_contain_text("Chương 1")

    # Material's language selector: the English twin of the same page.
    page.locator(".md-select a[hreflang='en']").first.dispatch_event("click")
    expect(page).to_have_url(base + "/en/chapters/01-overview/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1").first).to_contain_text("Chapter 1")

    page.goto(base + "/en/")
    page.get_by_role("link", name="quiz server").click()
    expect(page).to_have_url(re.compile(r"/quiz/login"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill(ORGANIZER[0])
    page.get_by_label("Password").fill(ORGANIZER[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Organizer workspace")).to_be_visible()
    assert len(page.requests) > 5


def test_vietnamese_login_error(page, live_server):
    page.goto(live_server["url"] + "/quiz/login")
    page.get_by_label("Tên đăng nhập").fill("tra")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
