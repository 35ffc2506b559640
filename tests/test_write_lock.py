"""No password hashing while the write lock is held; course codes that every URL can carry.

Issue 12, case 4: create_user, set_password, change_password and course saves with a key ran
scrypt inside BEGIN IMMEDIATE, so one account creation made a concurrent autosave wait.
Case 5: a code such as ``A/B"1`` was accepted and every URL of that course answered 404.
"""

import pytest
from conftest import TRAINEE, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import courses, hashing, roster_import, users

COURSE = {"title_vi": "Khóa thử", "starts_on": "2026-11-01", "ends_on": "2026-11-30"}


@pytest.fixture
def hashed_outside(app, monkeypatch):
    """Hash as usual, noting each time whether this thread's connection was in a transaction."""
    seen, original = [], hashing._hash
    with app.app_context():
        conn = get_db().conn

    def hash_and_note(password, *args, **kwargs):
        seen.append(conn.in_transaction)
        return original(password, *args, **kwargs)

    monkeypatch.setattr(hashing, "_hash", hash_and_note)
    return seen


def test_no_password_is_hashed_inside_a_transaction(app, hashed_outside):
    with app.app_context():
        db = get_db()
        bank = app.extensions["question_bank"]
        uid = users.create_user(db, "moi", "một mật khẩu dài", "trainee", "Người Mới")
        users.set_password(db, uid, "mật khẩu thứ hai", must_change=True)
        users.change_password(db, uid, "mật khẩu thứ ba")
        course = courses.create_course(db, bank, code="KEY-1", enrol_key="khoa-bi-mat", **COURSE)
        courses.update_course(db, bank, course.id, code="KEY-1", enrol_key="khoa-moi", **COURSE)
        roster_import.import_file(db, course.id, "full_name\r\nAn\r\nBình\r\n".encode())
    assert len(hashed_outside) == 7 and not any(hashed_outside)


@pytest.mark.parametrize("code", ['A/B"1', "a b", "khóa-1", "x" * 41, "a?b", "a#b"])
def test_a_course_code_outside_letters_digits_dashes_is_refused_in_form_and_cli(
        app, client, auth, runner, code):
    client.get("/lang/en")
    auth.login_organizer()
    page = client.get("/organizer/courses/new").get_data(as_text=True)
    response = client.post("/organizer/courses/new", data={
        "csrf_token": csrf_token(page), "code": code, "title_vi": "Khóa thử",
        "starts_on": "2026-11-01", "ends_on": "2026-11-30", "chapters": ["01-alpha"],
        "mode": "in_person", "review_rule": "after_submit", "questions_per_chapter": 2,
        "time_limit_minutes": 30, "max_attempts": 2, "pass_mark": 70, "retention_years": 5})
    message = "Use 1 to 40 letters without accents, digits and dashes"
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    result = runner.invoke(args=["create-course", code, "--title", "Khóa thử", "--lang", "en",
                                 "--starts", "2026-11-01", "--ends", "2026-11-30"])
    assert result.exit_code == 1 and message in result.output
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM courses").fetchone()[0] == 0


def test_a_good_course_code_works_in_every_url(app, client, auth):
    with app.app_context():
        course = courses.create_course(get_db(), app.extensions["question_bank"],
                                       code="TTCS-2026-01", **COURSE)
        uid = users.find_row(get_db(), TRAINEE[0])["id"]
        courses.enrol(get_db(), course.id, uid)
    auth.login_trainee()
    assert client.get("/course/TTCS-2026-01").status_code == 200
