"""Accounts (issue 8) and login hardening (issue 7, items 11, 13 and 21), through HTTP and the
functions behind the pages, on a real SQLite file."""

import io
import re
import time
from types import SimpleNamespace

import pytest
from conftest import CONSENTED, ORGANIZER, OTHER_TRAINEE, TRAINEE, AuthActions, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import common_passwords, courses, login_limits, sessions, throttle, users
from quiz_server.core.users import create_user


def user_id(app, username):
    with app.app_context():
        return users.find_row(get_db(), username)["id"]


DEACTIVATE = {"active": "0", "confirmed": "yes"}  # the second post, from the confirmation


def post(client, path, data=None, page_path="/", **kwargs):
    """POST with a CSRF token taken from ``page_path``."""
    page = client.get(page_path, follow_redirects=True).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(page), **(data or {})}, **kwargs)


def session_rows(app, username):
    with app.app_context():
        return sessions.count(get_db(), user_id(app, username))


# Server-side sessions (issue 7, item 13) ------------------------------------------------------

def test_session_id_changes_at_login_and_cookie_flags(app, client, auth):
    client.get("/login")
    before = client.get_cookie("session").value
    response = auth.login_trainee()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    with client.session_transaction() as s:
        first_sid = s["sid"]
    assert client.get_cookie("session").value != before
    auth.logout()
    auth.login_trainee()
    with client.session_transaction() as s:
        assert s["sid"] != first_sid
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM sessions WHERE id = ?",
                                [first_sid]).fetchone()[0] == 0


def test_a_session_survives_a_new_address_and_browser_string(tmp_path):
    """A phone moving from Wi-Fi to 4G mid-test keeps its session (issue 13)."""
    from quiz_server import create_app
    from quiz_server.db import close_thread_connections, migrate

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "TRUSTED_PROXIES": 1,
                      "DATABASE": str(tmp_path / "move.sqlite")})
    with app.app_context():
        migrate(get_db())
        create_user(get_db(), *TRAINEE, "trainee", "T", privacy_accepted_at=CONSENTED)
    client = app.test_client()
    wifi = {"REMOTE_ADDR": "127.0.0.1"}
    assert AuthActions(client).login(*TRAINEE, environ_base=wifi, headers={
        "X-Forwarded-For": "203.0.113.7", "User-Agent": "Phone/1 Wi-Fi"}).status_code == 302
    moved = client.get("/", environ_base=wifi, headers={
        "X-Forwarded-For": "198.51.100.4", "User-Agent": "Phone/1 4G"})
    assert moved.status_code == 200 and "Khóa học của tôi" in moved.get_data(as_text=True)
    close_thread_connections()


def test_secure_cookies_when_asked(monkeypatch, tmp_path):
    from quiz_server.config import load_config

    monkeypatch.setenv("QUIZ_SECURE_COOKIES", "true")
    config = load_config(str(tmp_path), {"TESTING": True})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_logout_invalidates_a_copied_cookie(app, client, auth):
    auth.login_trainee()
    copied = client.get_cookie("session").value
    assert client.get("/").status_code == 200
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_session_planted_before_login_is_not_kept(app, client, auth):
    """Session fixation: a cookie an attacker got before the victim logs in stays anonymous."""
    client.get("/login")
    planted = client.get_cookie("session").value
    auth.login_trainee()
    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert attacker.get("/").status_code == 302


# Passwords (issue 7, item 21) ----------------------------------------------------------------

def test_long_and_pasted_passwords_work(app, client, auth):
    long_password = "Một câu mật khẩu thật dài " * 30  # 780 characters, with Vietnamese letters
    with app.app_context():
        create_user(get_db(), "dai", long_password, "trainee", "Người Dài",
                    privacy_accepted_at=CONSENTED)
        stored = users.find_row(get_db(), "dai")["password_hash"]
    assert stored.startswith("$argon2id$")
    assert auth.login("dai", long_password).status_code == 302
    auth.logout()
    # Pasted from a document: surrounding spaces and tabs are part of the password.
    with app.app_context():
        create_user(get_db(), "dan", "\t dán từ tài liệu \t", "trainee", "Người Dán",
                    privacy_accepted_at=CONSENTED)
    assert auth.login("dan", "\t dán từ tài liệu \t").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example",
                                    "///evil.example", "http:/evil.example"])
def test_open_redirect_through_next_is_refused(client, target):
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", query_string={"next": target}, data={
        "username": TRAINEE[0], "password": TRAINEE[1], "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# Login throttling that fits a classroom (issue 13) ----------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand: pauses are tested without sleeping."""
    now = [time.time()]
    monkeypatch.setattr("quiz_server.core.throttle.time", SimpleNamespace(time=lambda: now[0]))
    return now


