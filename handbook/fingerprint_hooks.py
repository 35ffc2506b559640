"""Asset names that change with their content (MkDocs hook, listed under ``hooks:`` in mkdocs.yml).

A server may then let browsers keep them for a year without asking again (``immutable``, see
``quiz_server/site.py`` and the README's nginx settings): on a slow line a second page costs
only its HTML. Material's names carry a hash of the file as Material ships it, but the CSS
purge (``handbook/css_hooks.py``) rewrites those files, and the handbook's own scripts have
plain names; after the last language is built, each of them is renamed
``<stem>.<hash of its content>.<ext>`` and every reference in the built pages follows.
The handbook's scripts are sent without their comments and indentation (the page budget);
the commented source stays in ``overrides/``.
"""

import hashlib
import re
from pathlib import Path

from mkdocs.plugins import event_priority

# The files renamed; Material's own hash (8 hex digits) is replaced, if there is one.
ASSETS = ["assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css",
          "assets/javascripts/handbook.js", "assets/javascripts/search-rank.js",
          "assets/javascripts/workers/search-on-demand.js"]
MATERIAL_HASH = re.compile(r"\.[0-9a-f]{8}(?=\.min\.)")
OWN_SCRIPTS = {"handbook.js", "search-rank.js", "search-on-demand.js"}
# A block comment alone on its lines (it cannot contain "*/"), and the indentation of a line.
COMMENT = re.compile(r"^[ \t]*/\*(?:[^*]|\*(?!/))*\*/[ \t]*\n", re.M)
INDENT = re.compile(r"^[ \t]+", re.M)


def compact_js(source):
    """``source`` without whole-line block comments, indentation and blank lines (the scripts
    have no template literals or multi-line strings, where that would change the text)."""
    text = INDENT.sub("", COMMENT.sub("", source))
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def fingerprinted(path, data):
    """The file's name with a hash of ``data``: ``main.1a2b3c4d5e.min.css``, ``handbook.….js``."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    name = MATERIAL_HASH.sub("", path.name)
    stem, _, ext = name.partition(".")
    return path.with_name(f"{stem}.{digest}.{ext}")


def rename_assets(site):
    """Rename every asset of ``ASSETS``; ``{old path in the site: new path}``."""
    moves = {}
    for pattern in ASSETS:
        for path in sorted(site.glob(pattern)):
            if path.name in OWN_SCRIPTS:
                path.write_text(compact_js(path.read_text(encoding="utf-8")), encoding="utf-8")
            target = fingerprinted(path, path.read_bytes())
            path.rename(target)
            (path.parent / (path.name + ".map")).unlink(missing_ok=True)
            moves[path.relative_to(site).as_posix()] = target.relative_to(site).as_posix()
    return moves


def rewrite_pages(site, moves):
    if not moves:
        return
    pattern = re.compile("|".join(re.escape(old) for old in sorted(moves, key=len, reverse=True)))
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: moves[m[0]], text)
        if new != text:
            page.write_text(new, encoding="utf-8")


@event_priority(-300)  # after the CSS purge and the search index split
def on_post_build(config):
    plugin = config.plugins.get("i18n")
    if plugin is not None and plugin.building:
        return  # an inner build of one more language; rename once every page is written
    site = Path(config.site_dir)
    rewrite_pages(site, rename_assets(site))
