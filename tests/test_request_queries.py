"""What one request asks of SQLite: the session once, and an attempt once when it is changed.

An autosave is the session, one SELECT and one UPDATE; a submit reads the attempt's row and
its items once each, in the grading transaction; an expired attempt its owner opens is graded
on the copies the page read already, and shown without reading it again.
"""

from datetime import timedelta

import pytest

from quiz_server.app_db import get_db
from quiz_server.core import answers, attempts
from quiz_server.core.answers import QuizError
from quiz_server.core.record import iso
from tests.conftest import csrf_token
from tests.test_quiz import bank_of, course, start_final_page  # noqa: F401 (fixture)

# One autosave: the session lookup, the one read (owner, submitted, deadline, the question's
# frozen choices) and the one sequenced write inside the write transaction.
AUTOSAVE = ["SELECT", "SELECT", "BEGIN", "UPDATE", "COMMIT"]
# One submit of an attempt that does not pass: the session, then in one transaction the
# attempt's row, its items, the enrolment's outcome (with erasure and certificate), and the
# three writes (items marked, attempt graded, enrolment settled).
SUBMIT = ["SELECT", "BEGIN", "SELECT", "SELECT", "UPDATE", "UPDATE", "SELECT", "UPDATE",
          "COMMIT"]


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


def kinds(seen):
    """The first word of each statement, in order: what one request asked of SQLite."""
    return [statement.split(None, 1)[0].upper() for statement in seen]


def autosave(client, found, token, choice, item=None, **extra):
    item = item or found.items[0]
    return client.post(f"/attempt/{found.id}/answer", headers={"Accept": "application/json"},
                       data={"csrf_token": token, "question_id": item.question_id,
                             "choice": choice, **extra})


def started(app, client, auth):
    auth.login_trainee()
    attempt_id = start_final_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        found = attempts.load_attempt(get_db(), attempt_id)
    return found, csrf_token(page)


def test_an_autosave_is_the_session_one_select_and_one_update(app, client, auth, course,  # noqa: F811
                                                              statements):
    found, token = started(app, client, auth)
    item = found.items[0]
    statements.clear()
    response = autosave(client, found, token, item.choice_order[0])
    assert response.get_json()["saved"] is True
    assert kinds(statements) == AUTOSAVE
    assert len(reads(statements, "sessions")) == 1
    assert "question_copies" in statements[1]  # the frozen question, not the bank
    assert "answer_seq <= " in statements[3] and "submitted_at IS NULL" in statements[3]


def test_a_refused_autosave_reads_once_and_writes_nothing(app, client, auth, course,  # noqa: F811
                                                          statements):
    found, token = started(app, client, auth)
    statements.clear()
    response = autosave(client, found, token, "z")
    assert (response.status_code, response.get_json()["error"]) == (400, "choice_not_in_question")
    assert kinds(statements) == ["SELECT", "SELECT"]


def test_a_stale_autosave_asks_once_more_to_tell_it_from_a_submit(
        app, client, auth, course, statements):  # noqa: F811
    found, token = started(app, client, auth)
    item = found.items[0]
    assert autosave(client, found, token, item.choice_order[0]).status_code == 200
    statements.clear()
    older = autosave(client, found, token, item.choice_order[1], seq="1")
    assert older.status_code == 409 and older.get_json()["error"] == "stale_answer"
    assert kinds(statements) == ["SELECT", "SELECT", "BEGIN", "UPDATE", "COMMIT", "SELECT"]


def test_a_form_save_reads_the_attempt_once_and_writes_the_changes_in_one_update(
        app, client, auth, course, statements):  # noqa: F811
    """Without JavaScript: the page needs the whole attempt to read the form; it is read
    once, serves the owner check too, and every changed answer goes in one UPDATE."""
    found, token = started(app, client, auth)
    data = {"csrf_token": token, "save": "1"}
    for item in found.items[:2]:
        data.update({f"seen-{item.question_id}": "1", f"was-{item.question_id}": "",
                     f"q-{item.question_id}": item.choice_order[0]})
    statements.clear()
    response = client.post(f"/attempt/{found.id}/save", data=data)
    assert response.headers["Location"].endswith(f"/attempt/{found.id}")
    assert kinds(statements) == ["SELECT", "SELECT", "SELECT", "BEGIN", "UPDATE", "COMMIT"]
    with app.app_context():
        stored = attempts.load_attempt(get_db(), found.id).items
    assert [item.answer for item in stored[:2]] == [(i.choice_order[0],) for i in found.items[:2]]


def test_a_submit_since_the_read_takes_no_answer(app, client, auth, course):  # noqa: F811
    """The autosave reads outside the write lock; its UPDATE asks the attempt is still open,
    so a submit that commits in between wins and the save is refused as submitted."""
    found, _ = started(app, client, auth)
    item = found.items[0]
    with app.app_context():
        db = get_db()
        read_before = attempts.load_attempt(db, found.id)
        answers.close(db, found.id, attempts.utcnow())
        with pytest.raises(QuizError) as refused:
            attempts.save_loaded(db, read_before, {item.question_id: [item.choice_order[0]]},
                                 attempts.utcnow())
        assert refused.value.code == "already_submitted"
        assert attempts.load_attempt(db, found.id).items[0].answer is None


def test_a_submit_reads_the_attempt_and_its_items_once_in_its_transaction(
        app, client, auth, course, statements):  # noqa: F811
    found, token = started(app, client, auth)
    confirm = client.get(f"/attempt/{found.id}/submit").get_data(as_text=True)
    statements.clear()
    response = client.post(f"/attempt/{found.id}/submit",
                           data={"csrf_token": csrf_token(confirm)})
    assert response.headers["Location"].endswith("/result")
    assert kinds(statements) == SUBMIT
    assert "FROM sessions" in statements[0] and "anon_token" in statements[2]
    assert len(reads(statements, "attempt_items")) == 1


def expire(app, attempt_id):
    with app.app_context():
        get_db()["attempts"].update(attempt_id, {
            "deadline_at": iso(attempts.utcnow() - timedelta(hours=1))})


def test_an_expired_attempt_its_owner_opens_is_graded_on_the_copies_read_once(
        app, client, auth, course, statements):  # noqa: F811
    found, token = started(app, client, auth)
    autosave(client, found, token, found.items[0].choice_order[0])
    expire(app, found.id)
    statements.clear()
    assert client.get(f"/attempt/{found.id}").headers["Location"].endswith("/result")
    begin = statements.index("BEGIN IMMEDIATE")
    assert len(reads(statements, "question_copies")) == 1  # the page's read, before grading
    assert len(reads(statements[begin:], "attempt_items")) == 1  # the answers, in grading
    # The session, the attempt and its items (which also tell its owner); in grading the open
    # row, the answers and the enrolment's outcome.
    assert kinds(statements).count("SELECT") == 6
    assert "SAVEPOINT" not in kinds(statements)  # plain statements, no sqlite-utils pairs


def test_the_attempt_shown_after_a_deadline_close_is_the_one_stored(app, client, auth,
                                                                   course):  # noqa: F811
    """Answers saved after the page read the attempt are graded and shown."""
    found, token = started(app, client, auth)  # the page's read
    for item, choice in zip(found.items, ("a", "b", "a"), strict=False):
        autosave(client, found, token, choice, item=item)
    with app.app_context():
        db = get_db()
        later = found.deadline_at + timedelta(days=1)
        shown = attempts.close_if_expired(db, bank_of(app), found, later)
        assert shown.submitted and shown == attempts.load_attempt(db, found.id)
    assert [item.answer for item in shown.items[:3]] == [("a",), ("b",), ("a",)]


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
