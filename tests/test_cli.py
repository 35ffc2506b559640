from quiz_server.app_db import get_db
from quiz_server.core.users import authenticate


def test_init_db(runner, app):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Database ready" in result.output


def test_create_organizer_reads_password_from_stdin(runner, app):
    result = runner.invoke(args=["create-organizer", "boss"], input="a-long-password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = authenticate(get_db(), "boss", "a-long-password")
    assert user is not None and user.is_organizer


def test_create_trainee_with_vietnamese_name(runner, app):
    result = runner.invoke(
        args=["create-trainee", "hv01", "--name", "Phạm Thị Đào"], input="trainee-pass-01\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = authenticate(get_db(), "hv01", "trainee-pass-01")
    assert user.full_name == "Phạm Thị Đào" and user.role == "trainee"


def test_duplicate_username_is_refused(runner, app):
    result = runner.invoke(args=["create-trainee", "TRA", "--name", "X"], input="another-pass-1\n")
    assert result.exit_code == 1
    assert "already taken" in result.output
    with app.app_context():
        assert authenticate(get_db(), "tra", "another-pass-1") is None


def test_short_password_is_refused(runner, app):
    result = runner.invoke(args=["create-organizer", "boss"], input="short\n")
    assert result.exit_code == 1
    with app.app_context():
        count = get_db().execute("SELECT count(*) FROM users WHERE username='boss'").fetchone()
    assert count[0] == 0


def test_set_password_for_unknown_user(runner, app):
    result = runner.invoke(args=["set-password", "ghost"], input="whatever-password\n")
    assert result.exit_code == 1
    assert "There is no account “ghost”" in result.output


def test_set_password(runner, app):
    result = runner.invoke(args=["set-password", "tra"], input="brand-new-password\n")
    assert result.exit_code == 0
    with app.app_context():
        assert authenticate(get_db(), "tra", "brand-new-password") is not None


def test_ensure_organizer_only_when_none_exists(tmp_path):
    from quiz_server import create_app
    from quiz_server.db import close_thread_connections

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "q.sqlite")})
    runner = app.test_cli_runner()
    first = runner.invoke(args=["ensure-organizer"])
    assert first.exit_code == 0
    password = first.output.split("password:")[1].split()[0]
    assert len(password) >= 16
    with app.app_context():
        assert authenticate(get_db(), "admin", password) is not None
    second = runner.invoke(args=["ensure-organizer"])
    assert second.exit_code == 0 and "password" not in second.output
    close_thread_connections()
