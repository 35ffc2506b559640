"""Search in the built handbook: Vietnamese without diacritics, per-language indexes, on demand."""

import re
import unicodedata
from urllib.parse import urlsplit

from playwright.sync_api import expect

DONE = re.compile(r"^\d+ |Không|No matching")


def search(page, url, query):
    """Type a query into Material's search field; ``[(path#fragment, [highlighted words])]``."""
    page.goto(url)
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")  # Material reads the query on key up
    expect(page.locator(".md-search-result__meta")).to_have_text(DONE)
    results = []
    for link in page.locator("a.md-search-result__link").all():
        parts = urlsplit(link.get_attribute("href"))
        target = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
        results.append((target, link.locator("mark").all_inner_texts()))
    return results


def marks(results):
    return {word.lower() for _, words in results for word in words}


def test_index_is_fetched_only_when_a_search_starts(page, live_server):
    base = live_server["url"]
    page.goto(base + "/chapters/01-overview/")
    page.wait_for_load_state("networkidle")
    loaded = " ".join(page.requests)
    assert "search_index" not in loaded
    assert "/lunr/" not in loaded and "workers/search." not in loaded
    assert search(page, base + "/chapters/01-overview/", "truyen thong")
    fetched = [u for u in page.requests if "search_index" in u]
    assert fetched == [base + "/search/search_index.json"]


def test_query_without_diacritics_finds_and_highlights_accented_words(page, live_server):
    results = search(page, live_server["url"] + "/", "truyen thong")
    assert results
    assert {"truyền", "thông"} <= marks(results)
    assert all(not target.startswith("/en/") for target, _ in results)


def test_nfc_nfd_and_folded_queries_find_the_same_sections(page, live_server):
    base = live_server["url"] + "/"
    nfc = unicodedata.normalize("NFC", "truyền thông chính sách")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    found = [[target for target, _ in search(page, base, q)]
             for q in (nfc, nfd, "truyen thong chinh sach")]
    assert found[0] and found[0] == found[1]
    # the same sections; the order may differ, as words spelt as typed rank first
    assert sorted(found[0]) == sorted(found[2])


def test_d_matches_đ(page, live_server):
    results = search(page, live_server["url"] + "/", "dia phuong")
    assert {"địa", "phương"} <= marks(results)


def test_vietnamese_syllables_are_not_english_stop_words(page, live_server):
    # "to", "an", "do" are English stop words; here they are syllables ("tổ chức").
    results = search(page, live_server["url"] + "/", "tổ chức")
    assert {"tổ", "chức"} <= marks(results)


def test_punctuation_does_not_stick_to_words(page, live_server):
    # The home page's introduction has "(nhiệm vụ": found only if "(" separates words.
    results = search(page, live_server["url"] + "/", "nhiem vu bien soan so tay tai muc")
    intro = [words for target, words in results if target == "/"]
    assert intro and "nhiệm" in {w.lower() for w in intro[0]}


def test_quoted_phrase_narrows_the_results(page, live_server):
    base = live_server["url"] + "/"
    loose = search(page, base, "nguoi phat ngon")
    narrow = search(page, base, '"nguoi phat ngon"')
    assert narrow and len(narrow) < len(loose)
    # the words of a phrase must follow one another, in that order
    assert search(page, base, "phat ngon nguoi")
    assert search(page, base, '"phat ngon nguoi"') == []


def test_english_site_searches_only_english_pages(page, live_server):
    base = live_server["url"]
    results = search(page, base + "/en/", "policy communication")
    assert results
    assert [t for t, _ in results if not t.startswith("/en/")] == []
    assert [u for u in page.requests if "search_index" in u] == [
        base + "/en/search/search_index.json"]
    # Vietnamese words on the English site find English pages only (a few quote them).
    assert all(t.startswith("/en/") for t, _ in search(page, base + "/en/", "truyen thong"))


