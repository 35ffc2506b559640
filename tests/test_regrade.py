"""Regrade after a key is corrected in the bank: changed questions, preview, apply, certificates."""

import random
from datetime import UTC, datetime

import pytest
import yaml
from conftest import csrf_token

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import attempts, audit, certificates, courses, regrade
from quiz_server.core.users import create_user

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
FIXED = "01-q03"  # a single-choice question whose key was "b" and is corrected to "c"


def answer_sheet(bank, attempt, right, fixed_choice):
    """``right`` questions answered by the (old) key, the rest wrong; FIXED gets its own choice."""
    answers, count = {}, 0
    for item in sorted(attempt.items, key=lambda i: i.question_id):
        question = bank.questions[item.question_id]
        if item.question_id == FIXED:
            answers[FIXED] = [fixed_choice]
            continue
        if count < right:
            answers[item.question_id] = sorted(question.answer)
            count += 1
        else:
            answers[item.question_id] = [k for k in question.keys if k not in question.answer][:1]
    return answers


@pytest.fixture
def graded(app, tmp_path):
    """Three trainees graded with the old key; then the key is corrected and the server restarts.

    An: all right by the old key (24/24). Bình: 14 others + FIXED by the old key = 15/24, passed.
    Chi: 14 others + FIXED by the new key = 14/24, not passed (pass mark 60%).
    """
    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, bank, code="RG-1", title_vi="Khóa chấm lại",
                                       starts_on="2026-11-01", ends_on="2026-11-30",
                                       questions_per_chapter=12, pass_mark=60)
        people = {}
        for username, name, right, choice in (("an", "An", 23, "b"), ("binh", "Bình", 14, "b"),
                                              ("chi", "Chi", 14, "c")):
            uid = create_user(db, username, "x" * 12, "trainee", name)
            courses.enrol(db, course.id, uid)
            attempt_id = attempts.start_final(db, bank, course, uid, random.Random(uid), NOW)
            attempt = attempts.load_attempt(db, attempt_id)
            attempts.save_answers(db, bank, attempt_id,
                                  answer_sheet(bank, attempt, right, choice), NOW)
            attempts.submit(db, bank, attempt_id, NOW)
            people[username] = (uid, attempt_id)
        # A fourth trainee is still writing: an open attempt is graded later, with the new key.
        uid = create_user(db, "dung", "x" * 12, "trainee", "Dũng")
        courses.enrol(db, course.id, uid)
        people["dung"] = (uid, attempts.start_final(db, bank, course, uid, random.Random(9), NOW))
    path = tmp_path / "questions" / "01-alpha.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["id"] == FIXED)
    assert question["type"] == "single" and question["answer"] == ["b"]
    question["answer"] = ["c"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    restarted = create_app(dict(app.config))
    return restarted, course, people


def result(db, attempt_id):
    a = attempts.load_attempt(db, attempt_id)
    return a.score, a.percent, a.passed


def test_changed_questions_and_preview(graded):
    app, course, people = graded
    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        assert regrade.changed_questions(db, bank, course.id) == {FIXED: (["b"], ["c"])}
        changed, changes = regrade.preview(db, bank, course.id)
    by_name = {c.username: c for c in changes}
    assert sorted(by_name) == ["an", "binh", "chi"]
    an, binh, chi = by_name["an"], by_name["binh"], by_name["chi"]
    assert (an.old_score, an.new_score, an.old_passed, an.new_passed) == (24, 23, True, True)
    assert (binh.old_score, binh.new_score, binh.old_passed, binh.new_passed) == (
        15, 14, True, False)
    assert (chi.old_score, chi.new_score, chi.old_passed, chi.new_passed) == (14, 15, False, True)
    assert (binh.old_percent, binh.new_percent) == (62.5, 58.3)
    # A preview writes nothing.
    with app.app_context():
        assert result(get_db(), people["binh"][1]) == (15, 62.5, True)


def test_apply_regrades_and_withdraws_certificates(graded):
    app, course, people = graded
    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        changed, changes = regrade.preview(db, bank, course.id)
        with pytest.raises(regrade.StalePreview):
            regrade.apply(db, bank, course.id, NOW, expected="0" * 16)
        assert result(db, people["binh"][1]) == (15, 62.5, True)
        _, applied, withdrawn = regrade.apply(db, bank, course.id, NOW,
                                              expected=regrade.fingerprint(changed, changes))
        assert applied == changes and withdrawn == 1
        assert result(db, people["an"][1]) == (23, 95.8, True)
        assert result(db, people["binh"][1]) == (14, 58.3, False)
        assert result(db, people["chi"][1]) == (15, 62.5, True)
        item = next(i for i in attempts.load_attempt(db, people["chi"][1]).items
                    if i.question_id == FIXED)
        assert item.correct and item.correct_keys == ("c",)
        assert regrade.changed_questions(db, bank, course.id) == {}
        assert regrade.preview(db, bank, course.id) == ({}, [])
        assert attempts.load_attempt(db, people["dung"][1]).submitted_at is None
        holders = {c["user_id"] for c in certificates.of_course(db, course.id)}
    assert holders == {people["an"][0], people["chi"][0]}


def test_regrade_page_previews_then_applies_on_confirmation(graded):
    app, course, people = graded
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": "org", "password": "organizer-password-1",
                                "csrf_token": csrf_token(page)})
    page = client.get("/organizer/courses/RG-1/regrade").get_data(as_text=True)
    assert FIXED in page and "Bình" in page and "Chi" in page
    assert "15/24 (62,5%) — đạt" in page and "14/24 (58,3%) — không đạt" in page
    fingerprint = page.split('name="fingerprint" type="hidden" value="')[1].split('"')[0]
    stale = client.post("/organizer/courses/RG-1/regrade",
                        data={"csrf_token": csrf_token(page), "fingerprint": "stale"})
    assert stale.status_code == 303 and stale.headers["Location"].endswith("/regrade")
    with app.app_context():
        assert result(get_db(), people["binh"][1]) == (15, 62.5, True)
    done = client.post("/organizer/courses/RG-1/regrade",
                       data={"csrf_token": csrf_token(page), "fingerprint": fingerprint})
    assert done.status_code == 303
    assert "3 kết quả thay đổi" in client.get(done.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert result(get_db(), people["binh"][1]) == (14, 58.3, False)
        entry = audit.recent(get_db())[0]
    assert entry["action"] == "course.regrade" and FIXED in entry["detail"]
    # The course page closed Dũng's run-out attempt (nothing answered) on the key it was
    # started with, its copy: the preview lists that key, with no result changing.
    again = client.get("/organizer/courses/RG-1/regrade").get_data(as_text=True)
    assert FIXED in again and "Không có điểm nào thay đổi" in again and "Bình" not in again
