"""Fixes to Material's pages after rendering (MkDocs hooks, listed under ``hooks:`` in mkdocs.yml).

Found by Lighthouse and axe on the stock theme (see STACK.md):
- ``hreflang`` alternates were relative URLs, which search engines and Lighthouse reject: they
  are made absolute from the page's canonical URL (``site_url``);
- the search dialog had no accessible name;
- task-list checkboxes (chapter checklists) had no label: each gets its item's text.
Regular expressions on Material's own markup, which is fixed while Material is in maintenance.
"""

import html
import re
from urllib.parse import urljoin

ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_NAME = {"vi": "Tìm kiếm trong sổ tay", "en": "Search the handbook"}
TASK = re.compile(r'(<li class="task-list-item">\s*<label class="task-list-control">'
                  r'<input type="checkbox")([^>]*>.*?</label>)(.*?)(?=</li>|<ul|<ol)', re.S)
TAG = re.compile(r"<[^>]+>")


def absolute_alternates(output, canonical_url):
    if not canonical_url:
        return output
    return ALTERNATE.sub(lambda m: (f'<link rel="alternate" href="{urljoin(canonical_url, m[1])}"'
                                    f' hreflang="{m[2]}">'), output)


def label_tasks(output):
    def label(match):
        text = " ".join(html.unescape(TAG.sub(" ", match[3])).split())
        return f'{match[1]} aria-label="{html.escape(text[:160], quote=True)}"{match[2]}{match[3]}'
    return TASK.sub(label, output)


def name_search_dialog(output, language):
    name = SEARCH_NAME.get(language, SEARCH_NAME["en"])
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{name}">', 1)


def on_post_page(output, page, config):
    output = absolute_alternates(output, page.canonical_url)
    output = name_search_dialog(output, config.theme["language"])
    return label_tasks(output)
