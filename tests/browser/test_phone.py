"""The handbook on a phone (412 px wide, touch) and on a slow line: tables, templates,
headings, abbreviations, dark mode, the 404 page, the language switch and the HTTP cache."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"viewport": {"width": 412, "height": 915}, "has_touch": True, "is_mobile": True,
         "locale": "vi-VN"}
WIDE_PAGES = ["/reference/legal-index/", "/en/reference/legal-index/",
              "/chapters/05-spokespersons/", "/chapters/06-press-conferences/",
              "/chapters/09-false-information-crisis/", "/en/chapters/04-annual-plan/"]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


LAYOUT = """() => {
  const wide = document.documentElement.clientWidth
  const tables = [...document.querySelectorAll('.md-typeset table')].map(table => {
    const wrap = table.closest('.md-typeset__scrollwrap')
    return {wider: table.getBoundingClientRect().width > wide,
            cue: !!wrap && wrap.classList.contains('handbook-scrolls') &&
                 wrap.getAttribute('role') === 'region' && wrap.tabIndex === 0 &&
                 getComputedStyle(wrap).backgroundImage.includes('radial-gradient')}
  })
  const templates = [...document.querySelectorAll('.md-typeset pre')].map(pre => {
    const code = pre.querySelector('code'), button = pre.querySelector('.md-code__button')
    const top = code.getBoundingClientRect().top + parseFloat(getComputedStyle(code).paddingTop)
    const over = el => el.scrollWidth > el.clientWidth + 1
    return {overflow: over(pre) || over(code),
            width: pre.getBoundingClientRect().width,
            clear: !button || button.getBoundingClientRect().bottom <= top}
  })
  const headings = [...document.querySelectorAll('.md-typeset h1, .md-typeset h2, .md-typeset h3')]
    .filter(h => h.scrollWidth > h.clientWidth + 1).map(h => h.textContent)
  return {tables, templates, headings, page: document.documentElement.scrollWidth, wide}
}"""


@pytest.mark.parametrize("path", WIDE_PAGES)
def test_tables_cue_their_scroll_and_templates_wrap_on_a_phone(phone, live_server, path):
    phone.goto(live_server["url"] + path)
    phone.wait_for_load_state("load")
    found = phone.evaluate(LAYOUT)
    assert found["page"] == found["wide"] == 412
    assert [t for t in found["tables"] if t["wider"] and not t["cue"]] == []
    assert [t for t in found["templates"] if t["overflow"] or t["width"] > 412] == []
    assert all(t["clear"] for t in found["templates"]), "the copy button covers a template"
    assert found["headings"] == []
    if "legal-index" in path:
        assert any(t["wider"] for t in found["tables"])  # the cue is really needed there


@pytest.mark.parametrize(("path", "expansion"), [("/chapters/02-institutions/", "Ủy ban nhân dân"),
                                                 ("/en/chapters/02-institutions/", "People")])
def test_tapping_an_abbreviation_shows_its_expansion(phone, live_server, path, expansion):
    phone.goto(live_server["url"] + path)
    abbr = phone.locator(".md-typeset abbr", has_text=re.compile("^UBND$")).first
    abbr.scroll_into_view_if_needed()
    abbr.tap()
    tip = phone.locator(".md-tooltip2--active")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(expansion)
    assert abbr.get_attribute("aria-describedby") == tip.get_attribute("id")


def test_dark_mode_follows_the_system_and_has_a_toggle(browser, live_server):
    for scheme, first, second in (("dark", "slate", "default"), ("light", "default", "slate")):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 412, "height": 915})
        page = context.new_page()
        page.goto(live_server["url"] + "/chapters/05-spokespersons/")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", first)
        page.locator("label.md-header__button[for^=__palette]:visible").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", second)
        context.close()


def test_404_in_the_language_of_the_address_leads_home_and_to_search(page, live_server):
    base = live_server["url"]
    response = page.goto(base + "/chapters/khong-co/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("article h1")).to_have_text("Không tìm thấy trang")
    page.get_by_label("Tìm trong sổ tay").fill("nguoi phat ngon")
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()
    expect(page.locator(".md-search-result__meta").first).to_have_text(re.compile(r"^\d+ "))
    assert "/chapters/05-spokespersons/" in page.locator("a.md-search-result__link").first \
        .get_attribute("href")
    response = page.goto(base + "/en/chapters/nope/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Go to the handbook's home page").click()
    expect(page).to_have_url(base + "/en/index.html")
    expect(page).to_have_title("Policy communication handbook")


def test_language_switch_keeps_the_anchor(page, live_server):
    base = live_server["url"]
    page.goto(base + "/chapters/04-annual-plan/#plan-template")
    page.locator(".md-select a[hreflang='en']").first.dispatch_event("click")
    expect(page).to_have_url(base + "/en/chapters/04-annual-plan/#plan-template")


def transferred(page, action):
    """Bytes on the wire (headers and bodies) while ``action`` runs, from Chromium's network
    log; answers from the browser cache count nothing."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes = []
    cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
    action()
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return sum(sizes)


def test_second_visit_to_a_chapter_transfers_under_5_kb(page, live_server):
    """Assets named by their content come from the cache; the page is asked again, and the
    server answers 304 (tests/test_site.py) with no body."""
    url = live_server["url"] + "/chapters/09-false-information-crisis/"
    first = transferred(page, lambda: page.goto(url))
    page.goto(live_server["url"] + "/en/")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    second = transferred(page, lambda: page.goto(url))
    assert first > 50_000
    assert second < 5 * 1024, f"{second} bytes"
    assert url in asked  # revalidated, not taken from the cache unseen
