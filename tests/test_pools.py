"""The two pools on the quiz server: practice never shows an exam question, the final test
never repeats a topic, and only organizers see the bank with its keys."""

import random
from datetime import UTC, datetime

import pytest
import yaml
from conftest import TRAINEE, csrf_token, make_question

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses
from quiz_server.db import close_thread_connections, migrate

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def bank_of(app):
    return app.extensions["question_bank"]


def exam_markers(app):
    """What would betray an exam question on a page: its id attribute and its texts."""
    markers = []
    for question in bank_of(app).questions.values():
        if question.pool == "exam":
            markers += [f'data-question-id="{question.id}"', question.text["vi"],
                        question.text["en"]]
    return markers


def take_practice(client, chapter):
    """Start a practice quiz, answer nothing, submit; the pages a person sees, in order."""
    page = client.get(f"/practice/{chapter}").get_data(as_text=True)
    started = client.post(f"/practice/{chapter}/start", data={"csrf_token": csrf_token(page)})
    quiz = client.get(started.headers["Location"]).get_data(as_text=True)
    ids = [line.split('"')[1] for line in quiz.split("data-question-id=")[1:]]
    result = client.post(started.headers["Location"] + "/save", follow_redirects=True, data={
        "csrf_token": csrf_token(quiz), "submit": "1", **{f"seen-{q}": "1" for q in ids}})
    return [page, quiz, result.get_data(as_text=True)], ids


@pytest.mark.parametrize("who", ["anonymous", "trainee"])
def test_no_practice_page_ever_shows_an_exam_question(app, client, auth, who):
    if who == "trainee":
        auth.login_trainee()
    markers, practice_ids = exam_markers(app), set()
    for _ in range(15):
        for chapter in bank_of(app).chapters:
            pages, ids = take_practice(client, chapter)
            practice_ids |= set(ids)
            assert "(đáp án đúng)" in pages[2]  # practice keys are shown
            for html in pages:
                assert not [m for m in markers if m in html]
    assert practice_ids == {q.id for q in bank_of(app).questions.values()
                            if q.pool == "practice"}


def test_an_old_practice_attempt_never_reviews_an_exam_key(app, client):
    """A practice attempt stored before the pools existed may hold exam questions."""
    page = client.get("/practice/01-alpha").get_data(as_text=True)
    started = client.post("/practice/01-alpha/start", data={"csrf_token": csrf_token(page)})
    attempt_id = int(started.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        get_db().execute("UPDATE attempt_items SET question_id = '01-q01' "
                         "WHERE attempt_id = ? AND position = 1", [attempt_id])
        get_db().conn.commit()
        others = [i.question_id for i in attempts.load_attempt(get_db(), attempt_id).items[1:]]
    quiz = client.get(started.headers["Location"]).get_data(as_text=True)
    result = client.post(started.headers["Location"] + "/save", follow_redirects=True,
                         data={"csrf_token": csrf_token(quiz), "submit": "1"})
    html = result.get_data(as_text=True)
    assert "Câu hỏi 1 chương 01-alpha?" not in html and "Giải thích câu 1." not in html
    for qid in others:  # the practice questions of the same attempt are reviewed
        assert bank_of(app).questions[qid].explanation["vi"] in html


@pytest.fixture
def shared_topics(tmp_path):
    """Exam questions sharing topics within and across chapters (the loader allows it)."""
    directory = tmp_path / "shared"
    directory.mkdir()
    for number, (chapter, topics) in enumerate((("01-alpha", 4), ("02-beta", 6)), 1):
        questions = []
        for n in range(1, 13):
            question = make_question(chapter, n)
            question["topic"] = f"t{n % topics}"
            questions.append(question)
        questions += [make_question(chapter, n, "practice") for n in range(13, 15)]
        (directory / f"{chapter}.yml").write_text(yaml.safe_dump(
            {"chapter": chapter, "title": {"vi": f"Chương {number}", "en": f"Chapter {number}"},
             "questions": questions}, allow_unicode=True), encoding="utf-8")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "q.sqlite"),
                      "QUESTIONS_DIR": str(directory)})
    yield app
    close_thread_connections()


