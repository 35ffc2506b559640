"""A reader takes a chapter's practice quiz: with JavaScript (autosave, reload) and without."""

import re

from playwright.sync_api import expect

from handbook.bank import load_bank

CHAPTER = "01-overview"


def answer_all(page, bank, right_first=True):
    """Choose an answer for every question shown; the first one right, as the bank says."""
    fieldsets = page.locator("fieldset.question")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        question = bank.questions[fieldset.get_attribute("data-question-id")]
        keys = sorted(question.answer) if (index == 0 and right_first) else [question.keys[0]]
        for key in keys:
            fieldset.locator(f"input[value='{key}']").check()
    return fieldsets.count()


def test_practice_quiz_from_the_chapter(page, live_server):
    bank = load_bank()
    base = live_server["url"]
    page.goto(base + f"/chapters/{CHAPTER}/")
    page.get_by_role("link", name="Làm bài kiểm tra thực hành của chương này").click()
    expect(page).to_have_url(re.compile(rf"/quiz/practice/{CHAPTER}"))
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+$"))
    first = page.locator("fieldset.question").first
    question = bank.questions[first.get_attribute("data-question-id")]
    key = sorted(question.answer)[0]
    first.locator(f"input[value='{key}']").check()
    expect(first.locator(".save-status")).to_have_text("Đã lưu")
    page.reload()
    expect(page.locator("fieldset.question").first.locator(f"input[value='{key}']")).to_be_checked()
    count = answer_all(page, bank)
    page.get_by_role("button", name="Nộp bài").click()
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.locator(".score")).to_contain_text(f"/{count}")
    review = page.locator("ol.review > li").first
    expect(review).to_contain_text(question.explanation["vi"][:30])
    link = review.get_by_role("link", name="Đọc lại nội dung này trong sổ tay")
    assert link.get_attribute("href").endswith(f"/chapters/{CHAPTER}/#{question.heading}")
    link.click()
    expect(page).to_have_url(re.compile(rf"/chapters/{CHAPTER}/#{question.heading}$"))
    expect(page.locator(f"[id='{question.heading}']")).to_be_visible()


def test_practice_quiz_without_javascript(browser, live_server):
    bank = load_bank()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server["url"] + f"/quiz/practice/{CHAPTER}?lang=en")
        page.get_by_role("button", name="Start the quiz").click()
        count = answer_all(page, bank)
        page.get_by_role("button", name="Save answers").click()
        expect(page.get_by_role("status")).to_contain_text(f"Saved from this page: {count}.")
        assert page.locator("input:checked").count() >= count
        page.get_by_role("button", name="Submit").click()
        expect(page.locator(".score")).to_contain_text(f"of {count}")
        expect(page.locator("ol.review a").first).to_have_attribute(
            "href", re.compile(rf"/en/chapters/{CHAPTER}/#"))
    finally:
        context.close()


def test_an_older_tab_submitting_keeps_the_answers_saved_in_a_newer_one(page, live_server):
    """The first tab, loaded before any answer, submits its form after a second tab answered."""
    bank = load_bank()
    older = page
    older.goto(live_server["url"] + f"/quiz/practice/{CHAPTER}?lang=en")
    older.get_by_role("button", name="Start the quiz").click()
    expect(older).to_have_url(re.compile(r"/quiz/attempt/\d+$"))
    newer = page.context.new_page()
    newer.goto(older.url)
    fieldsets = newer.locator("fieldset.question")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        question = bank.questions[fieldset.get_attribute("data-question-id")]
        for key in sorted(question.answer):
            fieldset.locator(f"input[value='{key}']").check()
        expect(fieldset.locator(".save-status")).to_have_text("Saved")
    older.get_by_role("button", name="Submit").click()
    expect(older.locator(".score")).to_contain_text(
        f"Score: {fieldsets.count()} of {fieldsets.count()}")


def test_back_to_the_handbook_returns_to_the_quizs_chapter(page, live_server):
    base = live_server["url"]
    page.goto(base + "/en/chapters/09-false-information-crisis/")
    page.get_by_role("link", name="Take this chapter's practice quiz").click()
    page.get_by_role("link", name="Back to the handbook").click()
    expect(page).to_have_url(base + "/en/chapters/09-false-information-crisis/")
    page.goto(base + f"/quiz/practice/{CHAPTER}?lang=vi")
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+$"))
    page.get_by_role("link", name="Quay lại sổ tay").click()
    expect(page).to_have_url(base + f"/chapters/{CHAPTER}/")
