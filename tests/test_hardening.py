"""Hardening, second round (issue 20): erased means erased, private files, sessions by the book,
no-store, the authentication log, practice floods; on a real SQLite file through the real app."""

import os
import stat
import time

import pytest
from conftest import ORGANIZER, TRAINEE, AuthActions, csrf_token
from werkzeug.test import Client

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.config import ConfigError, load_config
from quiz_server.core import erasure, slips, users
from quiz_server.core.backup import prune
from quiz_server.core.users import create_user
from quiz_server.web.static_site import StaticSite

NAME = "Zyxwv Erasee"
EMAIL = "zyxwv.erasee@example.vn"


def post(client, path, data=None, page_path="/"):
    page = client.get(page_path, follow_redirects=True).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(page), **(data or {})})


def audit_rows(app, prefix="auth."):
    with app.app_context():
        return [dict(r) for r in get_db().query(
            "SELECT user_id, action, detail FROM audit_log WHERE action LIKE ? ORDER BY id",
            [prefix + "%"])]


# Erased means erased ---------------------------------------------------------------------------

def test_after_an_erasure_the_name_is_in_no_database_file(app, client):
    with app.app_context():
        uid = create_user(get_db(), "zyxwv", "mat-khau-rieng-1", "trainee", NAME, email=EMAIL,
                          phone="0912345678", privacy_accepted_at="2026-01-05T08:00:00+00:00")
        for unit in ("Sở A", "Sở B", "Sở C"):  # several versions of the row reach the WAL
            get_db()["users"].update(uid, {"unit": f"{unit} {NAME}"})
    AuthActions(client).login("zyxwv", "mat-khau-rieng-1")
    post(client, "/account/deletion", {"reason": f"Xin xóa dữ liệu của {NAME}, {EMAIL}",
                                       "confirmed": "yes"},
         "/account/data")
    organizer = app.test_client()
    AuthActions(organizer).login_organizer()
    with app.app_context():
        (pending,) = erasure.pending_requests(get_db())
    assert post(organizer, f"/organizer/deletion-requests/{pending['id']}/erase",
                {"confirmed": "yes"}, "/organizer/deletion-requests").status_code == 302
    database = app.config["DATABASE"]
    with app.app_context():  # the server's connections are still open, as in production
        assert get_db().execute("SELECT reason FROM deletion_requests").fetchone()[0] == ""
        files = [database + suffix for suffix in ("", "-wal") if os.path.exists(database + suffix)]
        assert database + "-wal" in files
        for path in files:
            with open(path, "rb") as file:
                data = file.read()
            for secret in (NAME, EMAIL, "0912345678"):
                assert secret.encode() not in data, (secret, path)


def test_database_wal_shm_and_backups_are_private(app, runner, tmp_path):
    with app.app_context():
        get_db()["audit_log"].insert({"at": "x", "action": "test", "detail": "d"})
    database = app.config["DATABASE"]
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE(os.stat(database + suffix).st_mode) == 0o600, suffix
    target = tmp_path / "b" / "copy.sqlite"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_backup_without_a_name_goes_to_the_backup_folder_and_prune_keeps_recent_ones(
        app, runner, tmp_path):
    folder = tmp_path / "backups"
    app.config["BACKUP_DIR"] = str(folder)
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    (recent,) = folder.iterdir()
    old = folder / "quiz-20250101-000000.sqlite"
    old.write_bytes(recent.read_bytes())
    notes = folder / "notes.txt"
    notes.write_text("not a backup")
    month_ago = time.time() - 40 * 86400
    for path in (old, notes):
        os.utime(path, (month_ago, month_ago))
    app.config["BACKUP_KEEP_DAYS"] = 30
    result = runner.invoke(args=["prune-backups"])
    assert result.exit_code == 0 and "1 backup(s)" in result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted([recent.name, "notes.txt"])
    assert prune(folder, 30) == []


