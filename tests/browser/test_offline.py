"""The offline bundle: unzipped and opened from file://, it searches in both languages."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from handbook.offline import FOLDER, build, zip_site

from .conftest import ROOT
from .test_search import DONE


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("offline")
    build(tmp / "site")
    archive = zip_site(tmp / "site", tmp / "so-tay-offline.zip")
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert all(n.startswith(FOLDER + "/") for n in names)
        assert not [n for n in names if n.endswith((".map", "search_index.json"))]
        z.extractall(tmp / "unzipped")
    return tmp / "unzipped" / FOLDER


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    context.close()
    assert requests and [u for u in requests if not u.startswith(("file://", "data:"))] == []


def search_offline(page, url, query):
    page.goto(url)
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")
    expect(page.locator(".md-search-result__meta")).to_have_text(DONE)
    return [link.get_attribute("href") for link in page.locator("a.md-search-result__link").all()]


def test_offline_bundle_searches_in_vietnamese(unpacked: Path, offline_page):
    links = search_offline(offline_page, (unpacked / "index.html").as_uri(), "truyen thong")
    assert links and not [u for u in links if f"{FOLDER}/en/" in u]
    assert "truyền" in {m.lower() for m in offline_page.locator(".md-search-result mark")
                        .all_inner_texts()}
    offline_page.locator("a.md-search-result__link").first.click()
    expect(offline_page).to_have_url(re.compile(r"^file://.+\.html"))
    expect(offline_page.locator("[data-md-component=content] mark").first).to_be_visible()


def test_offline_bundle_searches_in_english(unpacked: Path, offline_page):
    links = search_offline(offline_page, (unpacked / "en" / "index.html").as_uri(),
                           "policy communication")
    assert links and all(f"{FOLDER}/en/" in u for u in links)


def test_offline_pages_link_with_html_files(unpacked: Path, offline_page):
    offline_page.goto((unpacked / "chapters" / "01-overview.html").as_uri())
    expect(offline_page.locator("h1").first).to_contain_text("Chương 1")
    offline_page.locator(".md-select a[hreflang='en']").first.dispatch_event("click")
    expect(offline_page).to_have_url((unpacked / "en" / "chapters" / "01-overview.html").as_uri())


def test_home_pages_link_to_the_zip_when_it_is_built(unpacked: Path, tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    zip_site(unpacked, dist / "so-tay-offline.zip")
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_DIST=str(dist))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)
    assert (site / "so-tay-offline.zip").read_bytes() == (dist / "so-tay-offline.zip").read_bytes()
    vi = (site / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a href="so-tay-offline.zip" download>Bản đọc không cần mạng' in vi
    assert '<a href="../so-tay-offline.zip" download>Offline copy' in en
    chapter = (site / "chapters" / "01-overview" / "index.html").read_text(encoding="utf-8")
    assert "so-tay-offline.zip" not in chapter



def test_offline_template_downloads_are_in_the_bundle(unpacked: Path):
    """Offline pages are ``chapters/x.html``: each .docx link must still reach its file."""
    pages = sorted(unpacked.rglob("chapters/*.html"))
    links = [(page, href) for page in pages
             for href in re.findall(r'href="([^"]+\.docx)"', page.read_text(encoding="utf-8"))]
    assert len(links) >= 40 and any("/en/" in page.as_posix() for page, _ in links)
    assert [f"{page}: {href}" for page, href in links if not (page.parent / href).exists()] == []


def link_targets(page, url):
    """Every ``a[href]`` of a page as the browser resolves it."""
    page.goto(url)
    return page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")


def ids_of(path, cache={}):  # noqa: B006 (a cache on purpose)
    if path not in cache:
        cache[path] = set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))
    return cache[path]


def test_every_link_of_every_offline_page_resolves(unpacked: Path, browser):
    """All pages, the 404 page included: a file:// link names a file of the copy (and an id
    of it); quiz links name the public quiz server, absolute, and say they need a network."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    pages = sorted(unpacked.rglob("*.html"))
    assert unpacked / "404.html" in pages and unpacked / "en" / "404.html" in pages
    broken, quiz = [], []
    for html_file in pages:
        for href in link_targets(page, html_file.as_uri()):
            parts = urlsplit(href)
            if parts.scheme != "file":
                assert parts.scheme in ("http", "https"), href
                if "/quiz/" in parts.path:
                    quiz.append(href)
                continue
            target = Path(unquote(parts.path))
            fragment = unquote(parts.fragment)
            if not target.is_file() or (fragment and target.suffix == ".html"
                                        and fragment not in ids_of(target)):
                broken.append(f"{html_file.relative_to(unpacked)} -> {href}")
    context.close()
    assert broken == []
    assert len(quiz) >= 22  # 10 chapters in 2 languages and both home pages
    chapter = (unpacked / "chapters" / "09-false-information-crisis.html").read_text("utf-8")
    assert re.search(r'href="https?://[^"]+/quiz/practice/09-false-information-crisis\?lang=vi"',
                     chapter)
    assert "Cần kết nối mạng." in chapter


def test_offline_404_page_leads_home(unpacked: Path, offline_page):
    offline_page.goto((unpacked / "en" / "404.html").as_uri())
    expect(offline_page.locator("h1").first).to_have_text("Page not found")
    offline_page.get_by_role("link", name="Go to the handbook's home page").click()
    expect(offline_page).to_have_url((unpacked / "en" / "index.html").as_uri())
