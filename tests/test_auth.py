from conftest import csrf_token


def test_login_page_is_vietnamese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page


def test_organizer_logs_in_and_out(client, auth):
    response = auth.login_organizer()
    assert response.status_code == 302
    assert response.headers["Location"] == "/organizer/"
    assert "Không gian làm việc của ban tổ chức" in client.get("/organizer/").get_data(as_text=True)
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert client.get("/organizer/").status_code == 302


def test_trainee_lands_on_own_home(client, auth):
    response = auth.login_trainee()
    assert response.headers["Location"] == "/"
    assert "Trần Thị Học Viên" in client.get("/").get_data(as_text=True)


def test_wrong_password_says_nothing_about_which_part(client, auth):
    for username, password in (("tra", "wrong-password"), ("nobody", "wrong-password")):
        response = auth.login(username, password)
        assert response.status_code == 401
        page = response.get_data(as_text=True)
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page
    client.get("/lang/en")
    page = auth.login("tra", "wrong-password").get_data(as_text=True)
    assert "Wrong username or password." in page


def test_trainee_is_forbidden_on_organizer_pages(client, auth, caplog):
    auth.login_trainee()
    response = client.get("/organizer/")
    assert response.status_code == 403
    assert "không có quyền" in response.get_data(as_text=True)
    assert any("forbidden" in record.message for record in caplog.records)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/organizer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_post_without_csrf_token_is_rejected(client):
    response = client.post("/login", data={"username": "org", "password": "organizer-password-1"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)


def test_csrf_token_of_another_session_is_rejected(app, client):
    other = app.test_client()
    foreign = csrf_token(other.get("/login").get_data(as_text=True))
    client.get("/login")
    response = client.post("/login", data={
        "username": "org", "password": "organizer-password-1", "csrf_token": foreign})
    assert response.status_code == 400


def test_next_is_followed_only_within_the_site(client, auth):
    page = client.get("/login").get_data(as_text=True)
    data = {"username": "tra", "password": "trainee-password-1", "csrf_token": csrf_token(page)}
    response = client.post("/login?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/"
    auth.logout()
    page = client.get("/login").get_data(as_text=True)
    data["csrf_token"] = csrf_token(page)
    response = client.post("/login?next=/organizer/", data=data)
    assert response.headers["Location"] == "/organizer/"


def test_language_switch_is_remembered(client, auth):
    response = client.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Username" in page
    client.get("/lang/vi")
    assert '<html lang="vi">' in client.get("/login").get_data(as_text=True)


def test_lang_query_from_the_english_handbook(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_password_is_hashed(app):
    from quiz_server.app_db import get_db
    from quiz_server.core.users import create_user

    with app.app_context():
        create_user(get_db(), "moi", "trainee-password-9", "trainee", "Người Mới")
        stored = get_db().execute("SELECT password_hash FROM users WHERE username='moi'").fetchone()
    assert stored[0].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "trainee-password-9" not in stored[0]


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
