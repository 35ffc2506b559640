"""What one request reads: the session once, and an attempt once when it is changed."""

import pytest

from quiz_server.app_db import get_db
from quiz_server.core import attempts
from tests.conftest import csrf_token
from tests.test_quiz import course, start_final_page  # noqa: F401 (fixture)


@pytest.fixture
def statements(app):
    """Every SQL statement the app's connection runs while the test is looking."""
    with app.app_context():
        conn = get_db().conn  # the test client serves requests on this same thread
    seen = []
    conn.set_trace_callback(seen.append)
    yield seen
    conn.set_trace_callback(None)


def reads(seen, table):
    return [s for s in seen if s.lstrip().upper().startswith("SELECT") and f" {table} " in
            f"{s} "]


def started(app, client, auth):
    auth.login_trainee()
    attempt_id = start_final_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        found = attempts.load_attempt(get_db(), attempt_id)
    return found, csrf_token(page)


def test_an_autosave_reads_the_session_and_the_attempt_once(app, client, auth, course,  # noqa: F811
                                                            statements):
    found, token = started(app, client, auth)
    item = found.items[0]
    statements.clear()
    response = client.post(f"/attempt/{found.id}/answer", headers={"Accept": "application/json"},
                           data={"csrf_token": token, "question_id": item.question_id,
                                 "choice": item.choice_order[0]})
    assert response.get_json()["saved"] is True
    assert len(reads(statements, "sessions")) == 1
    assert len(reads(statements, "attempt_items")) == 1
    assert not any("sqlite_utils_query" in s for s in statements[:2])  # no savepoint pair


def test_a_submit_loads_the_attempt_only_inside_its_transaction_and_once_after(
        app, client, auth, course, statements):  # noqa: F811
    found, token = started(app, client, auth)
    confirm = client.get(f"/attempt/{found.id}/submit").get_data(as_text=True)
    statements.clear()
    response = client.post(f"/attempt/{found.id}/submit",
                           data={"csrf_token": csrf_token(confirm)})
    assert response.headers["Location"].endswith("/result")
    assert len(reads(statements, "sessions")) == 1
    begin = statements.index("BEGIN IMMEDIATE")
    assert len(reads(statements[:begin], "attempt_items")) == 0
    assert len(reads(statements, "attempt_items")) <= 2


def test_someone_elses_attempt_is_still_not_found_on_autosave_and_submit(app, client, auth,
                                                                          course):  # noqa: F811
    found, token = started(app, client, auth)
    auth.logout()
    auth.login("tra2", "trainee-password-2")
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    token = csrf_token(page)
    item = found.items[0]
    assert client.post(f"/attempt/{found.id}/answer", data={
        "csrf_token": token, "question_id": item.question_id,
        "choice": item.choice_order[0]}).status_code == 404
    assert client.post(f"/attempt/{found.id}/submit",
                       data={"csrf_token": token}).status_code == 404
    with app.app_context():
        assert not attempts.load_attempt(get_db(), found.id).submitted
