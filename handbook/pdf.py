"""``python -m handbook.pdf``: one printable PDF per language, from the built handbook.

static-i18n and mkdocs-print-site-plugin print only English (that plugin's issue #70), so the
book is assembled here: every page of the ``nav`` in order, taken from the built site, after a
cover and a table of contents, in one print page per language; Chromium prints it (Playwright,
Debian's chromium) with page numbers in the footer. A first print finds the page each chapter
starts on, a second one writes those numbers into the table of contents.

The fonts ship with the project (``handbook/fonts/``: Noto Sans and Noto Sans Mono, complete for
Vietnamese) and are named by ``@font-face`` with no fallback to the machine's own: built where
only DejaVu Sans Mono was installed, every template had broken stacked marks ("YÊU CÂÙ").
Ligatures are off: text copied or extracted from the PDF reads "fi", not "ﬁ".
"""

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
FONTS = Path(__file__).resolve().parent / "fonts"
# family, file, weight, style
FONT_FACES = [("Handbook Sans", "NotoSans-Regular.ttf", 400, "normal"),
              ("Handbook Sans", "NotoSans-Bold.ttf", 700, "normal"),
              ("Handbook Sans", "NotoSans-Italic.ttf", 400, "italic"),
              ("Handbook Sans", "NotoSans-BoldItalic.ttf", 700, "italic"),
              ("Handbook Mono", "NotoSansMono-Regular.ttf", 400, "normal"),
              ("Handbook Mono", "NotoSansMono-Bold.ttf", 700, "normal")]
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
QUIZ_SECTION = re.compile(r'<h2 id="check-your-understanding".*', re.S)
ATTR = re.compile(r'\b(id|href|src)="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
OPENING = 600  # characters (spacing removed) of a PDF page in which a page title must appear
TEXT = {
    "vi": {"toc": "Mục lục", "edition": "Bản in ngày {day}", "lang": "Tiếng Việt",
           "date": "%d/%m/%Y"},
    "en": {"toc": "Contents", "edition": "Printed on {day}", "lang": "English",
           "date": "%-d %B %Y"},
}
FOOTER = ('<div style="width:100%;font:9px sans-serif;color:#555;text-align:center">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PRINT_CSS = """
:root { --md-text-font-family: "Handbook Sans"; --md-code-font-family: "Handbook Mono" }
body, .md-typeset { font-family: "Handbook Sans" !important }
* { font-variant-ligatures: none !important; font-feature-settings: "kern" !important }
.md-typeset code, .md-typeset pre, .md-typeset kbd { font-family: "Handbook Mono" !important }
@page { size: A4; margin: 18mm 16mm 20mm }
html { font-size: 125% } body { margin: 0 }
.md-typeset { font-size: .7rem }
.md-typeset .headerlink, .md-content__button, .md-source-file { display: none }
.md-typeset a { color: inherit; text-decoration: underline }
.md-typeset table:not([class]) { font-size: .6rem }
.book-page { break-before: page }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center }
.cover { border-top: 6mm solid #4051b5; padding-top: 8mm }
.cover h1 { font-size: 2.2rem; line-height: 1.2; margin: 0 0 1rem; font-weight: 700 }
.cover h1 { color: #1a237e }
.cover p { font-size: .9rem; max-width: 34em }
.toc ol { list-style: none; padding: 0; margin: 0 }
.toc li { display: flex; gap: .5em; margin: .35em 0 }
.toc li a { text-decoration: none; color: inherit }
.toc li .dots { flex: 1; border-bottom: 1px dotted #888; margin-bottom: .3em }
"""


def font_faces():
    """``@font-face`` rules for the shipped fonts, by file URL (the book is opened from a file)."""
    return "\n".join(f'@font-face {{ font-family: "{family}"; src: url("{(FONTS / name).as_uri()}")'
                     f' format("truetype"); font-weight: {weight}; font-style: {style} }}'
                     for family, name, weight, style in FONT_FACES)


def nav_files(nav):
    """The Markdown files of the ``nav``, in order (nested sections flattened)."""
    def walk(items):
        for item in items:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                for value in item.values():
                    yield from ([value] if isinstance(value, str) else walk(value))

    return [f for f in walk(nav) if f.endswith(".md")]


def page_url(src, language, default):
    """The built page's URL path for a nav file (directory URLs), e.g. ``en/chapters/x/``."""
    stem = src[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index")
                                       else stem + "/")
    return path if language == default else f"{language}/{path}"


def languages(config):
    i18n = config.plugins["i18n"].config
    langs = [lang for lang in i18n.languages if lang.build]
    return next(lang.locale for lang in langs if lang.default), langs


def rewrite(body, url, anchors, number, site_url):
    """Ids prefixed per page; links inside the book become anchors, other links of the site
    point at its public address (``site_url``), images stay relative to the built site."""
    def attr(match):
        name, value = match[1], html.unescape(match[2])
        if name == "id":
            return f'id="p{number}-{value}"'
        if value.startswith("#"):
            return f'href="#p{number}-{value[1:]}"'
        target = urlsplit(urljoin("/" + url, value))
        if target.scheme and target.scheme not in ("http", "https") or target.netloc:
            return match[0]
        path = target.path.lstrip("/")
        if name == "href" and path in anchors:
            page = anchors[path]
            return f'href="#p{page}-{target.fragment}"' if target.fragment else f'href="#p{page}"'
        link = path + (f"?{target.query}" if target.query else "") + (
            f"#{target.fragment}" if target.fragment else "")
        if name == "href" and site_url:
            link = urljoin(site_url, link)
        return f'{name}="{html.escape(link)}"'
    return ATTR.sub(attr, body)


def assemble(site, config, language, pages_on=None):
    """The print page of one language: cover, contents, then every nav page."""
    default, langs = languages(config)
    lang = next(x for x in langs if x.locale == language)
    name = lang.site_name or config.site_name
    description = lang.site_description or config.site_description
    urls = [page_url(src, language, default) for src in nav_files(config.nav)]
    anchors = {url: n for n, url in enumerate(urls)}
    sections, contents, titles = [], [], []
    for n, url in enumerate(urls):
        text = (Path(site) / url / "index.html").read_text(encoding="utf-8")
        body = QUIZ_SECTION.sub("", ARTICLE.search(text)[1])
        heading = H1.search(HEADERLINK.sub("", body))
        title = " ".join(html.unescape(TAG.sub("", heading[1])).split()) if heading else url
        titles.append(title)
        body = rewrite(body, url, anchors, n, config.site_url)
        sections.append(f'<section class="book-page" id="p{n}">{body}</section>')
        number = pages_on[n] if pages_on else ""
        contents.append(f'<li><a href="#p{n}">{html.escape(title)}</a><span class="dots"></span>'
                        f"<span>{number}</span></li>")
    words = TEXT[language]
    today = date.today().strftime(words["date"])
    home = (Path(site) / "index.html").read_text(encoding="utf-8")
    links = "".join(f'<link rel="stylesheet" href="{href}">' for href in STYLESHEET.findall(home))
    return f"""<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(name)}</title>{links}
<style>{font_faces()}{PRINT_CSS}</style></head>
<body><div class="md-typeset">
<section class="cover"><h1>{html.escape(name)}</h1><p>{html.escape(description)}</p>
<p>{words["lang"]} · {words["edition"].format(day=today)}</p></section>
<nav class="toc book-page"><h1>{words["toc"]}</h1><ol>{"".join(contents)}</ol></nav>
{"".join(sections)}
</div></body></html>
""", titles


def squeeze(text):
    """Text without any spacing: extraction puts spaces around some Vietnamese letters."""
    return "".join(unicodedata.normalize("NFC", text).split())


def chapter_pages(pdf, titles):
    """The PDF page (1-based) each page of the book starts on: its title is near the top."""
    from pypdf import PdfReader

    texts = [squeeze(p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages]
    found, start = [], 2  # page 1 is the cover, the contents follow
    for title in titles:
        key = squeeze(title)[:40]
        page = next((i for i in range(start, len(texts)) if key in texts[i][:OPENING]), start)
        found.append(page + 1)
        start = page
    return found


def print_pdf(browser, site, config, language, out):
    """Write the PDF of one language; returns its number of pages."""
    from pypdf import PdfReader

    book = Path(site) / f"print-{language}.html"
    options = {"format": "A4", "print_background": True, "display_header_footer": True,
               "header_template": "<span></span>", "footer_template": FOOTER,
               "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
               "outline": True, "tagged": True}
    page = browser.new_page()
    try:
        text, titles = assemble(site, config, language)
        book.write_text(text, encoding="utf-8")
        page.goto(book.as_uri())
        first = page.pdf(**options)
        text, _ = assemble(site, config, language, chapter_pages(first, titles))
        book.write_text(text, encoding="utf-8")
        page.goto(book.as_uri())
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), **options)
    finally:
        page.close()
        book.unlink(missing_ok=True)
    return len(PdfReader(str(out)).pages)


def build_site(site_dir):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site_dir)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own command)


def make_pdfs(browser, site, out_dir):
    config = load_config(str(ROOT / "mkdocs.yml"))
    _, langs = languages(config)
    return {lang.locale: print_pdf(browser, site, config, lang.locale,
                                   Path(out_dir) / f"so-tay-{lang.locale}.pdf")
            for lang in langs}


def main(argv=None):
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m handbook.pdf")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build_site(site)
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            counts = make_pdfs(browser, site, args.out)
        finally:
            browser.close()
    for language, count in counts.items():
        out = args.out / f"so-tay-{language}.pdf"
        print(f"{out}: {count} pages, {out.stat().st_size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
