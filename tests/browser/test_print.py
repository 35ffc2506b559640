"""Printing: one PDF per language with cover, contents, page numbers and every chapter."""

import html
import re
import unicodedata

import pytest
from mkdocs.config import load_config
from pypdf import PdfReader

from handbook.pdf import OPENING, ROOT, make_pdfs, nav_files, page_url, squeeze


@pytest.fixture(scope="module")
def pdfs(browser, built_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    counts = make_pdfs(browser, built_site, out)
    return {lang: (out / f"so-tay-{lang}.pdf", count) for lang, count in counts.items()}


def titles(site, language):
    """The h1 of every page of the nav, from the built site."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found = []
    for src in nav_files(config.nav):
        html = (site / page_url(src, language, "vi") / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"|<h1[^>]*>(.*?)</h1>", html, re.S)
        found.append(re.sub(r"<[^>]+>", "", h1[1] or h1[2]).strip())
    return found


def pages_text(path):
    return [squeeze(page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pdf_has_cover_contents_page_numbers_and_every_chapter(pdfs, built_site, language):
    path, count = pdfs[language]
    texts = pages_text(path)
    assert len(texts) == count > 10
    names = titles(built_site, language)
    assert any("Chương" in t for t in names) == (language == "vi")
    starts, page = [], 2  # each page of the book starts a PDF page with its title, in nav order
    for title in names:
        page = next((i for i in range(page, count) if squeeze(title) in texts[i][:OPENING]),
                    None)
        assert page is not None, f"{title!r} does not start a page"
        starts.append(page)
    assert starts == sorted(set(starts))
    contents = texts[1]
    assert contents.startswith({"vi": "Mụclục", "en": "Contents"}[language])
    assert all(squeeze(title) in contents for title in names)
    assert texts[0].endswith(f"1/{count}") and texts[-1].endswith(f"{count}/{count}")


def test_vietnamese_pdf_keeps_its_letters_in_embedded_fonts(pdfs):
    path, _ = pdfs["vi"]
    reader = PdfReader(path)
    text = squeeze(reader.pages[0].extract_text())
    assert "Sổtaytruyềnthôngchínhsách" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for font in (f.get_object() for f in fonts.values()):
        if font["/Subtype"] == "/Type3":  # glyphs drawn in the PDF itself
            embedded.append(True)
            continue
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        embedded.append("/FontFile2" in descriptor or "/FontFile3" in descriptor)
    assert embedded and all(embedded)


def test_print_css_hides_navigation(page, live_server):
    page.goto(live_server["url"] + "/chapters/01-overview/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").first.is_visible()


def template_lines(site, url):
    """The lines of the templates (``pre`` blocks) of a built page, as a reader sees them."""
    text = (site / url / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", line)).strip()
            for block in blocks for line in block.splitlines()]


def test_template_line_in_the_pdf_is_the_pages_text_in_the_shipped_fonts(pdfs, built_site):
    """The press release's opening line, extracted from the PDF, equals the page's text (NFC),
    with no loose combining marks, printed in the Noto fonts of handbook/fonts."""
    line = next(x for x in template_lines(built_site, "chapters/06-press-conferences")
                if x.startswith("Đoạn mở đầu"))
    path, _ = pdfs["vi"]
    reader = PdfReader(path)
    found = [(page, x.strip()) for page in reader.pages
             for x in (page.extract_text() or "").splitlines()
             if x.strip().startswith("Đoạn mở đầu")]
    assert found, "the line is not in the PDF"
    page, extracted = found[0]
    assert extracted == unicodedata.normalize("NFC", line)
    assert not re.search("[\u0300-\u036f]", extracted)
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for f in page["/Resources"]["/Font"].values()}
    assert "NotoSansMono-Regular" in fonts and "NotoSans-Regular" in fonts
