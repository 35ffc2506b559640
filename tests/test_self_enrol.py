"""Self-enrolment with the course key; wrong keys are throttled per account and per address."""

import pytest
from conftest import OTHER_TRAINEE, TRAINEE, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import courses
from quiz_server.core.login_limits import KEY_ACCOUNT, KEY_ADDRESS


@pytest.fixture
def keyed(app):
    with app.app_context():
        bank = app.extensions["question_bank"]
        courses.create_course(get_db(), bank, code="KEY-1", title_vi="Khóa có mã ghi danh",
                              starts_on="2026-12-01", ends_on="2026-12-02",
                              enrol_key="mo-khoa-2026")
        courses.create_course(get_db(), bank, code="NOKEY", title_vi="Khóa không có mã",
                              starts_on="2026-12-01", ends_on="2026-12-02")


def enrolled(app, username):
    with app.app_context():
        return [c.code for c in courses.courses_of(get_db(), get_db().execute(
            "SELECT id FROM users WHERE username = ?", [username]).fetchone()[0])]


def try_key(client, code, key, **kwargs):
    page = client.get("/enrol", **kwargs).get_data(as_text=True)
    return client.post("/enrol", data={"csrf_token": csrf_token(page), "code": code,
                                       "key": key}, **kwargs)


def test_right_key_enrols(app, client, auth, keyed):
    auth.login_trainee()
    assert "/enrol" in client.get("/").get_data(as_text=True)
    response = try_key(client, " key-1 ", "mo-khoa-2026")
    assert response.status_code == 302
    assert response.headers["Location"] == "/course/KEY-1"
    assert enrolled(app, TRAINEE[0]) == ["KEY-1"]
    assert "Bạn đã được ghi danh" in client.get("/course/KEY-1").get_data(as_text=True)


@pytest.mark.parametrize("code,key", [("KEY-1", "sai-ma-roi"), ("NOKEY", "bat-ky"),
                                      ("KHONG-CO", "mo-khoa-2026")])
def test_wrong_key_unknown_course_or_no_key_enrol_nobody(app, client, auth, keyed, code, key):
    auth.login_trainee()
    response = try_key(client, code, key)
    assert response.status_code == 400
    assert "không khớp với khóa học nào đang mở" in response.get_data(as_text=True)
    assert enrolled(app, TRAINEE[0]) == []


def test_archived_course_refuses_its_key(app, client, auth, keyed):
    with app.app_context():
        courses.set_archived(get_db(), courses.get_course(get_db(), "KEY-1").id, True)
    auth.login_trainee()
    assert try_key(client, "KEY-1", "mo-khoa-2026").status_code == 400
    assert enrolled(app, TRAINEE[0]) == []


def test_wrong_keys_are_throttled_per_account(app, client, auth, keyed):
    auth.login_trainee()
    for n in range(KEY_ACCOUNT.limit):
        assert try_key(client, "KEY-1", f"doan-sai-{n}").status_code == 400
    blocked = try_key(client, "KEY-1", "mo-khoa-2026")  # even the right key, while blocked
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "nhập sai mã ghi danh quá nhiều lần" in blocked.get_data(as_text=True)
    assert enrolled(app, TRAINEE[0]) == []
    # The same account from another address is still blocked.
    auth.logout()
    auth.login(*TRAINEE, environ_base={"REMOTE_ADDR": "10.0.0.7"})
    again = try_key(client, "KEY-1", "mo-khoa-2026", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert again.status_code == 429


def test_one_trainees_wrong_keys_do_not_block_the_room(app, client, auth, keyed):
    auth.login_trainee()
    for n in range(KEY_ACCOUNT.limit):
        try_key(client, "KEY-1", f"doan-sai-{n}")
    auth.logout()
    auth.login(*OTHER_TRAINEE)  # another account from the same address
    ok = try_key(client, "KEY-1", "mo-khoa-2026")
    assert ok.status_code == 302 and enrolled(app, OTHER_TRAINEE[0]) == ["KEY-1"]


def test_wrong_keys_are_bounded_per_address(app, client, auth, keyed):
    import time

    from quiz_server.core import throttle

    with app.app_context():
        for n in range(KEY_ADDRESS.limit):
            throttle.note(get_db(), KEY_ADDRESS.kind, "127.0.0.1", now=time.time() - 1 - n / 10)
    auth.login(*OTHER_TRAINEE)
    assert try_key(client, "KEY-1", "mo-khoa-2026").status_code == 429


def test_organizers_are_sent_to_their_workspace(client, auth, keyed):
    auth.login_organizer()
    assert client.get("/enrol").headers["Location"] == "/organizer/"
