"""Print the weight of every page of the built handbook: HTML, CSS and JavaScript, raw and gzip.

    .venv/bin/python bench/site.py [SITE_DIR]      # default: build into a temporary folder

A first visit with nothing cached; the search index is listed apart (it loads only when a
search starts). Budget: a chapter page at most 80 KB transferred with gzip.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handbook.weight import BUDGET_GZIP, is_chapter, search_indexes, site_weights  # noqa: E402


def kb(n):
    return f"{n / 1024:7.1f}"


def report(site):
    weights = site_weights(site)
    print(f"{'page':52} {'html':>7} {'css':>7} {'js':>7} {'raw KB':>7} {'html':>7} {'css':>7} "
          f"{'js':>7} {'gz KB':>7}")
    for w in weights:
        over = "  over budget" if is_chapter(w.url) and w.gzip() > BUDGET_GZIP else ""
        print(f"{w.url:52} {kb(w.raw('html'))} {kb(w.raw('css'))} {kb(w.raw('js'))} "
              f"{kb(w.raw())} {kb(w.gzip('html'))} {kb(w.gzip('css'))} {kb(w.gzip('js'))} "
              f"{kb(w.gzip())}{over}")
    chapters = [w for w in weights if is_chapter(w.url)]
    print(f"\n{len(weights)} pages; HTML of all pages {kb(sum(w.raw('html') for w in weights))} KB "
          f"raw, {kb(sum(w.gzip('html') for w in weights))} KB gzip")
    print(f"every page visited once, nothing cached: {kb(sum(w.raw() for w in weights))} KB raw, "
          f"{kb(sum(w.gzip() for w in weights))} KB gzip")
    shared = {path: size for w in weights for kind in ("css", "js")
              for path, size in w.files.get(kind, {}).items()}
    raw = sum(w.raw("html") for w in weights) + sum(r for r, _ in shared.values())
    gz = sum(w.gzip("html") for w in weights) + sum(g for _, g in shared.values())
    print(f"every page, the CSS and JavaScript downloaded once: {kb(raw)} KB raw, {kb(gz)} KB gzip")
    if chapters:
        gz = [w.gzip() for w in chapters]
        print(f"chapter pages ({len(chapters)}): gzip median {kb(statistics.median(gz))} KB, "
              f"largest {kb(max(gz))} KB; budget {kb(BUDGET_GZIP)} KB")
    for url, (raw, gz) in search_indexes(site).items():
        print(f"search index {url}: {kb(raw)} KB raw, {kb(gz)} KB gzip (loaded on first search)")
    return all(w.gzip() <= BUDGET_GZIP for w in chapters)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", help="a built site folder")
    args = parser.parse_args()
    if args.site:
        return 0 if report(args.site) else 1
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", out],
                       cwd=ROOT, env=env, check=True)
        return 0 if report(out) else 1


if __name__ == "__main__":
    sys.exit(main())
