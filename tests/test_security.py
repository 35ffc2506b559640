"""Attack cases against the quiz server, through HTTP as a browser or a script would send them.

Each test names the hardening item it covers; it fails if that protection is removed.
"""

import json
import random
import threading
import unicodedata
from datetime import UTC, datetime

import pytest
import yaml
from conftest import CONSENTED, OTHER_TRAINEE, TRAINEE, AuthActions, csrf_token

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses
from quiz_server.core.users import create_user
from quiz_server.db import close_thread_connections


def bank_of(app):
    return app.extensions["question_bank"]


def user_id(app, username):
    with app.app_context():
        return get_db().execute("SELECT id FROM users WHERE username = ?",
                                [username]).fetchone()[0]


def make_course(app, code="ATK-1", enrol=(TRAINEE[0],), **settings):
    options = {"title_vi": "Khóa thử", "title_en": "Test course", "starts_on": "2026-11-01",
               "ends_on": "2026-11-30", "questions_per_chapter": 2, "time_limit_minutes": 20,
               "max_attempts": 1, "pass_mark": 60, "review_rule": "after_submit", **settings}
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, bank_of(app), code=code, **options)
        for username in enrol:
            courses.enrol(db, course.id, user_id(app, username))
    return course


def start_final(client, code="ATK-1"):
    """Start the final test through the pages; returns (attempt id, attempt page html)."""
    page = client.get(f"/course/{code}").get_data(as_text=True)
    response = client.post(f"/course/{code}/start", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return attempt_id, client.get(f"/attempt/{attempt_id}").get_data(as_text=True)


def load(app, attempt_id):
    with app.app_context():
        return attempts.load_attempt(get_db(), attempt_id)


def autosave(client, attempt_id, page, question_id, choice):
    return client.post(f"/attempt/{attempt_id}/answer", headers={"Accept": "application/json"},
                       data={"question_id": question_id, "choice": choice,
                             "csrf_token": csrf_token(page)})


def run_together(target, count):
    """Run ``target`` in ``count`` threads at once and wait for all of them."""
    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def confirm_submit(client, attempt_id, extra=None):
    """Submit a final test the way a trainee does: from its confirmation page."""
    page = client.get(f"/attempt/{attempt_id}/submit").get_data(as_text=True)
    return client.post(f"/attempt/{attempt_id}/submit",
                       data={"csrf_token": csrf_token(page), **(extra or {})})


@pytest.fixture
def trainee(client):
    AuthActions(client).login(*TRAINEE)
    return client


def test_2_another_trainees_attempt_and_review_are_not_found(app, client, trainee):
    make_course(app)
    attempt_id, page = start_final(client)
    confirm_submit(client, attempt_id)
    other = app.test_client()
    AuthActions(other).login(*OTHER_TRAINEE)
    for path in (f"/attempt/{attempt_id}", f"/attempt/{attempt_id}/result"):
        assert other.get(path).status_code == 404
    other_page = other.get("/").get_data(as_text=True)
    response = other.post(f"/attempt/{attempt_id}/answer", headers={
        "Accept": "application/json"}, data={"question_id": "x", "choice": "a",
                                             "csrf_token": csrf_token(other_page)})
    assert response.status_code == 404


def test_3_and_4_questions_outside_the_set_and_foreign_choices_get_400(app, client, trainee):
    make_course(app)
    attempt_id, page = start_final(client)
    attempt = load(app, attempt_id)
    inside = {i.question_id for i in attempt.items}
    outside = next(q for q in bank_of(app).questions if q not in inside)
    response = autosave(client, attempt_id, page, outside, "a")
    assert response.status_code == 400
    assert response.get_json()["error"] == "question_not_in_attempt"
    assert response.get_json()["message"]
    first, second = attempt.items[0], attempt.items[1]
    foreign = next(k for k in ("a", "b", "c", "d", "z") if k not in first.choice_order)
    response = autosave(client, attempt_id, page, first.question_id, foreign)
    assert response.status_code == 400
    assert response.get_json()["error"] == "choice_not_in_question"
    assert load(app, attempt_id).items[0].answer is None
    assert autosave(client, attempt_id, page, second.question_id,
                    second.choice_order[0]).status_code == 200


def test_5_two_parallel_finishes_grade_once(app, client, trainee):
    make_course(app)
    attempt_id, page = start_final(client)
    token = csrf_token(page)
    cookies = client.get_cookie("session")
    results, barrier = [], threading.Barrier(2)

    def finish():
        other = app.test_client()
        other.set_cookie(cookies.key, cookies.value)
        barrier.wait()
        results.append(other.post(f"/attempt/{attempt_id}/submit",
                                  data={"csrf_token": token}).status_code)
        close_thread_connections()

    run_together(finish, 2)
    assert results == [302, 302]
    with app.app_context():
        rows = get_db().execute("SELECT submitted_at, score FROM attempts WHERE kind = 'final'"
                                ).fetchall()
    assert len(rows) == 1 and rows[0][0] is not None and rows[0][1] is not None


def test_7_forged_score_passed_and_start_fields_are_ignored(app, client, trainee):
    make_course(app)
    attempt_id, page = start_final(client)
    before = load(app, attempt_id)
    forged = {"score": "999", "percent": "100", "passed": "1", "user_id": "1",
              "started_at": "2020-01-01T00:00:00+00:00", "deadline_at": "2099-01-01T00:00:00+00:00"}
    client.post(f"/attempt/{attempt_id}/save", data={
        "csrf_token": csrf_token(page), "finish": "1", **forged})
    confirm_submit(client, attempt_id, forged)
    after = load(app, attempt_id)
    assert after.score == 0 and after.percent == 0 and not after.passed
    assert after.started_at == before.started_at and after.deadline_at == before.deadline_at
    assert after.user_id == before.user_id


def test_8_parallel_starts_at_the_attempt_limit_make_one_attempt(app):
    course = make_course(app)
    uid = user_id(app, TRAINEE[0])
    now, results, barrier = datetime.now(UTC), [], threading.Barrier(4)

    def start():
        with app.app_context():
            barrier.wait()
            try:
                results.append(attempts.start_final(get_db(), bank_of(app), course, uid,
                                                    random.Random(), now))
            except attempts.QuizError as error:
                results.append(error.code)
            close_thread_connections()

    run_together(start, 4)
    # Concurrent starts resume the one running attempt instead of making new ones.
    assert len(set(results)) == 1 and isinstance(results[0], int)
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
        attempts.submit(db, bank_of(app), results[0], now)
        with pytest.raises(attempts.QuizError) as error:
            attempts.start_final(db, bank_of(app), course, uid, random.Random(), now)
        assert error.value.code == "no_attempts_left"
        assert db.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1


def test_9_a_closed_course_is_forbidden(app, client, trainee):
    make_course(app, opens_at="2020-01-01T00:00:00+00:00", closes_at="2020-01-02T00:00:00+00:00")
    page = client.get("/course/ATK-1").get_data(as_text=True)
    response = client.post("/course/ATK-1/start", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 403
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM attempts").fetchone()[0] == 0


def test_14_autosave_after_the_attempt_finished_is_refused(app, client, trainee):
    make_course(app)
    attempt_id, page = start_final(client)
    item = load(app, attempt_id).items[0]
    confirm_submit(client, attempt_id)
    response = autosave(client, attempt_id, page, item.question_id, item.choice_order[0])
    assert response.status_code == 409
    assert response.get_json()["error"] == "already_submitted"
    assert load(app, attempt_id).items[0].answer is None


def test_16_names_in_nfc_and_nfd_round_trip(app, client):
    nfc = "Nguyễn Thị Thủy Tiên"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    with app.app_context():
        create_user(get_db(), "thuytien", "mat-khau-dai-1", "trainee", nfd,
                    privacy_accepted_at=CONSENTED)
        stored = get_db().execute("SELECT full_name FROM users WHERE username = 'thuytien'"
                                  ).fetchone()[0]
    assert stored == nfc
    AuthActions(client).login(unicodedata.normalize("NFD", "thuytien"), "mat-khau-dai-1")
    assert nfc in client.get("/").get_data(as_text=True)


def test_18_html_in_names_titles_and_questions_is_escaped(app, client):
    script = "<script>alert(1)</script>"
    with app.app_context():
        create_user(get_db(), "xss", "mat-khau-dai-1", "trainee", f"Tên {script}",
                    privacy_accepted_at=CONSENTED)
    make_course(app, code="XSS-1", enrol=("xss",), title_vi=f"Khóa {script}",
                title_en=f"Course {script}")
    AuthActions(client).login("xss", "mat-khau-dai-1")
    for path in ("/", "/course/XSS-1"):
        html = client.get(path).get_data(as_text=True)
        assert script not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_18_question_text_with_markup_is_escaped(app, client, tmp_path):
    bank_dir = tmp_path / "bank-xss"
    bank_dir.mkdir()
    for source in (tmp_path / "questions").iterdir():
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for question in data["questions"]:
            question["vi"]["text"] += " <img src=x onerror=alert(1)>"
        (bank_dir / source.name).write_text(yaml.safe_dump(data, allow_unicode=True),
                                            encoding="utf-8")
    other = create_app({**app.config, "QUESTIONS_DIR": str(bank_dir)})
    page_client = other.test_client()
    page = page_client.get("/practice/01-alpha").get_data(as_text=True)
    response = page_client.post("/practice/01-alpha/start",
                                data={"csrf_token": csrf_token(page)})
    html = page_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_20_answer_keys_stay_on_the_server_until_review(app, client, trainee):
    make_course(app, review_rule="never")
    attempt_id, page = start_final(client)
    attempt = load(app, attempt_id)
    keys = {i.question_id: sorted(bank_of(app).questions[i.question_id].answer)
            for i in attempt.items}
    explanations = [bank_of(app).questions[q].explanation["vi"] for q in keys]
    assert not any(text in page for text in explanations)
    assert "correct" not in page.lower()
    item = attempt.items[0]
    saved = autosave(client, attempt_id, page, item.question_id, item.choice_order[0])
    assert set(saved.get_json()) == {"saved", "question_id", "seq"}
    confirm_submit(client, attempt_id)
    result = client.get(f"/attempt/{attempt_id}/result").get_data(as_text=True)
    assert not any(text in result for text in explanations)
    assert json.dumps(keys) not in result