ROOM = {"REMOTE_ADDR": "10.0.0.50"}  # one router, the whole room behind it


def test_one_trainees_typos_never_block_another_at_the_same_address(app, clock):
    typist = AuthActions(app.test_client())
    for _ in range(10):
        typist.login(TRAINEE[0], "wrong-password", environ_base=ROOM)
        clock[0] += 301  # whatever pause the typist earned, the room goes on
    neighbour = AuthActions(app.test_client()).login(*OTHER_TRAINEE, environ_base=ROOM)
    assert neighbour.status_code == 302


def test_guessing_one_account_slows_down_with_a_growing_pause(app, client, auth, clock):
    for _ in range(4):  # three free failures, then a pause that doubles
        assert auth.login(TRAINEE[0], "wrong-password").status_code == 401
    paused = auth.login(TRAINEE[0], "wrong-password")
    assert paused.status_code == 429 and paused.headers["Retry-After"] == "1"
    assert "Có quá nhiều lần đăng nhập sai" in paused.get_data(as_text=True)
    clock[0] += 1
    assert auth.login(TRAINEE[0], "wrong-password").status_code == 401
    clock[0] += 1
    assert auth.login(TRAINEE[0], "wrong-password").status_code == 429  # now 2 s
    clock[0] += 1
    assert auth.login(*TRAINEE).status_code == 302  # the owner, once the pause is over


def guess_ten_times(auth, clock, **kwargs):
    """Ten wrong passwords as fast as the pauses allow."""
    failures = 0
    while failures < 10:
        response = auth.login(TRAINEE[0], "wrong-password", **kwargs)
        if response.status_code == 429:
            clock[0] += int(response.headers["Retry-After"])
        else:
            failures += 1
    return clock


def test_ten_failures_in_five_minutes_stop_that_account_from_that_address(app, auth, clock):
    guess_ten_times(auth, clock)
    refused = auth.login(*TRAINEE)  # even the right password, from the guessing device
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 60


def test_the_owner_logs_in_from_a_fresh_address_while_someone_guesses(app, auth, clock):
    guess_ten_times(auth, clock)
    owner = AuthActions(app.test_client()).login(*TRAINEE, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert owner.status_code == 302


def test_a_whole_rooms_failures_block_the_address_at_three_hundred(app, clock):
    with app.app_context():
        for n in range(login_limits.LOGIN_ADDRESS.limit):
            throttle.note(get_db(), "login-address", ROOM["REMOTE_ADDR"], now=clock[0] - 1 - n / 10)
    blocked = AuthActions(app.test_client()).login(*OTHER_TRAINEE, environ_base=ROOM)
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    elsewhere = AuthActions(app.test_client()).login(
        *OTHER_TRAINEE, environ_base={"REMOTE_ADDR": "10.0.0.11"})
    assert elsewhere.status_code == 302


def test_a_success_takes_back_its_own_try_and_keeps_no_failure(app, auth, clock):
    for _ in range(3):
        auth.login(TRAINEE[0], "wrong-password")
    assert auth.login_trainee().status_code == 302
    with app.app_context():
        kinds = sorted(r[0] for r in get_db().execute("SELECT kind FROM throttle"))
    assert kinds == ["login-account"] * 3 + ["login-address"] * 3 + ["login-pair"] * 3


def test_parallel_guesses_cannot_pass_the_limit(app):
    """Tries are counted before the password is checked: 20 at once, 1 slot left, 1 passes."""
    import threading

    from quiz_server.db import close_thread_connections

    with app.app_context():
        for n in range(9):
            throttle.note(get_db(), "login-pair", "tra\n10.0.0.1", now=time.time() - 250 + n)
    path, barrier, results = app.config["DATABASE"], threading.Barrier(20), []

    def guess():
        from quiz_server.db import thread_connection

        db = thread_connection(path)
        barrier.wait()
        results.append(login_limits.take_login(db, "tra", "10.0.0.1")[0])
        close_thread_connections()

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results).count(0) == 1


# Password change by the trainee ----------------------------------------------------------------

def change(client, current, new, confirm=None):
    return post(client, "/account/password", {"current": current, "new": new,
                                                "confirm": new if confirm is None else confirm},
                page_path="/account/password")


