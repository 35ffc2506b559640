"""Smaller stylesheet (MkDocs hook, listed under ``hooks:`` in mkdocs.yml).

Material ships one stylesheet for every feature it has; it is a third of a chapter page's
weight with gzip. After the build, rules are dropped whose selectors need a class of a feature
this handbook does not use (blog, tags, versions, tabs, annotations, consent, Mermaid, …) and
that no built page contains. Rules of features the pages do use (code blocks, tables,
admonitions) and classes the theme's JavaScript adds (search, dialog, clipboard, tooltips) stay.
The palette stylesheet (light and dark schemes) keeps only the primary and accent colours that
the pages name: it ships rules for twenty colours.
"""

import re
from pathlib import Path

from mkdocs.plugins import event_priority

# Class names of features left out; a class is dropped only if no page of the site has it.
UNUSED = re.compile(r"^(md-(tag|post|version|banner|consent|social|source|annotation|tabs|"
                    r"feedback|progress|status|profile|author|blog|draft|nav--lifted|"
                    r"sidebar--post)|tabbed-|mermaid|arithmatex|critic|keys$|emojione|twemoji|"
                    r"grid$|card$|highlighttable|linenos|progress|filename)")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
HTML_CLASS = re.compile(r'class="([^"]*)"')
COLOUR = re.compile(r"\[data-md-color-(?:primary|accent)=([\w-]+)\]")
HTML_COLOUR = re.compile(r'data-md-color-(?:primary|accent)="([^"]*)"')


def split_top(text, sep):
    """``text`` split at ``sep`` outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def closing(text, start):
    """Index of the brace closing the one at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces")


def purge(css, keep, colours=None):
    """``css`` without selectors that need an unused feature's class absent from ``keep``, nor,
    if ``colours`` is given, a primary or accent colour absent from it."""
    def unused(selector):
        if colours is not None and any(c not in colours for c in COLOUR.findall(selector)):
            return True
        return any(UNUSED.match(c) and c not in keep for c in CLASS.findall(selector))

    out, i = [], 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            out.append(css[i:])
            break
        end = closing(css, brace)
        prelude, body = css[i:brace], css[brace + 1:end]
        if prelude.lstrip().startswith(("@media", "@supports")):
            inner = purge(body, keep, colours)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.lstrip().startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_top(prelude, ",") if not unused(s)]
            if selectors:
                out.append(",".join(selectors) + "{" + body + "}")
        i = end + 1
    return "".join(out)


def classes_in(site):
    """``(classes, colours)`` that the built pages use."""
    found, colours = set(), set()
    for page in Path(site).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for value in HTML_CLASS.findall(text):
            found.update(value.split())
        colours.update(HTML_COLOUR.findall(text))
    return found, colours


@event_priority(-200)
def on_post_build(config):
    plugin = config.plugins.get("i18n")
    if plugin is not None and plugin.building:
        return  # an inner build of one more language; purge once every page is written
    keep, colours = classes_in(config.site_dir)
    sheets = Path(config.site_dir) / "assets" / "stylesheets"
    for sheet in sheets.glob("main.*.min.css"):
        sheet.write_text(purge(sheet.read_text(encoding="utf-8"), keep), encoding="utf-8")
    for sheet in sheets.glob("palette.*.min.css"):
        text = sheet.read_text(encoding="utf-8")
        sheet.write_text(purge(text, keep, colours), encoding="utf-8")
