"""The static handbook server used by `make run` and the combined WSGI app."""

import gzip

import pytest
from werkzeug.test import Client

from quiz_server.web.static_site import StaticSite
from quiz_server.wsgi import create_wsgi


@pytest.fixture
def site(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text("<h1>Sổ tay</h1>" * 50, encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text("<h1>Handbook</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Không tìm thấy</h1>", encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text("secret", encoding="utf-8")
    return tmp_path


def test_serves_pages_gzip_when_accepted(site):
    client = Client(StaticSite(site))
    plain = client.get("/")
    assert plain.status_code == 200 and "Sổ tay" in plain.get_data(as_text=True)
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()).decode() == plain.get_data(as_text=True)
    assert int(packed.headers["Content-Length"]) < len(plain.get_data())


def test_directory_without_slash_redirects(site):
    response = Client(StaticSite(site)).get("/en")
    assert response.status_code == 301 and response.headers["Location"] == "/en/"


def test_missing_page_and_traversal_give_404(site):
    client = Client(StaticSite(site))
    for path in ("/nope.html", "/../secret.txt", "/%2e%2e/secret.txt"):
        response = client.get(path)
        assert response.status_code == 404
        assert "secret" not in response.get_data(as_text=True)


def test_combined_app_mounts_quiz_under_quiz(site, tmp_path):
    wsgi = create_wsgi(str(site), {"TESTING": True, "SECRET_KEY": "t",
                                   "DATABASE": str(tmp_path / "q.sqlite")})
    client = Client(wsgi)
    assert "Handbook" in client.get("/en/").get_data(as_text=True)
    login = client.get("/quiz/login")
    assert login.status_code == 200
    assert 'action=""' not in login.get_data(as_text=True)
    assert "/quiz/static/quiz.css" in login.get_data(as_text=True)


def test_fingerprinted_assets_are_immutable_and_pages_are_revalidated(site):
    (site / "assets").mkdir()
    (site / "assets" / "main.e71ed3efa5.min.css").write_text("a{}", encoding="utf-8")
    (site / "assets" / "lunr.vi.js").write_text("x", encoding="utf-8")
    client = Client(StaticSite(site))
    css = client.get("/assets/main.e71ed3efa5.min.css")
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-cache"
    assert page.headers["ETag"] and page.headers["Last-Modified"]
    plain = client.get("/assets/lunr.vi.js")
    assert "immutable" not in plain.headers["Cache-Control"] and plain.headers["ETag"]


def test_conditional_requests_get_304_without_a_body(site):
    client = Client(StaticSite(site))
    first = client.get("/", headers={"Accept-Encoding": "gzip"})
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get("/", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    by_date = client.get("/", headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    (site / "index.html").write_text("<h1>Bản mới</h1>", encoding="utf-8")
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Bản mới" in changed.get_data(as_text=True)
    other = client.get("/", headers={"If-None-Match": '"something-else"',
                                     "If-Modified-Since": modified})
    assert other.status_code == 200  # If-None-Match decides when both are sent


def test_404_page_in_the_language_of_the_address(site):
    (site / "en" / "404.html").write_text("<h1>Page not found</h1>", encoding="utf-8")
    client = Client(StaticSite(site))
    english = client.get("/en/chapters/nope/")
    assert english.status_code == 404 and "Page not found" in english.get_data(as_text=True)
    vietnamese = client.get("/chapters/nope/")
    assert vietnamese.status_code == 404
    assert "Không tìm thấy" in vietnamese.get_data(as_text=True)
    assert client.get("/en/..%2f..%2fsecret.txt").status_code == 404