def test_password_rules(app):
    assert users.password_problem("short") == "too_short"
    assert users.password_problem("x" * 1025) == "too_long"
    assert users.password_problem("Password123") == "common"
    assert users.password_problem("QWERTYUIOP") == "common"
    assert users.password_problem("aaaaaaaaaaaa") == "common"
    assert users.password_problem("tra-is-my-name", "TRA") == "username"
    assert users.password_problem("gió mùa đông bắc") is None
    # The published list (30,000), the service's words, and the usual decorations of both.
    assert len(common_passwords.words()) >= 30000
    for weak in ("Abc@123456", "Aa123456789", "Admin@12345", "anhyeuem12", "1234qwer!@#$",
                 "abcabcabca", "matkhau123", "Sotay@2026", "Đăngnhập!23"):
        assert users.password_problem(weak) == "common", weak
    assert users.password_problem("Gx7#kP2m!qLw") is None


def test_trainee_changes_password(app, client, auth):
    auth.login_trainee()
    other = app.test_client()
    AuthActions(other).login_trainee()
    response = change(client, TRAINEE[1], "gió mùa đông bắc về")
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # the other one ended
    with app.app_context():
        assert users.authenticate(get_db(), "tra", "gió mùa đông bắc về") is not None
        assert users.authenticate(get_db(), "tra", TRAINEE[1]) is None


@pytest.mark.parametrize(("current", "new", "confirm", "field", "message"), [
    ("wrong-current-pw", "gió mùa đông bắc về", None, "current", "Mật khẩu hiện tại không đúng"),
    (TRAINEE[1], "ngắn", None, "new", "ít nhất 10 ký tự"),
    (TRAINEE[1], "password123", None, "new", "mật khẩu phổ biến nhất"),
    (TRAINEE[1], "gió mùa đông bắc về", "khác hẳn nhau rồi", "confirm", "không giống nhau"),
])
def test_refused_password_changes_say_why_beside_the_field(app, client, auth, current, new,
                                                           confirm, field, message):
    auth.login_trainee()
    response = change(client, current, new, confirm)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert f'aria-describedby="{field}-error"' in page or f'{field}-hint {field}-error' in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert users.authenticate(get_db(), *TRAINEE) is not None


def test_guessing_the_current_password_is_throttled(app, client, auth):
    auth.login_trainee()
    for _ in range(10):
        assert change(client, "guess-guess-guess", "gió mùa đông bắc về").status_code == 400
    response = change(client, TRAINEE[1], "gió mùa đông bắc về")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "sai mật khẩu hiện tại quá nhiều lần" in response.get_data(as_text=True)
    with app.app_context():
        assert users.authenticate(get_db(), *TRAINEE) is not None


# Reset by an organizer, forced change, login slip ----------------------------------------------

def reset(client, app, username):
    return post(client, f"/organizer/accounts/{user_id(app, username)}/reset",
                {"confirmed": "yes"}, page_path="/organizer/accounts")


