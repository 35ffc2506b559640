"""axe-core (WCAG 2.1 A and AA) over every quiz-server page a trainee and an organizer see, in
Vietnamese and in English. Any violation fails the test, with the page and the elements."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quiz_server.app_db import get_db
from quiz_server.core import attendance, courses, surveys
from quiz_server.core.users import create_user, find_row

from .conftest import ORGANIZER

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TRAINEE = ("axe-hv", "axe-mat-khau-01")
NEWCOMER = ("axe-moi", "axe-mat-khau-02")
CODE = "AXE-1"
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def with_lang(url, lang):
    return url + ("&" if "?" in url else "?") + f"lang={lang}"


class Auditor:
    """Runs axe on the page as it is and keeps every violation, so one run lists them all."""

    def __init__(self, page):
        self.page, self.found, self.pages = page, [], 0

    def check(self, label):
        self.page.add_script_tag(path=str(AXE))
        self.pages += 1
        lang = self.page.evaluate("document.documentElement.lang")
        for v in self.page.evaluate(RUN_AXE, TAGS):
            self.found.append(f"{label} [{lang}] {self.page.url}: {v['id']} ({v['impact']}) "
                              f"{v['help']} — {v['nodes']}")

    def visit(self, url, lang, label=None):
        self.page.goto(with_lang(url, lang))
        self.check(label or url)


@pytest.fixture
def audit_page(browser, live_server):
    # axe is injected as an inline script, which the server's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base, username, password):
    page.goto(base + "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form.form button[type=submit]").click()


def log_out(page):
    page.locator("form.inline-form button.link-button").last.click()


def setup(app):
    with app.app_context():
        db = get_db()
        if find_row(db, TRAINEE[0]) is None:
            create_user(db, *TRAINEE, "trainee", "Đinh Thị Kiểm Thử", unit="Sở Văn hóa",
                        province="Lào Cai", privacy_accepted_at="2026-01-05T08:00:00+00:00")
            create_user(db, *NEWCOMER, "trainee", "Mai Văn Mới")
            course = courses.create_course(
                db, app.extensions["question_bank"], code=CODE, title_vi="Khóa kiểm thử tiếp cận",
                title_en="Accessibility test course", starts_on="2026-11-01",
                ends_on="2026-11-30", time_limit_minutes=120, max_attempts=3)
            courses.enrol(db, course.id, find_row(db, TRAINEE[0])["id"])
            attendance.add_session(db, course.id, day="2026-11-02", part="morning")
            survey_id = surveys.create(db, course, "end", ["Lò Văn Pọm"])
            db["surveys"].update(survey_id, {"opens_on": "2026-01-01", "closes_on": "2099-01-01"})
        return find_row(db, TRAINEE[0])["id"]


def organizer_pages(app, base, trainee_id):
    """Every organizer page answered with HTML (file downloads are not pages)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("organizer.") or "GET" not in rule.methods:
            continue
        if re.search(r"\.(<fmt>|pdf|zip|xlsx)$", rule.rule):
            continue
        urls.append(base + rule.build({"code": CODE, "user_id": trainee_id, "session_id": 1,
                                       "survey_id": 1})[1])
    return sorted(urls)


def test_every_page_passes_axe_in_both_languages(audit_page, live_server):
    app, base = live_server["app"], live_server["url"] + "/quiz"
    trainee_id = setup(app)
    chapter = next(iter(app.extensions["question_bank"].chapters))
    page, auditor = audit_page, Auditor(audit_page)
    for lang in ("vi", "en"):
        # Anyone
        for path in ("/login", "/privacy", f"/practice/{chapter}", "/verify/KHONG-CO-MA",
                     "/no-such-page", "/calendar"):
            auditor.visit(base + path, lang)
        log_in(page, base, TRAINEE[0], "wrong-password")
        auditor.check("login with an error")

        # A newcomer: the notice to confirm, then the page after declining
        log_in(page, base, *NEWCOMER)
        expect(page).to_have_url(re.compile(r"/privacy/consent"))
        auditor.check("consent")
        page.locator("button[name=decision][value=decline]").click()
        auditor.check("declined")

        # A trainee
        log_in(page, base, *TRAINEE)
        auditor.visit(base + f"/course/{CODE}/survey/1", lang, "course evaluation survey")
        for path in ("/", f"/course/{CODE}", "/account/data", "/account/password", "/enrol"):
            auditor.visit(base + path, lang)
        page.locator("form.form button[type=submit]").last.click()  # empty form: errors
        auditor.check("password with errors")
        auditor.visit(base + f"/practice/{chapter}", lang)
        page.locator("main form button[type=submit]").first.click()
        auditor.check("practice attempt")
        page.goto(base + f"/course/{CODE}")
        page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(re.compile(r"/attempt/\d+$"))
        page.locator("fieldset.question .choice input").first.check()
        expect(page.locator(".save-status").first).not_to_have_text("")
        auditor.check("final test with its timer, one answer saved")
        page.locator("#submit-button").click()
        expect(page).to_have_url(re.compile(r"/submit$"))
        auditor.check("final test confirmation, questions unanswered")
        page.locator("#confirm-submit").click()
        expect(page).to_have_url(re.compile(r"/result$"))
        auditor.check("final test result")
        auditor.visit(base + "/account/data", lang, "my data with an attempt")
        page.locator("form[action$='/account/deletion'] button[type=submit]").click()
        auditor.check("erasure request, asked to confirm")
        log_out(page)

        # An organizer
        log_in(page, base, *ORGANIZER)
        for url in organizer_pages(app, base, trainee_id):
            auditor.visit(url, lang)
        auditor.visit(base + f"/organizer/accounts?q={TRAINEE[0]}", lang)
        page.locator("form[action$='/reset'] button").first.click()
        auditor.check("confirmation before a password reset")
        page.locator("main form button[type=submit]").click()
        auditor.check("password reset, shown once")
        auditor.visit(base + "/organizer/organizers/new", lang)
        page.locator("main form button[type=submit]").click()
        auditor.check("new organizer with errors")
        auditor.visit(base + f"/organizer/courses/{CODE}/edit", lang)
        page.locator("#title_vi").fill("")
        page.locator("main form.form button[type=submit]").click()
        auditor.check("course form with errors")
        log_out(page)
        with app.app_context():  # the reset above asked for a new password: set a known one
            from quiz_server.core.users import set_password

            set_password(get_db(), trainee_id, TRAINEE[1])
    assert auditor.pages >= 74  # 39 page states per language
    assert auditor.found == [], "\n".join(auditor.found)


def test_the_audit_can_fail(audit_page, live_server):
    """The same audit reports a missing label and low contrast when they are there."""
    page = audit_page
    page.goto(live_server["url"] + "/quiz/login")
    page.evaluate("""() => {
      document.querySelector('label[for=username]').remove();
      document.querySelector('main h1').style.color = '#cccccc';
    }""")
    auditor = Auditor(page)
    auditor.check("broken login")
    found = "\n".join(auditor.found)
    assert "label" in found and "color-contrast" in found
