"""Fixes to Material's pages after rendering (MkDocs hooks, listed under ``hooks:`` in mkdocs.yml).

Found by Lighthouse and axe on the stock theme (see STACK.md):
- ``hreflang`` alternates were relative URLs, which search engines and Lighthouse reject: they
  are made absolute from the page's canonical URL (``site_url``);
- the search dialog had no accessible name;
- task-list checkboxes (chapter checklists) had no label: each gets its item's text.
Regular expressions on Material's own markup, which is fixed while Material is in maintenance.

The 404 page: static-i18n renders it once per language into the same ``404.html``, so the last
language won. Each rendering is kept, and written as ``404.html`` (default language) and
``<lang>/404.html``; in the offline bundle its links, absolute for a server, are made relative
so they work from file://.
"""

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.plugins import event_priority

from handbook.offline_hooks import offline_enabled

ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_NAME = {"vi": "Tìm kiếm trong sổ tay", "en": "Search the handbook"}
TASK = re.compile(r'(<li class="task-list-item">\s*<label class="task-list-control">'
                  r'<input type="checkbox")([^>]*>.*?</label>)(.*?)(?=</li>|<ul|<ol)', re.S)
TAG = re.compile(r"<[^>]+>")
HREFLANG = re.compile(r'href="[^"]*" hreflang="([\w-]+)"')
ROOTED = re.compile(r'\b(href|src|action)="/(?!/)([^"]*)"')
NOT_FOUND = {}  # language -> the rendered 404 page


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


def language_links_home(output, config):
    """The 404 page's language switch and alternates lead to each language's home page (they
    named the twin of the page rendered last)."""
    plugin = config.plugins.get("i18n")
    root = urlsplit(config.site_url or "/").path or "/"
    default = next(lang.locale for lang in plugin.config.languages if lang.default)
    return HREFLANG.sub(lambda m: f'href="{root if m[1] == default else f"{root}{m[1]}/"}" '
                                  f'hreflang="{m[1]}"', output)


def on_post_template(output, template_name, config):
    if template_name == "404.html" and config.plugins.get("i18n") is not None:
        NOT_FOUND[config.theme["language"]] = language_links_home(output, config)
    return output


def relative_links(output, depth):
    """Links from the site's root (``/x``) made relative to a page ``depth`` folders down."""
    up = "../" * depth
    def link(match):
        path = match[2]
        if path == "" or path.endswith("/"):
            path += "index.html"  # a folder from file:// is a listing, not its page
        return f'{match[1]}="{up}{path}"'

    return ROOTED.sub(link, output)


@event_priority(-100)  # before asset names change (handbook/fingerprint_hooks.py)
def on_post_build(config):
    plugin = config.plugins.get("i18n")
    if plugin is None or plugin.building:
        return
    site = Path(config.site_dir)
    default = next(lang.locale for lang in plugin.config.languages if lang.default)
    for language, output in NOT_FOUND.items():
        path = site / "404.html" if language == default else site / language / "404.html"
        if offline_enabled(config):
            output = relative_links(output, len(path.relative_to(site).parts) - 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output, encoding="utf-8")
    NOT_FOUND.clear()
