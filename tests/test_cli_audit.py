"""Every command that changes data leaves one audit entry naming the operating-system user,
written in the transaction of the change; a refused or failed action leaves none.

Exports of personal data (the completion list, the annual report, a backup) are audited too:
ASVS asks that access to sensitive data be logged.
"""

import getpass
import json
import os
import random
import time

import pytest
from conftest import TRAINEE
from test_record import expired_with_all_answers, make_course

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.cli import actor
from quiz_server.core import attempts, courses, users
from quiz_server.core.attempts import utcnow
from quiz_server.db import close_thread_connections, transaction

PASSWORD = "a-long-password-1\n"


def entries(app):
    with app.app_context():
        rows = get_db().execute("SELECT action, user_id, detail FROM audit_log ORDER BY id")
        return [(action, user_id, json.loads(detail)) for action, user_id, detail in rows]


def new_entries(app, run):
    before = len(entries(app))
    result = run()
    assert result.exit_code == 0, result.output
    return entries(app)[before:]


def by_the_shell(found, action):
    """Exactly one entry, of ``action``, by the OS user through the command line."""
    assert [entry[0] for entry in found] == [action], found
    _, user_id, detail = found[0]
    assert user_id is None and detail["via"] == "cli"
    assert detail["os_user"] == getpass.getuser()
    return detail


@pytest.fixture
def setting(app, tmp_path):
    with app.app_context():
        db, bank = get_db(), app.extensions["question_bank"]
        courses.create_course(db, bank, code="K-1", title_vi="Khóa một",
                              starts_on="2026-12-01", ends_on="2026-12-03")
        old = courses.create_course(db, bank, code="K-OLD", title_vi="Khóa cũ",
                                    starts_on="2015-12-01", ends_on="2015-12-03",
                                    retention_years=1)
        courses.enrol(db, old.id, users.find_row(db, "tra2")["id"])
        courses.set_archived(db, old.id, True)
    (tmp_path / "roster.csv").write_text("full_name,email\nNguyễn Văn An,an@b.vn\n",
                                         encoding="utf-8")
    return tmp_path


CHANGES = [
    (["create-organizer", "boss"], PASSWORD, "account.create_organizer", {"username": "boss"}),
    (["create-trainee", "hv9", "--name", "Phạm Thị Đào"], PASSWORD, "account.create_trainee",
     {"username": "hv9"}),
    (["set-password", "tra"], PASSWORD, "account.set_password", {"username": "tra"}),
    (["deactivate-user", "tra"], None, "account.deactivate", {"username": "tra"}),
    (["create-course", "K-2", "--title", "Khóa hai", "--starts", "2026-12-01", "--ends",
      "2026-12-02"], None, "course.create", {"course": "K-2"}),
    (["enrol", "K-1", "tra", "tra2"], None, "course.enrol",
     {"course": "K-1", "usernames": ["tra", "tra2"]}),
    (["import-roster", "K-1", "{tmp}/roster.csv"], None, "roster.import", {"course": "K-1"}),
    (["purge-course", "K-OLD", "--yes"], None, "privacy.purge_course", {"course": "K-OLD"}),
    (["purge-expired", "--yes"], None, "privacy.purge_course", {"course": "K-OLD"}),
    (["export-completions", "K-1", "--output", "{tmp}/done.xlsx"], None, "export.completions",
     {"course": "K-1", "format": "xlsx"}),
    (["annual-report", "2026", "--out", "{tmp}/report.xlsx"], None, "export.annual_report",
     {"start": "2026-01-01"}),
    (["backup", "{tmp}/copy.sqlite"], None, "database.backup", {}),
]


@pytest.mark.parametrize(("args", "stdin", "action", "detail"), CHANGES,
                         ids=[case[0][0] for case in CHANGES])
def test_a_change_from_the_shell_is_audited_once_with_the_os_user(app, runner, setting, args,
                                                                  stdin, action, detail):
    args = [arg.replace("{tmp}", str(setting)) for arg in args]
    found = new_entries(app, lambda: runner.invoke(args=args, input=stdin))
    assert by_the_shell(found, action).items() >= detail.items()


def test_reactivate_is_audited(app, runner):
    runner.invoke(args=["deactivate-user", "tra"])
    by_the_shell(new_entries(app, lambda: runner.invoke(args=["reactivate-user", "tra"])),
                 "account.reactivate")


