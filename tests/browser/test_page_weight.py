"""The page budget on the built handbook: a chapter page at most 80 KB transferred with gzip."""

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
    assert js[1:] == ["/assets/javascripts/handbook.js",
                      "/assets/javascripts/workers/search-on-demand.js"]
    sizes = [*home.files["css"].values(), *home.files["js"].values()]
    assert all(gz < raw for raw, gz in sizes)
