"""Every write of a trainee's test day queues at the write gate (quiz_server/db.py).

A write outside it meets SQLite's own polling when another process holds the lock, and waits
up to 100 ms more: the tail latency the gate exists to remove (bench/load.py).
"""

import sqlite3

import pytest

from quiz_server.app_db import get_db
from tests.conftest import csrf_token
from tests.test_quiz import course, start_final_page  # noqa: F401 (fixture)

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN")


@pytest.fixture
def traced(app):
    """``(statement, gate held)`` for every statement the app's connection runs."""
    with app.app_context():
        db = get_db()  # the test client serves requests on this same thread
    seen = []
    db.conn.set_trace_callback(lambda sql: seen.append((sql, db.write_gate.is_held())))
    yield seen
    db.conn.set_trace_callback(None)


def ungated(seen):
    return [sql for sql, held in seen if sql.lstrip().upper().startswith(WRITES) and not held]


def age_sessions(app, seconds):
    """Make every session look idle for ``seconds`` (so the next request touches it)."""
    conn = sqlite3.connect(app.config["DATABASE"])
    with conn:
        conn.execute("UPDATE sessions SET last_seen = last_seen - ?", [seconds])
    conn.close()


def test_login_autosave_session_touch_submit_and_logout_write_at_the_gate(
        app, client, auth, course, traced):  # noqa: F811
    auth.login_trainee()
    attempt_id = start_final_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    token = csrf_token(page)
    question = page.split('name="q-', 1)[1].split('"', 1)[0]
    choice = page.split(f'name="q-{question}" value="', 1)[1].split('"', 1)[0]
    age_sessions(app, 120)
    saved = client.post(f"/attempt/{attempt_id}/answer", headers={"Accept": "application/json"},
                        data={"csrf_token": token, "question_id": question, "choice": choice})
    assert saved.get_json()["saved"] is True
    assert any(sql.startswith("UPDATE sessions SET last_seen") for sql, _ in traced)
    confirm = client.get(f"/attempt/{attempt_id}/submit").get_data(as_text=True)
    submitted = client.post(f"/attempt/{attempt_id}/submit",
                            data={"csrf_token": csrf_token(confirm)})
    assert submitted.headers["Location"].endswith("/result")
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(
        as_text=True))})
    writes = [sql for sql, _ in traced if sql.lstrip().upper().startswith(WRITES)]
    assert any("audit_log" in sql for sql in writes)  # the login was logged
    assert any(sql.startswith("DELETE FROM sessions") for sql in writes)  # the logout
    assert ungated(traced) == []
