"""The handbook's search index split per language, and readable Vietnamese heading ids."""

import json

import markdown
from mkdocs.config import load_config

from handbook.search_hooks import offline_script, split_index

DOCS = [
    {"location": "", "title": "Sổ tay", "text": "truyền thông"},
    {"location": "chapters/01/#a", "title": "Đầu mối", "text": ""},
    {"location": "en/", "title": "Handbook", "text": "communication"},
    {"location": "en/chapters/01/#a", "title": "Focal points", "text": ""},
]


def test_each_language_keeps_only_its_pages_and_its_lunr_language():
    index = {"config": {"lang": ["vi", "en"], "separator": "[\\s]+"}, "docs": DOCS}
    parts = split_index(index, "vi", ["en"])
    assert [d["location"] for d in parts["vi"]["docs"]] == ["", "chapters/01/#a"]
    assert [d["location"] for d in parts["en"]["docs"]] == ["en/", "en/chapters/01/#a"]
    assert parts["vi"]["config"] == {"lang": ["vi"], "separator": "[\\s]+"}
    assert parts["en"]["config"]["lang"] == ["en"]


def test_offline_script_picks_the_index_of_the_page_language():
    script = offline_script({"vi": {"docs": [1]}, "en": {"docs": [2]}}, "vi")
    assert script.startswith("var __index = ")
    table = script[script.rindex("})(") + 3:script.rindex(")")]
    assert json.loads(table) == {"vi": {"docs": [1]}, "en": {"docs": [2]}}
    assert 'document.documentElement.lang] || all["vi"]' in script


def test_headings_without_ids_get_readable_ids_from_the_site_config():
    config = load_config("mkdocs.yml")
    html = markdown.markdown("## Điều 5. Đội ngũ đầu mối\n\n## Điểm mới { #new }",
                             extensions=config["markdown_extensions"],
                             extension_configs=config["mdx_configs"])
    assert 'id="dieu-5-doi-ngu-dau-moi"' in html
    assert 'id="new"' in html
