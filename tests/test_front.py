"""The front that `make run` starts (nginx before gunicorn), run for real on a random port."""

import gzip
import http.client
import importlib.util
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from quiz_server.db import close_thread_connections, connect, migrate

ROOT = Path(__file__).parents[1]
INLINE = "document.documentElement.className='js'"


def load_probe():
    spec = importlib.util.spec_from_file_location("slowloris", ROOT / "bench" / "slowloris.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """`python -m quiz_server.front` as `make run` calls it, with its defaults (2 × 8)."""
    base = tmp_path_factory.mktemp("front")
    site = base / "site"
    (site / "en").mkdir(parents=True)
    (site / "empty").mkdir()  # a folder without index.html
    (site / "main.57a0d79d.min.css").write_text("body{margin:0}", encoding="utf-8")
    page = f"<html><head><script>{INLINE}</script></head><body>{'<p>Sổ tay</p>' * 200}</body>"
    (site / "index.html").write_text(page, encoding="utf-8")
    (site / "en" / "index.html").write_text("<h1>Handbook</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>Không tìm thấy</h1>", encoding="utf-8")
    (site / "en" / "404.html").write_text("<h1>Not found</h1>", encoding="utf-8")
    database = base / "quiz.sqlite"
    migrate(connect(str(database)))
    close_thread_connections()
    port = free_port()
    env = dict(os.environ, QUIZ_SECRET_KEY="front-test", QUIZ_DATABASE=str(database))
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "quiz_server.front", "--port", str(port),
         "--instance", str(base / "instance"), "--site", str(site)], env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/quiz/login")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the front did not answer within 30 s")
    yield port, database
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)


def get(port, path, headers=None, method="GET", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def test_twenty_slow_clients_do_not_stop_normal_requests(front):
    probe = load_probe()
    result = probe.probe(front[0], sockets=20, seconds=10, mode="headers")
    assert result["failed"] == 0, probe.summary(result)
    assert len(result["times"]) >= 8 and max(result["times"]) < 1.0, probe.summary(result)


def test_handbook_from_nginx_with_its_headers(front):
    front, database = front
    front_site = Path(database).parent / "site"
    status, headers, body = get(front, "/", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "Sổ tay" in gzip.decompress(body).decode()
    csp = headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'sha256-" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Server"] == "nginx"  # no version
    assert headers["Cache-Control"] == "no-cache" and "ETag" in headers
    (site_css,) = [name for name in os.listdir(front_site) if name.endswith(".css")]
    status, headers, _ = get(front, f"/{site_css}")
    assert status == 200 and "immutable" in headers["Cache-Control"]
    status, headers, _ = get(front, "/en")
    assert status == 301 and headers["Location"] == "/en/"
    status, _, body = get(front, "/en/no-such-page/")
    assert status == 404 and b"Not found" in body  # each language its own 404 page
    status, _, body = get(front, "/no-such-page/")
    assert status == 404 and "Không tìm thấy" in body.decode()
    for odd in ("/index.html%00.txt", "/%2e%2e/%2e%2e/etc/passwd", "/nope%ff.html", "/empty/"):
        assert get(front, odd)[0] in (400, 404), odd


def test_quiz_behind_nginx_counts_the_real_client_address(front):
    front, database = front
    status, headers, body = get(front, "/quiz/login")
    assert status == 200 and "no-store" in headers["Cache-Control"]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    cookie = headers["Set-Cookie"].split(";")[0]
    form = urlencode({"csrf_token": token.decode(), "username": "nobody", "password": "x"})
    status, _, _ = get(front, "/quiz/login", method="POST", body=form, headers={
        "Cookie": cookie, "X-Forwarded-For": "203.0.113.9",
        "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401
    with sqlite3.connect(database) as conn:
        (detail,) = conn.execute("SELECT detail FROM audit_log WHERE action = "
                                 "'auth.login_failed'").fetchone()
    assert json.loads(detail)["address"] == "127.0.0.1"  # nginx's, not the forged one
    assert "object-src 'none'" in headers["Content-Security-Policy"]
    status, _, _ = get(front, "/quiz/login", method="POST", body=b"x" * (9 * 1024 * 1024),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413
