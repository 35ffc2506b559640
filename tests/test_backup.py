"""``flask backup``: a consistent copy of a live database, restorable by copying it back."""

import sqlite3

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core.users import authenticate
from quiz_server.db import close_thread_connections, migrate


def test_backup_holds_what_is_still_in_the_wal(app, runner, tmp_path):
    with app.app_context():
        db = get_db()
        # Written through the server's open connection: still in the WAL, not in the main file.
        db["audit_log"].insert({"at": "2026-11-25T00:00:00", "user_id": 1,
                                "action": "test", "detail": "in the wal"})
    target = tmp_path / "backups" / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity check ok" in result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT detail FROM audit_log").fetchall() == [("in the wal",)]
    assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == 3
    copy.close()


def test_backup_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "exists.sqlite"
    target.write_bytes(b"keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_bytes() == b"keep me"


def test_restored_copy_serves_the_same_accounts(app, runner, tmp_path):
    target = tmp_path / "copy.sqlite"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    close_thread_connections()
    restored = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(target),
                           "QUESTIONS_DIR": app.config["QUESTIONS_DIR"]})
    with restored.app_context():
        db = get_db()
        migrate(db)
        assert authenticate(db, "tra", "trainee-password-1") is not None
    close_thread_connections()
