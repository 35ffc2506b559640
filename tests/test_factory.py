import pytest

from quiz_server import create_app
from quiz_server.config import ConfigError


def test_testing_flag(app):
    assert app.testing
    assert not create_app({"SECRET_KEY": "x", "DATABASE": ":memory:"}).testing


def test_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("QUIZ_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="QUIZ_SECRET_KEY"):
        create_app()


def test_settings_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZ_SECRET_KEY", "from-env")
    monkeypatch.setenv("QUIZ_DATABASE", str(tmp_path / "x.sqlite"))
    monkeypatch.setenv("QUIZ_SECURE_COOKIES", "true")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE"] == str(tmp_path / "x.sqlite")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_database_settings(app):
    from quiz_server.app_db import get_db

    with app.app_context():
        db = get_db()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_are_repeatable(app):
    from quiz_server.app_db import get_db
    from quiz_server.db import migrate

    with app.app_context():
        db = get_db()
        before = db.execute("SELECT count(*) FROM users").fetchone()[0]
        migrate(db)
        assert db.execute("SELECT count(*) FROM users").fetchone()[0] == before
