"""The weight of each page of the built handbook: its HTML and the CSS and JavaScript it loads.

Used by ``bench/site.py`` (prints every page) and the budget test (a chapter page at most 80 KB
transferred with gzip). The search index is counted apart: it loads only when a search starts.
Sizes are those the server sends: the file, and the file gzipped at level 9 (quiz_server.site).
"""

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

BUDGET_GZIP = 80 * 1024
ASSET = re.compile(r'<(?:link rel="stylesheet"|script)[^>]* (?:href|src)="([^"]+)"')
# Loaded by overrides/assets/javascripts/handbook.js at start, in place of Material's worker
# (named in the script's data-worker; its name carries a hash, handbook/fingerprint_hooks.py).
STARTUP_WORKER = re.compile(r' data-worker="([^"]+)"')


@lru_cache(maxsize=256)
def sizes(path):
    data = Path(path).read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


@dataclass
class PageWeight:
    url: str
    files: dict = field(default_factory=dict)  # kind -> {path in the site: (raw, gzip)}

    def raw(self, kind=None):
        return sum(r for k, v in self.files.items() if kind in (None, k) for r, _ in v.values())

    def gzip(self, kind=None):
        return sum(g for k, v in self.files.items() if kind in (None, k) for _, g in v.values())


def kind_of(path):
    return {"css": "css", "js": "js"}.get(path.rsplit(".", 1)[-1], "other")


def page_weight(site, html_path):
    """What a first visit of one page transfers (nothing cached), by kind."""
    site = Path(site)
    rel = html_path.relative_to(site).as_posix()
    url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    weight = PageWeight(url, {"html": {rel: sizes(str(html_path))}})
    text = html_path.read_text(encoding="utf-8")
    targets = [urlsplit(urljoin(url, ref)).path for ref in ASSET.findall(text)]
    targets += [urlsplit(urljoin(url, ref)).path for ref in STARTUP_WORKER.findall(text)]
    for target in dict.fromkeys(targets):
        file = site / target.lstrip("/")
        if file.is_file():
            weight.files.setdefault(kind_of(target), {})[target] = sizes(str(file))
    return weight


def site_weights(site):
    site = Path(site)
    pages = sorted(p for p in site.rglob("*.html"))
    return [page_weight(site, p) for p in pages]


def search_indexes(site):
    """``{url: (raw, gzip)}`` of every search index (loaded only when a search starts)."""
    site = Path(site)
    return {"/" + p.relative_to(site).as_posix(): sizes(str(p))
            for p in sorted(site.rglob("search_index.json"))}


def is_chapter(url):
    return re.search(r"/chapters/[^/]+/$", url) is not None
