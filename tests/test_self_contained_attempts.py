"""An attempt keeps its questions: editing or removing them in the bank changes nothing for it.

Issue 12, case 7: removing a question from ``handbook/questions/`` while an attempt held it
raised KeyError when the attempt was shown or graded.
"""

import json
import random
import sqlite3

import yaml
from conftest import CONSENTED, TRAINEE, AuthActions, csrf_token, write_bank

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses, frozen
from quiz_server.core.attempts import utcnow
from quiz_server.core.users import create_user
from quiz_server.db import close_thread_connections, migrate


def make_app(tmp_path, questions):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                       "DATABASE": str(tmp_path / "quiz.sqlite"), "QUESTIONS_DIR": str(questions)})


def edit_bank(questions, removed, edited):
    """Remove one question from its chapter file and rewrite another's text and key."""
    for path in questions.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["questions"] = [q for q in data["questions"] if q["id"] != removed]
        for question in data["questions"]:
            if question["id"] == edited:
                question["en"]["text"] = "Rewritten after the attempt started?"
                question["answer"] = [k for k in question["vi"]["choices"]
                                      if k not in question["answer"]][:1]
                question["type"] = "single"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_removed_and_edited_questions_do_not_touch_an_open_attempt(tmp_path):
    questions = write_bank(tmp_path / "questions", per_chapter=13)
    app = make_app(tmp_path, questions)
    with app.app_context():
        db = get_db()
        migrate(db)
        uid = create_user(db, *TRAINEE, "trainee", "Trần Thị Học Viên",
                          privacy_accepted_at=CONSENTED)
        course = courses.create_course(db, app.extensions["question_bank"], code="BANK-1",
                                       title_vi="Khóa thử", starts_on="2026-11-01",
                                       ends_on="2026-11-30", questions_per_chapter=13,
                                       review_rule="after_submit")
        courses.enrol(db, course.id, uid)
        attempt = attempts.load_attempt(db, attempts.start_final(
            db, app.extensions["question_bank"], course, uid, random.Random(5), utcnow()))
    close_thread_connections()
    singles = [i for i in attempt.items if i.question.type == "single"]
    removed, edited = singles[0], singles[1]
    edit_bank(questions, removed.question_id, edited.question_id)

    app = make_app(tmp_path, questions)  # the server restarts on the edited bank
    assert removed.question_id not in app.extensions["question_bank"].questions
    client = app.test_client()
    client.get("/lang/en")
    AuthActions(client).login(*TRAINEE)
    page = client.get(f"/attempt/{attempt.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert removed.question.text["en"] in text and edited.question.text["en"] in text
    assert "Rewritten" not in text
    token = csrf_token(text)
    for item in (removed, edited):
        saved = client.post(f"/attempt/{attempt.id}/answer", headers={"Accept": "application/json"},
                            data={"csrf_token": token, "question_id": item.question_id,
                                  "choice": sorted(item.question.answer)})
        assert saved.status_code == 200, saved.json
    done = client.post(f"/attempt/{attempt.id}/submit", data={"csrf_token": token})
    assert done.headers["Location"].endswith("/result")
    result = client.get(f"/attempt/{attempt.id}/result").get_data(as_text=True)
    assert "Score: 2 of 26" in result  # graded on the keys the attempt was shown with
    assert removed.question.explanation["en"] in result and "Rewritten" not in result
    close_thread_connections()


def test_init_db_gives_older_attempts_a_copy_from_the_bank(app, runner):
    with app.app_context():
        db = get_db()
        bank = app.extensions["question_bank"]
        uid = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        attempt_id, _ = attempts.start_practice(db, bank, "01-alpha", random.Random(2),
                                                utcnow(), user_id=uid)
        db.execute("UPDATE attempt_items SET question_key = NULL")  # as before copies
        db.execute("UPDATE attempt_items SET question_id = 'gone' WHERE position = 1")
    result = runner.invoke(args=["init-db"])
    assert "Kept a copy of 9 question(s)" in result.output
    with app.app_context():
        items = attempts.load_attempt(get_db(), attempt_id).items
        assert frozen.backfill(get_db(), bank) == 0
    assert items[0].question is None and all(i.question for i in items[1:])
    assert json.loads(frozen.freeze(items[1].question)[1])["id"] == items[1].question_id
    conn = sqlite3.connect(app.config["DATABASE"])
    assert conn.execute("SELECT count(*) FROM attempt_items WHERE answer_seq = 0").fetchone()[0]
    conn.close()


def test_a_question_version_is_stored_once_however_many_attempts_hold_it(app):
    with app.app_context():
        db = get_db()
        for seed in range(5):
            attempts.start_practice(db, app.extensions["question_bank"], "01-alpha",
                                    random.Random(seed), utcnow())
        copies = db.execute("SELECT count(*) FROM question_copies").fetchone()[0]
        items, drawn = db.execute("SELECT count(*), count(DISTINCT question_id) "
                                  "FROM attempt_items").fetchone()
    assert copies == drawn < items  # each question drawn is kept once