def test_pages_and_a_search_stay_on_the_origin(page, live_server):
    """The ``page`` fixture fails on any request to another origin; nothing may be missing."""
    base = live_server["url"]
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in ("/", "/chapters/01-overview/", "/en/chapters/01-overview/",
                 "/reference/legal-index/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert search(page, base + "/en/", "spokesperson")
    assert search(page, base + "/", "người phát ngôn")
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert len({urlsplit(u).path for u in page.requests}) > 10


def test_language_switch_keeps_the_page(page, live_server):
    base = live_server["url"]
    page.goto(base + "/en/reference/legal-index/")
    page.locator(".md-select a[hreflang='vi']").first.dispatch_event("click")
    expect(page).to_have_url(base + "/reference/legal-index/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_result_opens_its_page_with_the_accented_words_marked(page, live_server):
    base = live_server["url"]
    search(page, base + "/", "truyen thong")
    page.locator("a.md-search-result__link").first.click()
    expect(page.locator("[data-md-component=content] mark").first).to_be_visible()
    assert "h=" not in page.url  # the terms are taken from the address, then removed
    marked = {m.lower() for m in page.locator("[data-md-component=content] mark").all_inner_texts()}
    assert {"truyền", "thông"} <= marked
    assert marked <= {"truyền", "thông", "thống", "truyen", "thong"}


def search_more(page, query):
    """Another query in the search already open on ``page`` (the index is built once)."""
    page.evaluate("""() => {
      document.querySelector('.md-search-result__meta').textContent = ''
      document.querySelector('.md-search-result__list').innerHTML = ''
    }""")
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")
    expect(page.locator(".md-search-result__meta")).to_have_text(DONE)
    return [(urlsplit(link.get_attribute("href")).path, link.locator("mark").all_inner_texts())
            for link in page.locator("a.md-search-result__link").all()]


def pages(results):
    """The pages of the results in their order (one entry per page)."""
    return list(dict.fromkeys(target.split("#")[0] for target, _ in results))


def test_a_title_match_ranks_its_chapter_first(page, live_server):
    search(page, live_server["url"] + "/", "chinh sach")
    for query, chapter in (("thong tin co so", "/chapters/08-grassroots-information/"),
                           ("thông tin cơ sở", "/chapters/08-grassroots-information/"),
                           ("tin gia", "/chapters/09-false-information-crisis/"),
                           ("nguoi phat ngon", "/chapters/05-spokespersons/")):
        assert pages(search_more(page, query))[0] == chapter, query


def test_exact_diacritics_rank_above_folded_and_whole_words_above_prefixes(page, live_server):
    base = live_server["url"] + "/"
    found = search(page, base, "tin giả")
    first = pages(found)[0]
    assert first == "/chapters/09-false-information-crisis/"
    assert "giả" in marks([r for r in found if r[0].startswith(first)])
    # "thôn" (hamlet) as a whole word: the grassroots chapter, not every page with "thông"
    assert pages(search_more(page, "thôn"))[0] == "/chapters/08-grassroots-information/"


def test_english_search_forgives_one_typo_when_nothing_matches(page, live_server):
    base = live_server["url"] + "/en/"
    assert pages(search(page, base, "crisys"))[0] == "/en/chapters/09-false-information-crisis/"
    assert pages(search_more(page, "spokesprson"))[0] == "/en/chapters/05-spokespersons/"
    assert search_more(page, "qzxwv") == []


def test_vietnamese_query_on_english_pages_offers_the_vietnamese_search(page, live_server):
    base = live_server["url"]
    search(page, base + "/en/chapters/05-spokespersons/", "nguoi phat ngon")
    offer = page.locator("#handbook-search-vi")
    expect(offer).to_contain_text("English pages only")
    offer.locator("a").click()
    expect(page).to_have_url(base + "/chapters/05-spokespersons/")
    # the Vietnamese index is fetched and built first: allow for a loaded machine
    expect(page.locator(".md-search-result__meta").first).to_have_text(re.compile(r"^\d+ "),
                                                                        timeout=20_000)
    assert pages([(urlsplit(a.get_attribute("href")).path, []) for a in
                  page.locator("a.md-search-result__link").all()])[0] == \
        "/chapters/05-spokespersons/"
    search(page, base + "/en/", "truyen thong")
    expect(page.locator("#handbook-search-vi")).to_have_count(1)
    search_more(page, "press conference")
    expect(page.locator("#handbook-search-vi")).to_have_count(0)


def test_vietnamese_labels_say_what_the_folded_sections_are(page, live_server):
    search(page, live_server["url"] + "/", "truyen thong")
    more = page.locator(".md-search-result__more summary").first
    expect(more).to_have_text(re.compile(r"^Thêm \d+ mục khớp trong trang này$"))
