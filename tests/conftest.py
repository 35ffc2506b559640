"""Fixtures: a fresh SQLite file per test, the real app from its factory, and login helpers."""

import re

import pytest

from quiz_server import create_app
from quiz_server.db import close_thread_connections, get_db, migrate
from quiz_server.users import create_user

ORGANIZER = ("org", "organizer-password-1")
TRAINEE = ("tra", "trainee-password-1")
OTHER_TRAINEE = ("tra2", "trainee-password-2")


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE": str(tmp_path / "quiz.sqlite"),
    })
    with app.app_context():
        db = get_db()
        migrate(db)
        create_user(db, *ORGANIZER, "organizer", "Nguyễn Văn Tổ Chức")
        create_user(db, *TRAINEE, "trainee", "Trần Thị Học Viên")
        create_user(db, *OTHER_TRAINEE, "trainee", "Lê Văn Khác")
    yield app
    close_thread_connections()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(html):
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, username, password, **kwargs):
        page = self.client.get("/login").get_data(as_text=True)
        return self.client.post("/login", data={
            "username": username, "password": password, "csrf_token": csrf_token(page)}, **kwargs)

    def logout(self):
        page = self.client.get("/", follow_redirects=True).get_data(as_text=True)
        return self.client.post("/logout", data={"csrf_token": csrf_token(page)})

    def login_organizer(self):
        return self.login(*ORGANIZER)

    def login_trainee(self):
        return self.login(*TRAINEE)


@pytest.fixture
def auth(client):
    return AuthActions(client)
