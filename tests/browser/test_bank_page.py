"""The organizer's question bank page in Chromium: reached from the workspace, readable at
360 px, the exam pool filter a plain link (no script needed)."""

from handbook.bank import load_bank

from .conftest import ORGANIZER
from .test_organizer_flow import log_in


def test_organizer_reviews_the_bank_on_a_phone(page, live_server):
    bank = load_bank()
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server["url"], *ORGANIZER)
    page.goto(live_server["url"] + "/quiz/organizer/?lang=en")
    page.get_by_role("link", name="Question bank").click()
    cards = page.locator("article.bank-question")
    assert cards.count() == len(bank)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Exam pool").click()
    exam = sum(q.pool == "exam" for q in bank.questions.values())
    assert cards.count() == exam == page.locator('article[data-pool="exam"]').count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