def test_slip_passwords_leave_at_the_end_of_the_window(app, runner):
    with app.app_context():
        db = get_db()
        db["courses"].insert({"code": "S-1", "title_vi": "Khóa", "starts_on": "2026-01-01",
                              "ends_on": "2026-12-31"})
        course_id = db.execute("SELECT id FROM courses").fetchone()[0]
        rows = [{"full_name": NAME, "username": "zy", "password": "Pw-SecretSlip-9"}]
        slips.store(db, course_id, 1, rows, now=time.time() - slips.KEEP_SECONDS - 5)
        assert db.execute("SELECT count(*) FROM login_slips").fetchone()[0] == 1
        # Any read of the slips removes the expired ones, and the WAL with them.
        assert slips.pending(db, course_id, 1) is None
        assert db.execute("SELECT count(*) FROM login_slips").fetchone()[0] == 0
        with open(app.config["DATABASE"] + "-wal", "rb") as wal:
            assert b"Pw-SecretSlip-9" not in wal.read()
        slips.store(db, course_id, 1, rows, now=time.time() - slips.KEEP_SECONDS - 5)
    result = runner.invoke(args=["prune-expired-data"])
    assert result.exit_code == 0 and "login slips: 1" in result.output
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM login_slips").fetchone()[0] == 0


def test_prune_expired_data_removes_old_anonymous_practice_and_throttle_rows(app, client,
                                                                             runner):
    chapter = next(iter(app.extensions["question_bank"].chapters))
    assert post(client, f"/practice/{chapter}/start", page_path=f"/practice/{chapter}"
                ).status_code == 302
    with app.app_context():
        db = get_db()
        db.execute("UPDATE attempts SET started_at = '2020-01-01T00:00:00+00:00'")
        db.execute("INSERT INTO throttle (kind, key, at) VALUES ('x', 'y', 1)")
    result = runner.invoke(args=["prune-expired-data"])
    assert result.exit_code == 0, result.output
    assert "anonymous practice attempts: 1" in result.output
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM attempts").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM attempt_items").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM throttle WHERE at = 1").fetchone()[0] == 0


