"""Fixtures: a fresh SQLite file per test, the real app from its factory, and login helpers."""

import re
from pathlib import Path

import pytest
import yaml

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.db import close_thread_connections, migrate

ORGANIZER = ("org", "organizer-password-1")
TRAINEE = ("tra", "trainee-password-1")
OTHER_TRAINEE = ("tra2", "trainee-password-2")
CONSENTED = "2026-01-05T08:00:00+00:00"
# The accounts above, with precomputed password hashes: setting up a test hashes nothing.
SEED = (Path(__file__).parent / "data.sql").read_text(encoding="utf-8")


CHAPTERS = ("01-alpha", "02-beta")


def make_question(chapter, n, pool="exam"):
    """Question n of a test chapter: single, multiple or true/false in turn; keys a–d."""
    qtype = ("single", "multiple", "true_false")[n % 3]
    if qtype == "true_false":
        vi_choices, en_choices = {"a": "Đúng", "b": "Sai"}, {"a": "True", "b": "False"}
        answer = ["a"]
    else:
        vi_choices = {k: f"Lựa chọn {k} của câu {n}" for k in "abcd"}
        en_choices = {k: f"Choice {k} of question {n}" for k in "abcd"}
        answer = ["b"] if qtype == "single" else ["a", "c"]
    return {
        "id": f"{chapter[:2]}-q{n:02d}", "heading": "legal-basis", "topic": f"{chapter}-t{n}",
        "pool": pool, "kind": ("situation", "fact")[n % 2],
        "difficulty": 1 + n % 3, "type": qtype, "answer": answer,
        "vi": {"text": f"Câu hỏi {n} chương {chapter}?", "choices": vi_choices,
               "explanation": f"Giải thích câu {n}."},
        "en": {"text": f"Question {n} of {chapter}?", "choices": en_choices,
               "explanation": f"Explanation of question {n}."},
    }


def write_bank(directory, per_chapter=12, practice=10):
    """Per chapter: ``per_chapter`` exam questions (q01…), then ``practice`` practice ones."""
    directory.mkdir(parents=True, exist_ok=True)
    for number, chapter in enumerate(CHAPTERS, 1):
        data = {"chapter": chapter,
                "title": {"vi": f"Chương {number}. Thử", "en": f"Chapter {number}. Test"},
                "questions": [make_question(chapter, n) for n in range(1, per_chapter + 1)]
                + [make_question(chapter, n, "practice")
                   for n in range(per_chapter + 1, per_chapter + practice + 1)]}
        (directory / f"{chapter}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return directory


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE": str(tmp_path / "quiz.sqlite"),
        "QUESTIONS_DIR": str(write_bank(tmp_path / "questions")),
    })
    with app.app_context():
        db = get_db()
        migrate(db)
        db.conn.executescript(SEED)
    yield app
    close_thread_connections()


@pytest.fixture
def client(app):
    return app.test_client()


ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8"}
VIETNAMESE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "vi_VN.UTF-8"}


@pytest.fixture
def runner(app):
    """The command line as an English-speaking shell (LANG=en_US.UTF-8) uses it; tests of the
    Vietnamese messages pass ``env=VIETNAMESE``."""
    return app.test_cli_runner(env=ENGLISH)


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
