"""Practice quizzes and the final test: frozen sets, autosave, deadlines, grading once, review."""

import json
import random
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import ORGANIZER, TRAINEE, AuthActions, csrf_token

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses
from quiz_server.core.attempts import GRACE, QuizError
from quiz_server.db import close_thread_connections

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def bank_of(app):
    return app.extensions["question_bank"]


def user_id(app, username):
    with app.app_context():
        return get_db().execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]


@pytest.fixture
def course(app):
    with app.app_context():
        db = get_db()
        found = courses.create_course(
            db, bank_of(app), code="TTCS-2026-01", title_vi="Khóa bồi dưỡng thử",
            title_en="Test course", starts_on="2026-11-01", ends_on="2026-11-30",
            questions_per_chapter=3, time_limit_minutes=20, max_attempts=2, pass_mark=60,
            review_rule="after_submit")
        courses.enrol(db, found.id, user_id(app, TRAINEE[0]))
    return found


def right_answers(app, attempt):
    return {i.question_id: sorted(bank_of(app).questions[i.question_id].answer)
            for i in attempt.items}


def test_practice_draws_up_to_ten_from_the_chapter(app):
    with app.app_context():
        db = get_db()
        attempt_id, token = attempts.start_practice(db, bank_of(app), "01-alpha",
                                                    random.Random(1), NOW)
        attempt = attempts.load_attempt(db, attempt_id)
    assert token and attempt.user_id is None and len(attempt.items) == 10
    assert {i.question_id[:2] for i in attempt.items} == {"01"}


