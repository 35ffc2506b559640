"""Markup of the built handbook that Lighthouse and search engines check."""

import re


def pages(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("index.html")}


def test_hreflang_alternates_are_absolute(built_site, base_url):
    for name, html in pages(built_site).items():
        alternates = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="(\w+)">', html)
        assert {lang for _, lang in alternates} == {"vi", "en"}, name
        assert all(href.startswith(base_url + "/") for href, _ in alternates), name


def test_every_page_has_a_description_and_a_named_search_dialog(built_site):
    for name, html in pages(built_site).items():
        assert re.search(r'<meta name="description" content="[^"]{40,}">', html), name
        dialog = re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*>', html)[0]
        assert 'aria-label="' in dialog, name


def test_checklist_boxes_are_labelled(built_site):
    html = (built_site / "chapters/01-overview/index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<input type="checkbox"[^>]*>', html)
    assert boxes and all(re.search(r'aria-label="[^"]{10,}"', b) for b in boxes)