def test_anonymous_practice_starts_are_throttled_per_address(app, client):
    from quiz_server.web.public import practice

    chapter = next(iter(app.extensions["question_bank"].chapters))
    page = client.get(f"/practice/{chapter}").get_data(as_text=True)
    with app.app_context():
        get_db().conn.executemany(
            "INSERT INTO throttle (kind, key, at) VALUES (?, '127.0.0.1', ?)",
            [(practice.ANONYMOUS_STARTS.kind, time.time())] * practice.ANONYMOUS_STARTS.limit)
    refused = client.post(f"/practice/{chapter}/start", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Quá nhiều" in refused.get_data(as_text=True)
    other = app.test_client()  # another address still starts
    page = other.get(f"/practice/{chapter}", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.post(f"/practice/{chapter}/start", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                      data={"csrf_token": csrf_token(page.get_data(as_text=True))}
                      ).status_code == 302


# Sessions and secrets --------------------------------------------------------------------------

@pytest.fixture
def https_app(app):
    return create_app({**{k: app.config[k] for k in ("DATABASE", "QUESTIONS_DIR")},
                       "TESTING": True, "SECRET_KEY": "s",
                       "PUBLIC_URL": "https://quiz.example.vn"})


def test_over_https_cookies_are_secure_host_cookies_and_hsts_is_sent(https_app):
    client = https_app.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    response = client.post("/login", base_url="https://localhost", headers={
        "Referer": "https://localhost/login"}, data={
        "username": TRAINEE[0], "password": TRAINEE[1], "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    lang = client.get("/lang/en", base_url="https://localhost")
    assert lang.headers["Set-Cookie"].startswith("__Host-quiz_lang=en")
    assert "Secure" in lang.headers["Set-Cookie"]


def test_plain_http_in_production_is_refused_unless_allowed(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZ_SECRET_KEY", "k")
    monkeypatch.setenv("QUIZ_PUBLIC_URL", "http://quiz.example.vn")
    monkeypatch.delenv("QUIZ_ALLOW_HTTP", raising=False)
    with pytest.raises(ConfigError, match="QUIZ_ALLOW_HTTP"):
        load_config(str(tmp_path))
    monkeypatch.setenv("QUIZ_ALLOW_HTTP", "1")
    assert "SESSION_COOKIE_SECURE" not in load_config(str(tmp_path))
    monkeypatch.setenv("QUIZ_PUBLIC_URL", "http://127.0.0.1:8000")  # `make run`
    monkeypatch.delenv("QUIZ_ALLOW_HTTP")
    assert load_config(str(tmp_path))["HSTS"] is False


def test_a_session_ends_after_its_absolute_lifetime(app, client, auth):
    auth.login_trainee()
    assert client.get("/").status_code == 200
    with app.app_context():
        get_db().execute("UPDATE sessions SET created_at = ?, last_seen = ?",
                         [time.time() - 13 * 3600, time.time()])
    response = client.get("/", follow_redirects=True)
    assert "12 giờ sau khi đăng nhập" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert [r["action"] for r in audit_rows(app)][-1] == "auth.session_lifetime"


def test_pages_with_personal_data_or_passwords_are_never_stored(app, client, auth):
    auth.login_organizer()
    with app.app_context():
        trainee_id = users.find_row(get_db(), "tra")["id"]
    reset = post(client, f"/organizer/accounts/{trainee_id}/reset", {"confirmed": "yes"},
                 "/organizer/accounts")
    assert reset.status_code == 200 and reset.headers["Cache-Control"] == "no-store"
    for path in ("/organizer/accounts", "/organizer/audit", "/organizer/deletion-requests",
                 "/account/data", "/account/data.json", "/organizer/"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/static/quiz.css").headers.get("Cache-Control", "")


# Authentication log ----------------------------------------------------------------------------

def test_logins_failures_lockouts_and_logouts_are_logged_without_passwords(app, client, auth):
    auth.login(TRAINEE[0], "wrong-password-123")
    auth.login("nobody-here", "wrong-password-123")
    auth.login_trainee()
    auth.logout()
    for _ in range(12):
        AuthActions(app.test_client()).login(ORGANIZER[0], "wrong-password-456")
    rows = audit_rows(app)
    actions = [r["action"] for r in rows]
    trainee_id = rows[0]["user_id"]
    assert actions[:4] == ["auth.login_failed", "auth.login_failed", "auth.login", "auth.logout"]
    assert rows[1]["user_id"] is None and '"unknown_account": "nobody-here"' in rows[1]["detail"]
    assert rows[2]["user_id"] == trainee_id == rows[3]["user_id"]
    assert actions.count("auth.lockout") == 1
    assert not any("wrong-password" in r["detail"] or TRAINEE[1] in r["detail"] for r in rows)


# The static handbook ---------------------------------------------------------------------------

def test_static_handbook_headers_and_odd_paths(tmp_path):
    (tmp_path / "index.html").write_text("<script>var a=1</script><p>Sổ tay</p>",
                                         encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>404</h1>", encoding="utf-8")
    client = Client(StaticSite(tmp_path))
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "'sha256-" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers
    for odd in ("/index.html%00.txt", "/%00", "/" + "a" * 5000, "/index.html/%00"):
        assert client.get(odd).status_code == 404, odd
    secure = Client(StaticSite(tmp_path, https=True)).get("/")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_refused_login_slips_are_audited_and_limited(app, client, auth):
    auth.login_organizer()
    with app.app_context():
        trainee_id = users.find_row(get_db(), "tra")["id"]
    page = post(client, f"/organizer/accounts/{trainee_id}/reset", {"confirmed": "yes"},
                "/organizer/accounts").get_data(as_text=True)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    path = f"/organizer/accounts/{trainee_id}/slip.pdf"
    for _ in range(10):
        assert client.post(path, data={"csrf_token": csrf_token(page), "token": "guess"}
                           ).status_code == 400
    held = client.post(path, data={"csrf_token": csrf_token(page), "token": token})
    assert held.status_code == 429  # even the right token waits once the limit is reached
    assert len(audit_rows(app, "account.login_slip_refused")) == 11