def test_final_draws_per_chapter_and_freezes_order(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        first = attempts.start_final(db, bank_of(app), course, uid, random.Random(1), NOW)
        attempt = attempts.load_attempt(db, first)
        assert len(attempt.items) == 6
        assert sorted(i.question_id[:2] for i in attempt.items) == ["01"] * 3 + ["02"] * 3
        assert attempt.deadline_at == NOW + timedelta(minutes=20)
        # Starting again resumes the same attempt with the same frozen order.
        again = attempts.start_final(db, bank_of(app), course, uid, random.Random(2), NOW)
        assert again == first
        assert attempts.load_attempt(db, again).items == attempt.items


def test_choices_are_shuffled_per_attempt(app, course):
    """The same question shows its choices in different orders in different attempts;
    "Đúng / Sai" keeps its natural order."""
    orders = {}
    with app.app_context():
        db = get_db()
        for seed in range(8):
            attempt_id, _ = attempts.start_practice(db, bank_of(app), "01-alpha",
                                                    random.Random(seed), NOW)
            for item in attempts.load_attempt(db, attempt_id).items:
                orders.setdefault(item.question_id, set()).add(item.choice_order)
    questions = bank_of(app).questions
    shuffled = [q for q in orders if questions[q].type != "true_false"]
    assert shuffled and all(len(orders[q]) > 1 for q in shuffled)
    assert all(orders[q] == {questions[q].keys} for q in orders if q not in shuffled)


def test_answers_outside_the_frozen_set_are_refused(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        attempt_id = attempts.start_final(db, bank_of(app), course, uid, random.Random(3), NOW)
        attempt = attempts.load_attempt(db, attempt_id)
        inside = {i.question_id for i in attempt.items}
        outside = next(q for q in bank_of(app).questions if q not in inside)
        with pytest.raises(QuizError) as error:
            attempts.save_answers(db, bank_of(app), attempt_id, {outside: ["a"]}, NOW)
        assert (error.value.status, error.value.code) == (400, "question_not_in_attempt")
        single = next(i for i in attempt.items
                      if bank_of(app).questions[i.question_id].type != "multiple")
        with pytest.raises(QuizError) as error:
            attempts.save_answers(db, bank_of(app), attempt_id, {single.question_id: ["z"]}, NOW)
        assert error.value.code == "choice_not_in_question"
        with pytest.raises(QuizError) as error:
            attempts.save_answers(db, bank_of(app), attempt_id,
                                  {single.question_id: list(single.choice_order[:2])}, NOW)
        assert error.value.code == "one_choice_only"


def test_late_answers_are_refused_and_graded_on_what_was_saved(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        attempt_id = attempts.start_final(db, bank_of(app), course, uid, random.Random(4), NOW)
        attempt = attempts.load_attempt(db, attempt_id)
        right = right_answers(app, attempt)
        first = attempt.items[0].question_id
        attempts.save_answers(db, bank_of(app), attempt_id, {first: right[first]}, NOW)
        within_grace = attempt.deadline_at + GRACE - timedelta(seconds=1)
        second = attempt.items[1].question_id
        attempts.save_answers(db, bank_of(app), attempt_id, {second: right[second]}, within_grace)
        late = attempt.deadline_at + GRACE + timedelta(seconds=1)
        with pytest.raises(QuizError) as error:
            attempts.save_answers(db, bank_of(app), attempt_id, right, late)
        assert error.value.code == "time_is_up"
        graded = attempts.load_attempt(db, attempt_id)
        assert graded.submitted and graded.score == 2
        with pytest.raises(QuizError) as error:
            attempts.save_answers(db, bank_of(app), attempt_id, right, late)
        assert error.value.code == "already_submitted"
        assert attempts.load_attempt(db, attempt_id).score == 2


def test_double_submit_grades_once(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        attempt_id = attempts.start_final(db, bank_of(app), course, uid, random.Random(5), NOW)
        attempt = attempts.load_attempt(db, attempt_id)
        attempts.save_answers(db, bank_of(app), attempt_id, right_answers(app, attempt), NOW)
        first = attempts.submit(db, bank_of(app), attempt_id, NOW)
        second = attempts.submit(db, bank_of(app), attempt_id, NOW + timedelta(minutes=1))
    assert first.score == 6 and first.percent == 100.0 and first.passed
    assert second.submitted_at == first.submitted_at


def test_parallel_submits_grade_once(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        attempt_id = attempts.start_final(db, bank_of(app), course, uid, random.Random(6), NOW)
    results = []

    def finish(offset):
        with app.app_context():
            moment = NOW + timedelta(seconds=offset)
            results.append(attempts.submit(get_db(), bank_of(app), attempt_id, moment))
            close_thread_connections()

    threads = [threading.Thread(target=finish, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.submitted_at for r in results}) == 1


def test_attempt_limit_and_window(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        for seed in range(2):
            attempt_id = attempts.start_final(db, bank_of(app), course, uid,
                                              random.Random(seed), NOW)
            attempts.submit(db, bank_of(app), attempt_id, NOW)
        with pytest.raises(QuizError) as error:
            attempts.start_final(db, bank_of(app), course, uid, random.Random(9), NOW)
        assert (error.value.status, error.value.code) == (409, "no_attempts_left")
        other = user_id(app, "tra2")
        with pytest.raises(QuizError) as error:
            attempts.start_final(db, bank_of(app), course, other, random.Random(9), NOW)
        assert (error.value.status, error.value.code) == (403, "not_enrolled")
        closed = courses.create_course(
            db, bank_of(app), code="X-1", title_vi="Đã đóng", starts_on="2026-01-01",
            ends_on="2026-01-02", closes_at="2026-01-02T00:00:00+00:00")
        courses.enrol(db, closed.id, uid)
        with pytest.raises(QuizError) as error:
            attempts.start_final(db, bank_of(app), closed, uid, random.Random(9), NOW)
        assert error.value.code == "closed"


def test_grade_is_the_best_attempt(app, course):
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        first = attempts.start_final(db, bank_of(app), course, uid, random.Random(1), NOW)
        attempt = attempts.load_attempt(db, first)
        attempts.save_answers(db, bank_of(app), first, right_answers(app, attempt), NOW)
        attempts.submit(db, bank_of(app), first, NOW)
        second = attempts.start_final(db, bank_of(app), course, uid, random.Random(2), NOW)
        attempts.submit(db, bank_of(app), second, NOW)
        assert attempts.best_final(db, course.id, uid) == {"percent": 100.0, "passed": True}


@pytest.mark.parametrize("rule,after_submit,after_close", [
    ("never", False, False), ("after_submit", True, True), ("after_close", False, True)])
def test_review_rules(app, rule, after_submit, after_close):
    closes = NOW + timedelta(hours=1)
    with app.app_context():
        db = get_db()
        found = courses.create_course(
            db, bank_of(app), code=f"R-{rule.replace('_', '-')}", title_vi="Khóa",
            starts_on="2026-11-01", ends_on="2026-11-30", review_rule=rule,
            closes_at=closes.isoformat())
        uid = user_id(app, TRAINEE[0])
        courses.enrol(db, found.id, uid)
        attempt_id = attempts.start_final(db, bank_of(app), found, uid, random.Random(1), NOW)
        assert not attempts.load_attempt(db, attempt_id).review_allowed(NOW)
        graded = attempts.submit(db, bank_of(app), attempt_id, NOW)
    assert graded.review_allowed(NOW) is after_submit
    assert graded.review_allowed(closes + timedelta(seconds=1)) is after_close


def test_editing_the_bank_never_changes_a_past_result(app, course):
    """A graded attempt keeps its score, its marks and its keys when a key is changed in the
    bank's files and the server restarts, even if it is submitted again."""
    with app.app_context():
        db = get_db()
        uid = user_id(app, TRAINEE[0])
        attempt_id = attempts.start_final(db, bank_of(app), course, uid, random.Random(7), NOW)
        attempt = attempts.load_attempt(db, attempt_id)
        attempts.save_answers(db, bank_of(app), attempt_id, right_answers(app, attempt), NOW)
        graded = attempts.submit(db, bank_of(app), attempt_id, NOW)
    assert graded.score == 6 and graded.passed
    edited = graded.items[0]
    question = bank_of(app).questions[edited.question_id]
    path = Path(app.config["QUESTIONS_DIR"]) / f"{question.chapter}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(q for q in data["questions"] if q["id"] == edited.question_id)
    wrong = [k for k in question.keys if k not in question.answer]
    entry["answer"] = wrong if question.type == "multiple" else wrong[:1]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    restarted = create_app(dict(app.config))
    assert restarted.extensions["question_bank"].questions[edited.question_id].answer != (
        question.answer)
    with restarted.app_context():
        db = get_db()
        again = attempts.submit(db, restarted.extensions["question_bank"], attempt_id,
                                NOW + timedelta(hours=1))
        assert attempts.best_final(db, course.id, uid) == {"percent": 100.0, "passed": True}
    assert (again.score, again.percent, again.passed) == (6, 100.0, True)
    assert again.items == graded.items and again.submitted_at == graded.submitted_at
    page = restarted.test_client()
    AuthActions(page).login_trainee()
    # Vietnamese decimal comma: one percentage convention everywhere
    assert "100,0%" in page.get(f"/attempt/{attempt_id}/result").get_data(as_text=True)


# Through the web pages


def start_practice_page(client, chapter="01-alpha"):
    page = client.get(f"/practice/{chapter}").get_data(as_text=True)
    response = client.post(f"/practice/{chapter}/start", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    return int(re.search(r"/attempt/(\d+)", response.headers["Location"]).group(1))


def test_anonymous_practice_with_autosave_and_review(app, client):
    attempt_id = start_practice_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert "Câu hỏi 1" in page and "correct" not in page
    token = csrf_token(page)
    with app.app_context():
        attempt = attempts.load_attempt(get_db(), attempt_id)
    right = right_answers(app, attempt)
    first = attempt.items[0].question_id
    saved = client.post(f"/attempt/{attempt_id}/answer", headers={"Accept": "application/json"},
                        data={"csrf_token": token, "question_id": first, "choice": right[first]})
    assert saved.status_code == 200 and saved.json["saved"]
    # Reloading shows the saved answer checked.
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert re.search(rf'value="{right[first][0]}"\s+checked', page)
    wrong = client.post(f"/attempt/{attempt_id}/answer", headers={"Accept": "application/json"},
                        data={"csrf_token": token, "question_id": "02-q01", "choice": "a"})
    assert wrong.status_code == 400 and wrong.json["error"] == "question_not_in_attempt"
    assert "không thuộc" in wrong.json["message"]
    done = client.post(f"/attempt/{attempt_id}/save", data={"csrf_token": token, "submit": "1"})
    assert done.headers["Location"].endswith(f"/attempt/{attempt_id}/result")
    result = client.get(f"/attempt/{attempt_id}/result").get_data(as_text=True)
    assert "Điểm: 1/10" in result or "1 / 10" in result or "1 trên 10" in result
    assert "Giải thích câu" in result
    assert "/chapters/01-alpha/#legal-basis" in result
    with app.app_context():
        row = get_db().execute("SELECT user_id FROM attempts WHERE id = ?", [attempt_id]).fetchone()
    assert row[0] is None


def test_plain_form_post_without_javascript(app, client, auth):
    auth.login_trainee()
    attempt_id = start_practice_page(client, "02-beta")
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        attempt = attempts.load_attempt(get_db(), attempt_id)
    data = {"csrf_token": csrf_token(page), "save": "1"}
    for qid, keys in right_answers(app, attempt).items():
        data[f"seen-{qid}"] = "1"
        data[f"q-{qid}"] = keys
    assert client.post(f"/attempt/{attempt_id}/save", data=data).status_code == 302
    data.pop("save")
    data["submit"] = "1"
    client.post(f"/attempt/{attempt_id}/save", data=data)
    result = client.get(f"/attempt/{attempt_id}/result").get_data(as_text=True)
    assert "100,0%" in result
    home = client.get("/").get_data(as_text=True)
    assert "Chương 2. Thử" in home and "100,0%" in home


def test_english_review_links_to_english_handbook(app, client):
    client.get("/lang/en")
    attempt_id = start_practice_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert "Question" in page
    client.post(f"/attempt/{attempt_id}/save", data={"csrf_token": csrf_token(page), "submit": "1"})
    result = client.get(f"/attempt/{attempt_id}/result").get_data(as_text=True)
    assert "/en/chapters/01-alpha/#legal-basis" in result and "Explanation of question" in result


def test_another_persons_attempt_is_not_found(app, client, auth):
    attempt_id = start_practice_page(client)
    other = app.test_client()
    assert other.get(f"/attempt/{attempt_id}").status_code == 404
    auth.login_trainee()
    mine = start_practice_page(client)
    from conftest import AuthActions
    AuthActions(other).login("tra2", "trainee-password-2")
    assert other.get(f"/attempt/{mine}").status_code == 404
    assert other.get(f"/attempt/{mine}/result").status_code == 404


def test_final_test_pages(app, client, auth, course):
    auth.login_trainee()
    page = client.get("/course/TTCS-2026-01").get_data(as_text=True)
    assert "Khóa bồi dưỡng thử" in page
    response = client.post("/course/TTCS-2026-01/start", data={"csrf_token": csrf_token(page)})
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    seconds = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    assert 1190 <= seconds <= 1200
    # The answer keys are not in the page before review.
    with app.app_context():
        attempt = attempts.load_attempt(get_db(), attempt_id)
    assert "correct" not in page and json.dumps(right_answers(app, attempt)) not in page
    client.post(f"/attempt/{attempt_id}/save", data={"csrf_token": csrf_token(page), "finish": "1"})
    confirm = client.get(f"/attempt/{attempt_id}/submit").get_data(as_text=True)
    client.post(f"/attempt/{attempt_id}/submit", data={"csrf_token": csrf_token(confirm)})
    assert "Chưa đạt" in client.get(f"/attempt/{attempt_id}/result").get_data(as_text=True)
    auth.logout()
    auth.login(*ORGANIZER)
    assert client.get(f"/attempt/{attempt_id}").status_code == 404


def start_final_page(client):
    page = client.get("/course/TTCS-2026-01").get_data(as_text=True)
    response = client.post("/course/TTCS-2026-01/start", data={"csrf_token": csrf_token(page)})
    return int(response.headers["Location"].rsplit("/", 1)[1])


def submitted(app, attempt_id):
    with app.app_context():
        return attempts.load_attempt(get_db(), attempt_id).submitted


def test_the_final_test_is_submitted_only_after_its_confirmation(app, client, auth, course):
    auth.login_trainee()
    attempt_id = start_final_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        attempt = attempts.load_attempt(get_db(), attempt_id)
    first = attempt.items[0].question_id
    data = {"csrf_token": csrf_token(page), f"seen-{first}": "1",
            f"q-{first}": right_answers(app, attempt)[first], "finish": "1"}
    asked = client.post(f"/attempt/{attempt_id}/save", data=data)
    assert asked.headers["Location"].endswith(f"/attempt/{attempt_id}/submit")
    assert not submitted(app, attempt_id)
    # The timer's own "submit" field, sent while time remains, also only asks.
    early = client.post(f"/attempt/{attempt_id}/save",
                        data={"csrf_token": csrf_token(page), "submit": "1"})
    assert early.headers["Location"].endswith("/submit") and not submitted(app, attempt_id)
    confirm = client.get(f"/attempt/{attempt_id}/submit").get_data(as_text=True)
    total = len(attempt.items)
    assert f"Bạn đã trả lời 1/{total} câu" in confirm
    assert f"{total - 1} câu chưa được trả lời" in confirm and "#question-2" in confirm
    assert not submitted(app, attempt_id)  # looking at the page changes nothing
    done = client.post(f"/attempt/{attempt_id}/submit", data={"csrf_token": csrf_token(confirm)})
    assert done.headers["Location"].endswith("/result") and submitted(app, attempt_id)


def test_the_timer_submits_by_itself_when_time_is_up(app, client, auth, course):
    auth.login_trainee()
    attempt_id = start_final_page(client)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    with app.app_context():
        get_db()["attempts"].update(attempt_id, {"deadline_at": soon})
    done = client.post(f"/attempt/{attempt_id}/save",
                       data={"csrf_token": csrf_token(page), "submit": "1"})
    assert done.headers["Location"].endswith("/result") and submitted(app, attempt_id)


def test_without_javascript_the_page_says_to_press_save(app, client, auth, course):
    auth.login_trainee()
    page = client.get(f"/attempt/{start_final_page(client)}").get_data(as_text=True)
    shown = re.search(r'<p id="save-help"[^>]*>([^<]*)</p>', page).group(1)
    assert "Lưu câu trả lời" in shown and "ngay khi" not in shown


def test_not_enrolled_course_is_forbidden(app, client, auth, course):
    from conftest import AuthActions
    AuthActions(client).login("tra2", "trainee-password-2")
    assert client.get("/course/TTCS-2026-01").status_code == 403
    page = client.get("/").get_data(as_text=True)
    response = client.post("/course/TTCS-2026-01/start", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 403


def test_unknown_chapter_is_404(client):
    assert client.get("/practice/99-nothing").status_code == 404