def test_close_expired_is_audited_when_it_closes_something(app, runner):
    expired_with_all_answers(app, make_course(app))
    by_the_shell(new_entries(app, lambda: runner.invoke(args=["close-expired"])),
                 "record.close_expired")
    assert new_entries(app, lambda: runner.invoke(args=["close-expired"])) == []


def test_prune_expired_data_is_audited_when_it_deletes_something(app, runner):
    with app.app_context():
        get_db().execute("INSERT INTO throttle (kind, key, at) VALUES ('x', 'y', 1)")
    by_the_shell(new_entries(app, lambda: runner.invoke(args=["prune-expired-data"])),
                 "housekeeping.prune")
    assert new_entries(app, lambda: runner.invoke(args=["prune-expired-data"])) == []


def test_prune_backups_is_audited_when_it_deletes_one(app, runner, tmp_path):
    folder = tmp_path / "backups"
    assert runner.invoke(args=["backup", str(folder / "old.sqlite")]).exit_code == 0
    os.utime(folder / "old.sqlite", (time.time() - 90 * 86400,) * 2)
    found = new_entries(app, lambda: runner.invoke(
        args=["prune-backups", str(folder), "--keep-days", "30"]))
    assert by_the_shell(found, "database.prune_backups")["deleted"] == 1


def test_a_new_database_and_its_first_organizer_are_audited(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "DATABASE": str(tmp_path / "new.sqlite")})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    migrated = by_the_shell(entries(app), "database.migrate")
    assert "m001_users" in migrated["migrations"]
    found = new_entries(app, lambda: runner.invoke(args=["ensure-organizer"]))
    by_the_shell(found, "account.create_organizer")
    assert new_entries(app, lambda: runner.invoke(args=["init-db"])) == []
    close_thread_connections()


@pytest.mark.parametrize(("args", "stdin"), [
    (["deactivate-user", "org"], None),  # refused inside the transaction: last organizer
    (["create-course", "K-1", "--title", "T", "--starts", "2026-12-01", "--ends", "2026-12-02"],
     None),  # refused inside the transaction: the code is taken
    (["create-organizer", "org2"], "password\n"),  # refused before it
    (["purge-course", "K-1", "--yes"], None),
    (["purge-course", "K-OLD"], "n\n"),
])
def test_a_refused_action_leaves_no_entry(app, runner, setting, args, stdin):
    before = entries(app)
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code == 1, result.output
    assert entries(app) == before


def test_the_entry_rolls_back_with_a_change_that_fails(app):
    """The entry is written in the change's transaction: a failure after it keeps neither."""
    with app.app_context():
        db = get_db()
        before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        with (pytest.raises(RuntimeError), actor.audited(db, "account.deactivate"),
              transaction(db)):
            db.execute("UPDATE users SET active = 0 WHERE username = 'tra'")
            raise RuntimeError("disk went away")
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
        assert users.find_row(db, "tra")["active"] == 1
        with actor.audited(db, "account.deactivate"), transaction(db):
            db.execute("UPDATE users SET active = 0 WHERE username = 'tra'")
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1
        with transaction(db):  # the block is over: later changes are not this command's
            db.execute("UPDATE users SET active = 1 WHERE username = 'tra'")
        assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1


def test_the_audit_page_reads_each_command_line_action_in_words(app, runner, client, auth,
                                                               setting):
    """Every action a command writes has its words on the organizer's audit page."""
    from quiz_server.web.audit_text import ACTIONS

    for args, stdin, _action, _detail in CHANGES:
        runner.invoke(args=[arg.replace("{tmp}", str(setting)) for arg in args], input=stdin)
    runner.invoke(args=["reactivate-user", "tra"])
    written = {action for action, _user, detail in entries(app) if detail.get("via") == "cli"}
    assert written >= {case[2] for case in CHANGES} and written <= set(ACTIONS), written
    auth.login_organizer()
    table = client.get("/organizer/audit").get_data(as_text=True).split('class="audit"')[1]
    assert "Đã sao lưu cơ sở dữ liệu" in table and "database.backup" not in table
    assert f"{getpass.getuser()} (dòng lệnh)" in table


def test_init_db_audits_the_copies_it_keeps(app, runner):
    with app.app_context():
        db = get_db()
        uid = users.find_row(db, TRAINEE[0])["id"]
        attempts.start_practice(db, app.extensions["question_bank"], "01-alpha",
                                random.Random(2), utcnow(), user_id=uid)
        db.execute("UPDATE attempt_items SET question_key = NULL")  # as before copies
    by_the_shell(new_entries(app, lambda: runner.invoke(args=["init-db"])), "database.backfill")