def test_a_thousand_final_draws_never_repeat_a_topic(shared_topics):
    app = shared_topics
    bank = bank_of(app)
    with app.app_context():
        migrate(get_db())
        course = courses.create_course(
            get_db(), bank, code="TOPIC-1", title_vi="Thử", starts_on="2026-11-01",
            ends_on="2026-11-30", questions_per_chapter=3)
    rng = random.Random(17)
    for _ in range(1000):
        drawn = [bank.questions[qid] for qid in attempts.draw_final(bank, course, rng)]
        topics = [q.topic for q in drawn]
        assert len(set(topics)) == len(topics) == 6
        assert [q.chapter for q in drawn].count("01-alpha") == 3
        assert all(q.pool == "exam" for q in drawn)


def make_course_with_results(app):
    """A course whose trainee submitted one final attempt, all answers right."""
    with app.app_context():
        db = get_db()
        course = courses.create_course(
            db, bank_of(app), code="BANK-1", title_vi="Khóa", starts_on="2026-11-01",
            ends_on="2026-11-30", questions_per_chapter=2, review_rule="never")
        user = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        courses.enrol(db, course.id, user)
        attempt_id = attempts.start_final(db, bank_of(app), course, user, random.Random(3), NOW)
        attempt = attempts.load_attempt(db, attempt_id)
        answers = {i.question_id: sorted(bank_of(app).questions[i.question_id].answer)
                   for i in attempt.items}
        attempts.save_answers(db, bank_of(app), attempt_id, answers, NOW)
        attempts.submit(db, bank_of(app), attempt_id, NOW)
        return sorted(answers)


def test_bank_page_is_for_organizers_only(app, client, auth):
    answered = make_course_with_results(app)
    assert client.get("/organizer/bank").status_code == 302  # to the login page
    auth.login_trainee()
    assert client.get("/organizer/bank").status_code == 403
    auth.logout()
    auth.login_organizer()
    response = client.get("/organizer/bank")
    html = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert html.count('class="card bank-question"') == len(bank_of(app))
    keys = sum(len(q.answer) for q in bank_of(app).questions.values())
    assert html.count("(đáp án đúng)") == keys
    assert html.count("1 khóa, 1 lượt trả lời · Độ dễ 1.0") == len(answered) == 4
    exam_only = client.get("/organizer/bank?pool=exam").get_data(as_text=True)
    assert 'data-pool="practice"' not in exam_only and 'data-pool="exam"' in exam_only


def test_a_course_cannot_ask_more_per_chapter_than_the_exam_pool_holds(app, client, auth):
    with app.app_context(), pytest.raises(courses.CourseError) as refused:
        courses.create_course(get_db(), bank_of(app), code="BIG-1", title_vi="Khóa",
                              starts_on="2026-11-01", ends_on="2026-11-30",
                              questions_per_chapter=13)
    assert (refused.value.field, refused.value.code) == ("questions_per_chapter", "exam_pool")
    auth.login_organizer()
    page = client.get("/organizer/courses/new").get_data(as_text=True)
    response = client.post("/organizer/courses/new", data={
        "code": "BIG-2", "title_vi": "Khóa", "starts_on": "2026-12-01", "ends_on": "2026-12-03",
        "mode": "in_person", "chapters": ["01-alpha", "02-beta"], "questions_per_chapter": "13",
        "time_limit_minutes": "25", "max_attempts": "2", "pass_mark": "70",
        "review_rule": "never", "csrf_token": csrf_token(page)})
    assert response.status_code == 400
    assert "Một chương đã chọn chỉ có 12 câu trong kho thi: nhập tối đa 12." in \
        response.get_data(as_text=True)
    with app.app_context():
        assert courses.get_course(get_db(), "BIG-2") is None