def test_organizer_resets_a_password_prints_the_slip_and_the_trainee_must_change_it(
        app, client, auth):
    trainee = app.test_client()
    AuthActions(trainee).login_trainee()
    auth.login_organizer()
    response = reset(client, app, "tra")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    password = page.split('class="password-once">')[1].split("<")[0]
    assert len(password) == 12
    assert trainee.get("/").status_code == 302  # the trainee's open session ended
    with app.app_context():
        entry = get_db().execute("SELECT action, detail FROM audit_log ORDER BY id DESC"
                                 ).fetchone()
    assert entry[0] == "account.reset_password" and '"username": "tra"' in entry[1]
    assert password not in entry[1]

    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    slip = client.post(f"/organizer/accounts/{user_id(app, 'tra')}/slip.pdf",
                       data={"csrf_token": csrf_token(page), "token": token})
    assert slip.status_code == 200 and slip.mimetype == "application/pdf"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(slip.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Trần Thị Học Viên" in text and password in text and "Phiếu đăng nhập" in text
    # A slip comes only from the reset: no password is tested, the right one included.
    for data in ({"password": password}, {"token": token + "x"}):
        forged = client.post(f"/organizer/accounts/{user_id(app, 'tra')}/slip.pdf",
                             data={"csrf_token": csrf_token(page), **data})
        assert forged.status_code == 400
    other = client.post(f"/organizer/accounts/{user_id(app, 'tra2')}/slip.pdf",
                        data={"csrf_token": csrf_token(page), "token": token})
    assert other.status_code == 400

    fresh = app.test_client()
    response = AuthActions(fresh).login("tra", password)
    assert response.status_code == 302
    assert fresh.get("/").headers["Location"] == "/account/password"
    assert fresh.get("/account/data").headers["Location"] == "/account/password"
    assert "Mật khẩu của bạn do ban tổ chức đặt" in fresh.get("/account/password").get_data(
        as_text=True)
    assert change(fresh, password, "mây trắng bay về núi").status_code == 302
    assert fresh.get("/").status_code == 200


def test_trainee_cannot_reset_passwords(app, client, auth):
    auth.login_trainee()
    assert reset(client, app, "tra2").status_code == 403


# Deactivation and organizer accounts ------------------------------------------------------------

def test_deactivated_account_cannot_log_in_and_keeps_results(app, client, auth):
    with app.app_context():
        course = courses.create_course(get_db(), app.extensions["question_bank"], code="D-1",
                                       title_vi="K", starts_on="2026-01-01", ends_on="2026-01-02")
        courses.enrol(get_db(), course.id, user_id(app, "tra"))
    trainee = app.test_client()
    AuthActions(trainee).login_trainee()
    auth.login_organizer()
    response = post(client, f"/organizer/accounts/{user_id(app, 'tra')}/active", DEACTIVATE,
                    page_path="/organizer/accounts")
    assert response.status_code == 302
    assert trainee.get("/").status_code == 302  # logged out at once
    response = AuthActions(app.test_client()).login_trainee()
    assert response.status_code == 403
    assert "Tài khoản này đã bị khóa" in response.get_data(as_text=True)
    with app.app_context():
        assert courses.enrolment(get_db(), course.id, user_id(app, "tra")) is not None
        assert get_db().execute("SELECT action FROM audit_log WHERE action NOT LIKE 'auth.%' "
                                "ORDER BY id DESC").fetchone()[0] == "account.deactivate"
    post(client, f"/organizer/accounts/{user_id(app, 'tra')}/active", {"active": "1"},
         page_path="/organizer/accounts")
    assert AuthActions(app.test_client()).login_trainee().status_code == 302


def test_organizer_creates_an_organizer_and_the_last_one_cannot_be_deactivated(
        app, client, auth):
    auth.login_organizer()
    org_id = user_id(app, ORGANIZER[0])
    response = post(client, f"/organizer/accounts/{org_id}/active", DEACTIVATE,
                    page_path="/organizer/accounts")
    assert "Không thể khóa tài khoản tổ chức cuối cùng" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert users.get_user(get_db(), org_id).active
    response = post(client, "/organizer/organizers/new",
                    {"username": "org2", "full_name": "Phạm Tổ Chức Hai"},
                    page_path="/organizer/organizers/new")
    assert response.status_code == 200
    password = response.get_data(as_text=True).split('class="password-once">')[1].split("<")[0]
    second = app.test_client()
    AuthActions(second).login("org2", password)
    assert second.get("/organizer/").headers["Location"] == "/account/password"
    assert change(second, password, "một mật khẩu tổ chức mới").status_code == 302
    assert second.get("/organizer/").status_code == 200
    # Now the first organizer can be deactivated by the second.
    post(second, f"/organizer/accounts/{org_id}/active", DEACTIVATE,
         page_path="/organizer/accounts")
    with app.app_context():
        assert not users.get_user(get_db(), org_id).active
        with pytest.raises(users.LastOrganizer):
            users.set_active(get_db(), user_id(app, "org2"), False)


def test_cli_deactivates_and_reactivates(app, runner):
    result = runner.invoke(args=["deactivate-user", "tra"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert users.authenticate(get_db(), *TRAINEE) is None
    assert runner.invoke(args=["reactivate-user", "tra"]).exit_code == 0
    with app.app_context():
        assert users.authenticate(get_db(), *TRAINEE) is not None
    result = runner.invoke(args=["deactivate-user", "org"])
    assert result.exit_code == 1 and "last active organizer" in result.output


# Idle sessions ------------------------------------------------------------------------------------

def make_final(app):
    with app.app_context():
        course = courses.create_course(
            get_db(), app.extensions["question_bank"], code="IDLE-1", title_vi="Khóa",
            starts_on="2026-01-01", ends_on="2026-12-31", time_limit_minutes=600)
        courses.enrol(get_db(), course.id, user_id(app, "tra"))


def age_sessions(app, seconds):
    with app.app_context():
        get_db().execute("UPDATE sessions SET last_seen = last_seen - ?", [seconds])


def test_idle_session_ends_with_a_clear_message_and_saved_answers_stay(app, client, auth):
    from quiz_server.core import attempts

    make_final(app)
    auth.login_trainee()
    page = client.get("/course/IDLE-1").get_data(as_text=True)
    attempt_id = int(client.post("/course/IDLE-1/start", data={
        "csrf_token": csrf_token(page)}).headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        first, second = attempts.load_attempt(get_db(), attempt_id).items[:2]

    def autosave(item):
        return client.post(f"/attempt/{attempt_id}/answer", headers={"Accept": "application/json"},
                           data={"question_id": item.question_id, "choice": item.choice_order[0],
                                 "csrf_token": csrf_token(page)})

    assert autosave(first).status_code == 200
    age_sessions(app, 7 * 3600)  # less than 480 minutes: still alive
    assert autosave(first).status_code == 200
    age_sessions(app, 481 * 60)
    response = autosave(second)
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"] == "session_expired"
    assert "480 phút không hoạt động" in body["message"]
    assert "đã lưu vẫn được giữ nguyên" in body["message"]
    with app.app_context():
        items = attempts.load_attempt(get_db(), attempt_id).items
        assert items[0].answer == (first.choice_order[0],)  # saved before: kept
        assert items[1].answer is None  # not saved, and the page was told so
        assert sessions.count(get_db(), user_id(app, "tra")) == 0
    # Reloading the page says the same and sends to the login page, then back to the attempt.
    response = client.get(f"/attempt/{attempt_id}")
    assert response.headers["Location"] == f"/login?next=/attempt/{attempt_id}"
    assert "480 phút không hoạt động" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    response = auth.login("tra", TRAINEE[1], query_string={"next": f"/attempt/{attempt_id}"})
    assert response.headers["Location"] == f"/attempt/{attempt_id}"
    resumed = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert re.search(rf'id="q-{first.question_id}-{first.choice_order[0]}"[^>]*checked', resumed)
    assert not re.search(rf'id="q-{second.question_id}-[a-d]"[^>]*checked', resumed)


def test_idle_page_request_redirects_with_the_message(app, client, auth):
    auth.login_trainee()
    age_sessions(app, 481 * 60)
    response = client.get("/account/data")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account/data")
    assert "Phiên làm việc đã kết thúc sau 480 phút" in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_idle_minutes_is_a_setting(monkeypatch, tmp_path):
    from quiz_server.config import ConfigError, load_config

    monkeypatch.setenv("QUIZ_IDLE_MINUTES", "30")
    monkeypatch.setenv("QUIZ_MAX_PASSWORD_CHECKS", "4")
    config = load_config(str(tmp_path), {"TESTING": True})
    assert config["IDLE_MINUTES"] == 30 and config["MAX_PASSWORD_CHECKS"] == 4
    monkeypatch.setenv("QUIZ_IDLE_MINUTES", "half an hour")
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"TESTING": True})


def test_cli_applies_the_same_password_rules(app, runner):
    result = runner.invoke(args=["set-password", "tra"], input="qwertyuiop\n")
    assert result.exit_code == 1 and "most common" in result.output
    result = runner.invoke(args=["create-trainee", "hv9", "--name", "X"], input="hv9-hv9-hv9-hv9\n")
    assert result.exit_code == 1 and "must not contain your username" in result.output
    with app.app_context():
        assert users.authenticate(get_db(), *TRAINEE) is not None
        assert users.find_row(get_db(), "hv9") is None


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(tmp_path):
    from quiz_server import create_app
    from quiz_server.db import close_thread_connections, migrate

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "TRUSTED_PROXIES": 1,
                      "DATABASE": str(tmp_path / "proxy.sqlite")})
    with app.app_context():
        migrate(get_db())
        create_user(get_db(), *TRAINEE, "trainee", "T", privacy_accepted_at=CONSENTED)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):  # the pause starts after three failures from the forwarded address
        AuthActions(app.test_client()).login(
            TRAINEE[0], "wrong-password", environ_base=proxy,
            headers={"X-Forwarded-For": "203.0.113.7"})
    blocked = AuthActions(app.test_client()).login(
        *TRAINEE, environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.7"})
    assert blocked.status_code == 429
    other = AuthActions(app.test_client()).login(
        *TRAINEE, environ_base=proxy, headers={"X-Forwarded-For": "198.51.100.4"})
    assert other.status_code == 302
    close_thread_connections()


def test_old_failed_login_records_are_pruned_at_login(app, client, auth):
    with app.app_context():
        throttle.note(get_db(), "login-address", "192.0.2.1", now=time.time() - 25 * 3600)
        throttle.note(get_db(), "login-address", "192.0.2.2", now=time.time() - 60)
    auth.login_trainee()
    with app.app_context():
        keys = [r[0] for r in get_db().execute("SELECT key FROM throttle").fetchall()]
    assert keys == ["192.0.2.2"]
