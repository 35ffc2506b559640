"""Every command refuses bad input in plain words, in the user's language, and writes nothing.

Each case is run twice, as a Vietnamese shell (LANG=vi_VN.UTF-8) and as an English one
(LANG=en_US.UTF-8): the exit status (2: the command line is not understood, 1: the action is
refused as things stand), one sentence of each language, no traceback or raw code, and the
whole database dumped before and after is the same, audit log included.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ENGLISH, VIETNAMESE

from quiz_server.app_db import get_db
from quiz_server.cli import COMMANDS
from quiz_server.cli.command import user_locale
from quiz_server.core import courses

# (command line, standard input, exit status, Vietnamese words, English words)
CASES = [
    (["init-db", "extra"], None, 2, "Có từ trong dòng lệnh không hiểu được",
     "Some words of the command line are not understood"),
    (["backup", "{tmp}/taken.sqlite"], None, 1,
     "đã có sẵn và bản sao lưu không bao giờ ghi đè", "a backup never overwrites one"),
    (["prune-backups", "--keep-days", "0"], None, 2, "--keep-days: 0 quá nhỏ: hãy ghi từ 1",
     "--keep-days: 0 is too small: write 1 or more."),
    (["prune-expired-data", "--all"], None, 2, "Lệnh này không có tùy chọn --all.",
     "--all is not an option of this command."),
    (["create-organizer", "boss"], "password123\n", 1, "Mật khẩu không được chấp nhận",
     "The password is refused: This password is among the most common ones"),
    (["create-trainee", "hv9"], "a-long-password-1\n", 2, "Thiếu --name.",
     "--name is missing."),
    (["create-trainee", "оrg", "--name", "X"], "a-long-password-1\n", 1,
     "không dùng làm tên đăng nhập được", "cannot be a username"),
    (["create-organizer", "boss2", "--name", "Nguyễn\x00Văn"], "a-long-password-1\n", 1,
     "--name: Hãy xóa các ký tự ẩn hoặc ký tự điều khiển",
     "--name: Remove the invisible or control characters"),
    (["ensure-organizer", "--username"], None, 2, "Sau --username cần ghi một giá trị.",
     "--username needs a value after it."),
    (["set-password", "ghost"], "a-long-password-1\n", 1, "Không có tài khoản “ghost”",
     "There is no account “ghost”"),
    (["set-password", "tra"], "ngắn\n", 1, "Mật khẩu không được chấp nhận",
     "The password is refused: Use at least 10 characters."),
    (["deactivate-user", "org"], None, 1, "tài khoản tổ chức cuối cùng còn hoạt động",
     "org is the last active organizer"),
    (["reactivate-user", "ghost"], None, 1, "Không có tài khoản “ghost”",
     "There is no account “ghost”"),
    (["create-course", "K-2", "--title", "T", "--starts", "2026-13-01", "--ends",
      "2026-12-01", "--pass-mark", "500", "--attempts", "hai"], None, 1,
     "--pass-mark: Hãy nhập một số từ 1 đến 100.", "--pass-mark: Enter a number from 1 to 100."),
    (["create-course", "K-1", "--title", "T", "--starts", "2026-12-01", "--ends",
      "2026-12-02"], None, 1, "CODE: Đã có khóa học khác dùng mã này.",
     "CODE: Another course already has this code."),
    (["create-course", "K-3", "--title", "Khóa\x00học", "--starts", "2026-12-01", "--ends",
      "2026-12-02"], None, 1, "--title: Hãy xóa các ký tự ẩn hoặc ký tự điều khiển",
     "--title: Remove the invisible or control characters"),
    (["enrol", "NOPE", "tra"], None, 1, "Không có khóa học “NOPE”",
     "There is no course “NOPE”"),
    (["enrol", "K-1", "tra", "ghost"], None, 1, "Không có tài khoản “ghost”",
     "There is no account “ghost”"),
    (["enrol", "K-OLD", "tra"], None, 1, "đã được lưu trữ nên không nhận thay đổi",
     "is archived and takes no changes"),
    (["import-roster", "K-1", "{tmp}/missing.csv"], None, 2, "FILE: không có tệp",
     "FILE: there is no file"),
    (["import-roster", "K-1", "{tmp}"], None, 2, "là thư mục; hãy chỉ ra một tệp",
     "is a folder; give a file."),
    (["import-roster", "K-1", "{tmp}/bad.csv", "--lang", "fr"], None, 2,
     "--lang: “fr” không thuộc các lựa chọn: vi, en.", "--lang: “fr” is not one of the choices"),
    (["import-roster", "K-1", "{tmp}/bad.csv"], None, 1, "dòng 2: ",
     "1 problem(s) in bad.csv; correct the file and import it again."),
    (["export-completions", "K-1", "--format", "pdf", "--output", "{tmp}/out.pdf"], None, 2,
     "“pdf” không thuộc các lựa chọn: csv, xlsx.", "“pdf” is not one of the choices: csv, xlsx."),
    (["export-completions", "K-1", "--output", "{tmp}/no-such-folder/out.xlsx"], None, 1,
     "thư mục không tồn tại", "the folder does not exist"),
    (["close-expired", "now"], None, 2, "Có từ trong dòng lệnh không hiểu được",
     "Some words of the command line are not understood"),
    (["purge-course", "K-1", "--yes"], None, 1, "chưa được lưu trữ",
     "K-1 is not archived, and only an archived course can be purged."),
    (["purge-expired", "--force"], None, 2, "Lệnh này không có tùy chọn --force.",
     "--force is not an option of this command."),
    (["annual-report", "--from", "2026-02-01", "--to", "2026-01-01"], None, 2,
     "--to (2026-01-01) đứng trước --from (2026-02-01)", "--to (2026-01-01) is before --from"),
    (["annual-report", "--from", "1/2/2026", "--to", "2026-01-01"], None, 2,
     "--from: “1/2/2026” không phải ngày; hãy viết dạng 2026-11-20",
     "--from: “1/2/2026” is not a date; write it as 2026-11-20"),
]


@pytest.fixture
def setting(app, tmp_path):
    """Two courses (one archived), a file that a backup would overwrite, a bad roster."""
    with app.app_context():
        db, bank = get_db(), app.extensions["question_bank"]
        courses.create_course(db, bank, code="K-1", title_vi="Khóa một",
                              starts_on="2026-12-01", ends_on="2026-12-03")
        old = courses.create_course(db, bank, code="K-OLD", title_vi="Khóa cũ",
                                    starts_on="2025-12-01", ends_on="2025-12-03")
        courses.set_archived(db, old.id, True)
    (tmp_path / "taken.sqlite").write_bytes(b"kept")
    (tmp_path / "bad.csv").write_text("full_name,email\nAn,an@\n", encoding="utf-8")
    return tmp_path


def dump(app):
    with app.app_context():
        return "\n".join(get_db().conn.iterdump())


def files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_every_command_has_a_case():
    assert {case[0][0] for case in CASES} == {command.name for command in COMMANDS}


@pytest.mark.parametrize(("args", "stdin", "status", "vietnamese", "english"), CASES,
                         ids=[" ".join(case[0][:2]) for case in CASES])
@pytest.mark.parametrize("env", [VIETNAMESE, ENGLISH], ids=["vi", "en"])
def test_bad_input_is_refused_in_words_and_writes_nothing(app, runner, setting, env, args,
                                                          stdin, status, vietnamese, english):
    args = [arg.replace("{tmp}", str(setting)) for arg in args]
    before, listing = dump(app), files(setting)
    result = runner.invoke(args=args, input=stdin, env=env)
    assert result.exit_code == status, result.output
    assert isinstance(result.exception, SystemExit)  # never an uncaught error
    expected = vietnamese if env is VIETNAMESE else english
    assert expected in result.output
    assert "Traceback" not in result.output and "{'" not in result.output
    words = result.output.replace(str(setting), "").replace("quiz_server", "")
    assert not re.search(r"[a-z]_[a-z]", words)  # no field codes such as pass_mark
    assert dump(app) == before and files(setting) == listing


def test_a_missing_database_is_named_and_not_created(tmp_path):
    from quiz_server import create_app
    from quiz_server.db import close_thread_connections

    path = tmp_path / "nowhere.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(path)})
    path.unlink(missing_ok=True)  # the factory may open it; the command must not
    close_thread_connections()
    for env, words in ((VIETNAMESE, "Không có cơ sở dữ liệu tại"),
                       (ENGLISH, "There is no database at")):
        result = app.test_cli_runner(env=env).invoke(args=["set-password", "tra"],
                                                     input="a-long-password-1\n")
        assert result.exit_code == 1 and words in result.output
        assert "init-db" in result.output
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_named(tmp_path):
    from quiz_server import create_app
    from quiz_server.db import close_thread_connections

    path = tmp_path / "notes.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(path)})
    close_thread_connections()
    path.unlink(missing_ok=True)
    for name in ("notes.sqlite-wal", "notes.sqlite-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    path.write_text("not a database, some notes\n" * 200)
    result = app.test_cli_runner(env=VIETNAMESE).invoke(args=["deactivate-user", "tra"])
    assert result.exit_code == 1 and "không dùng được ở trạng thái hiện tại" in result.output
    assert "Traceback" not in result.output
    close_thread_connections()


def test_end_of_input_at_a_question_stops_in_words(app, runner, setting):
    with app.app_context():
        courses.set_archived(get_db(), courses.get_course(get_db(), "K-1").id, True)
    before = dump(app)
    result = runner.invoke(args=["purge-course", "K-1"], input="", env=VIETNAMESE)
    assert result.exit_code == 1 and "Đã dừng trước khi làm bất cứ việc gì." in result.output
    assert "Aborted" not in result.output and dump(app) == before


def test_the_language_rule():
    assert user_locale({"LANG": "en_GB.UTF-8"}) == "en"
    assert user_locale({"LANG": "vi_VN.UTF-8"}) == "vi"
    assert user_locale({"LANG": "C.UTF-8"}) == "vi"
    assert user_locale({}) == "vi"
    assert user_locale({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}) == "vi"
    assert user_locale({"LC_MESSAGES": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}) == "en"


def test_lang_option_overrides_the_environment(runner, setting):
    refused = runner.invoke(args=["import-roster", "NOPE", str(setting / "bad.csv"),
                                  "--lang", "vi"], env=ENGLISH)
    assert refused.exit_code == 1 and "Không có khóa học “NOPE”" in refused.output
    usage = runner.invoke(args=["import-roster", "NOPE", "--lang", "vi",
                                str(setting / "missing.csv")], env=ENGLISH)
    assert usage.exit_code == 2 and "không có tệp" in usage.output


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_help_reads_in_plain_words(runner, command):
    result = runner.invoke(args=[command.name, "--help"])
    assert result.exit_code == 0
    summary = result.output.split("\n\n")[1].strip()
    assert summary[:1].isupper() and len(summary) > 20
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help or param.type.name == "choice" or param.show_default, param.name


def test_a_real_shell_gets_the_vietnamese_sentence(app, setting):
    """``flask --app quiz_server`` in a subprocess, as an administrator types it."""
    env = {**os.environ, "QUIZ_DATABASE": app.config["DATABASE"], "QUIZ_SECRET_KEY": "t",
           "LANG": "vi_VN.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    before = dump(app)
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run([str(flask), "--app", "quiz_server", "enrol", "K-1", "ghost"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "Không có tài khoản “ghost”" in done.stderr and "Traceback" not in done.stderr
    english = subprocess.run([str(flask), "--app", "quiz_server", "enrol", "K-1", "ghost"],
                             env={**env, "LANG": "en_US.UTF-8"}, capture_output=True,
                             text=True, timeout=60, check=False)
    assert english.returncode == 1 and "There is no account “ghost”" in english.stderr
    assert dump(app) == before


def test_a_missing_secret_key_is_a_sentence_not_a_traceback(app):
    env = {k: v for k, v in os.environ.items() if k != "QUIZ_SECRET_KEY"}
    env["QUIZ_DATABASE"] = app.config["DATABASE"]
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run([str(flask), "--app", "quiz_server", "set-password", "tra"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "QUIZ_SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_create_course_lists_a_bad_time_with_every_other_problem(app, runner, setting):
    before = dump(app)
    result = runner.invoke(args=["create-course", "K 2", "--title", "T", "--starts",
                                 "2026-12-01", "--ends", "2026-12-02", "--opens", "mai",
                                 "--pass-mark", "0"], env=VIETNAMESE)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("--opens: “mai” không phải thời điểm")
    assert any(line.startswith("CODE: ") for line in lines)
    assert "--pass-mark: Hãy nhập một số từ 1 đến 100." in lines
    assert lines[-1] == "Không có gì được ghi." and dump(app) == before
