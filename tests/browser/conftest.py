"""Browser tests: the real built handbook and the real server, driven by Debian's Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from quiz_server.app_db import get_db
from quiz_server.core.users import create_user
from quiz_server.db import migrate
from quiz_server.wsgi import create_wsgi

ROOT = Path(__file__).resolve().parents[2]
ORGANIZER = ("org", "organizer-password-1")
TRAINEE = ("tra", "trainee-password-1")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def base_url():
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, base_url):
    """The handbook built by MkDocs for this server's address."""
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, HANDBOOK_SITE_URL=base_url + "/", HANDBOOK_QUIZ_URL="/quiz/")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(out)],
                   cwd=ROOT, env=env, check=True)
    return out


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, built_site, base_url):
    """The combined WSGI app (handbook + quiz server) on a free local port, in a thread."""
    database = tmp_path_factory.mktemp("db") / "quiz.sqlite"
    wsgi = create_wsgi(str(built_site), {"TESTING": True, "SECRET_KEY": "browser-test",
                                         "DATABASE": str(database)})
    app = wsgi.quiz_app
    with app.app_context():
        db = get_db()
        migrate(db)
        create_user(db, *ORGANIZER, "organizer", "Nguyễn Văn Tổ Chức")
        create_user(db, *TRAINEE, "trainee", "Trần Thị Học Viên",
                    privacy_accepted_at="2026-01-05T08:00:00+00:00")
    port = urlsplit(base_url).port
    server = make_server("127.0.0.1", port, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": base_url, "app": app}
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed (make test installs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page that records every request; no request may leave the origin."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    context.close()
    origin = live_server["url"]
    outside = [u for u in requests if not u.startswith((origin + "/", "data:", "blob:"))]
    assert outside == [], f"requests left {origin}: {outside}"
