"""The page budget on the built handbook: a chapter page at most 80 KB transferred with gzip."""

import re

from handbook.weight import BUDGET_GZIP, is_chapter, site_weights


def test_every_chapter_page_is_within_budget(built_site):
    weights = site_weights(built_site)
    chapters = [w for w in weights if is_chapter(w.url)]
    assert len(chapters) >= 2 and any(w.url.startswith("/en/") for w in chapters)
    over = {w.url: round(w.gzip() / 1024, 1) for w in chapters if w.gzip() > BUDGET_GZIP}
    assert over == {}, f"over {BUDGET_GZIP // 1024} KB with gzip: {over}"


def test_weight_counts_html_css_and_the_scripts_loaded_at_start(built_site):
    home = next(w for w in site_weights(built_site) if w.url == "/")
    assert set(home.files) == {"html", "css", "js"}
    js = sorted(home.files["js"])  # Material's bundle, ours, the on-demand search worker
    assert len(js) == 3 and js[0].startswith("/assets/javascripts/bundle.")
    assert re.fullmatch(r"/assets/javascripts/handbook\.[0-9a-f]{10}\.js", js[1])
    assert re.fullmatch(r"/assets/javascripts/workers/search-on-demand\.[0-9a-f]{10}\.js", js[2])
    sizes = [*home.files["css"].values(), *home.files["js"].values()]
    assert all(gz < raw for raw, gz in sizes)


def test_largest_chapter_transfers_within_budget_in_a_browser(page, live_server, built_site):
    """The same budget measured on the wire: gzip from the server, every request of the page."""
    largest = max((w for w in site_weights(built_site) if is_chapter(w.url)),
                  key=lambda w: w.gzip())
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(live_server["url"] + largest.url)
    page.wait_for_load_state("networkidle")
    assert responses and not [r.url for r in responses if "search_index" in r.url]
    gzipped = [r for r in responses
               if r.response().header_value("content-encoding") == "gzip"]
    assert any(r.resource_type == "document" for r in gzipped)
    body = sum(r.sizes()["responseBodySize"] for r in responses)
    assert body <= BUDGET_GZIP, f"{largest.url}: {body / 1024:.1f} KB"
