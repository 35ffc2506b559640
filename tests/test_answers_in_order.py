"""Answers in order: the newest save of each answer is kept, whatever arrives last.

Issue 12, case 8: a delayed older autosave replaced a newer one; the full form of a page
loaded earlier (a second tab whose timer submits) erased 20 autosaved answers; a no-JS save
after the deadline said "Your answers are saved." when nothing was stored.
"""

import random
import re
import time
from datetime import timedelta

import pytest
from conftest import TRAINEE, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses
from quiz_server.core.attempts import utcnow


def bank_of(app):
    return app.extensions["question_bank"]


@pytest.fixture
def final(app):
    """An enrolled trainee's open final test of 20 questions (10 from each chapter)."""
    with app.app_context():
        db = get_db()
        course = courses.create_course(
            db, bank_of(app), code="ORDER-1", title_vi="Khóa thử thứ tự", starts_on="2026-11-01",
            ends_on="2026-11-30", questions_per_chapter=10, time_limit_minutes=30)
        uid = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        courses.enrol(db, course.id, uid)
    return course


def start(app, course, now=None):
    with app.app_context():
        db = get_db()
        uid = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        attempt_id = attempts.start_final(db, bank_of(app), course, uid, random.Random(3),
                                          now or utcnow())
        return attempts.load_attempt(db, attempt_id)


def stored(app, attempt_id):
    with app.app_context():
        return {i.question_id: i.answer for i in attempts.load_attempt(get_db(), attempt_id).items}


def autosave(client, attempt_id, token, question_id, choice, seq):
    return client.post(f"/attempt/{attempt_id}/answer", headers={"Accept": "application/json"},
                       data={"csrf_token": token, "question_id": question_id, "choice": choice,
                             "seq": seq})


def page_clock(page):
    return int(re.search(r'name="loaded" value="(\d+)"', page).group(1))


def test_two_autosaves_in_reverse_order_end_on_the_newer(app, client, auth, final):
    auth.login_trainee()
    attempt = start(app, final)
    page = client.get(f"/attempt/{attempt.id}").get_data(as_text=True)
    item = next(i for i in attempt.items if i.question.type == "single")
    older, newer = item.choice_order[0], item.choice_order[1]
    clock = page_clock(page)
    time.sleep(0.05)  # a sequence is capped at the server's clock: let it pass clock + 20
    # The newer change (made 20 ms after the page loaded) arrives first, the older one after.
    first = autosave(client, attempt.id, csrf_token(page), item.question_id, newer, clock + 20)
    late = autosave(client, attempt.id, csrf_token(page), item.question_id, older, clock + 10)
    assert first.status_code == 200 and first.json["saved"]
    assert late.status_code == 409 and late.json["error"] == "stale_answer"
    assert stored(app, attempt.id)[item.question_id] == (newer,)


def test_an_older_pages_full_form_does_not_erase_autosaved_answers(app, client, auth, final):
    client.get("/lang/en")
    auth.login_trainee()
    # Started 30 minutes ago less 4 s: the first tab's timer is about to send its form.
    attempt = start(app, final, now=utcnow() - timedelta(minutes=30, seconds=-4))
    assert len(attempt.items) == 20
    old_page = client.get(f"/attempt/{attempt.id}").get_data(as_text=True)
    new_page = client.get(f"/attempt/{attempt.id}").get_data(as_text=True)
    token, clock = csrf_token(new_page), page_clock(new_page)
    for n, item in enumerate(attempt.items, 1):
        response = autosave(client, attempt.id, token, item.question_id,
                            sorted(item.question.answer), clock + n)
        assert response.status_code == 200
    # The first tab, loaded before those answers, submits its whole form (its timer ran out);
    # without JavaScript its trainee had also picked a wrong answer to the first question.
    form = {"csrf_token": csrf_token(old_page), "loaded": page_clock(old_page), "submit": "1"}
    for item in attempt.items:
        form[f"seen-{item.question_id}"] = "1"
        form[f"was-{item.question_id}"] = ""
    first = attempt.items[0]
    form[f"q-{first.question_id}"] = next(k for k in first.choice_order
                                          if k not in first.question.answer)
    done = client.post(f"/attempt/{attempt.id}/save", data=form, follow_redirects=True)
    text = done.get_data(as_text=True)
    with app.app_context():
        graded = attempts.load_attempt(get_db(), attempt.id)
    assert graded.submitted and graded.score == 20
    assert "Saved from this page: 0." in text
    assert "another page or tab: 1." in text and "kept as saved before: 19." in text


def test_a_changed_answer_in_a_form_without_javascript_is_saved(app, client, auth, final):
    auth.login_trainee()
    attempt = start(app, final)
    page = client.get(f"/attempt/{attempt.id}").get_data(as_text=True)
    item = attempt.items[0]
    form = {"csrf_token": csrf_token(page), "loaded": page_clock(page), "save": "1",
            f"seen-{item.question_id}": "1", f"was-{item.question_id}": "",
            f"q-{item.question_id}": sorted(item.question.answer)}
    assert client.post(f"/attempt/{attempt.id}/save", data=form).status_code == 302
    assert stored(app, attempt.id)[item.question_id] == tuple(sorted(item.question.answer))


def test_a_save_after_the_deadline_says_nothing_was_saved(app, client, auth, final):
    client.get("/lang/en")
    auth.login_trainee()
    attempt = start(app, final, now=utcnow() - timedelta(hours=2))
    item = attempt.items[0]
    response = client.post(f"/attempt/{attempt.id}/save", follow_redirects=True, data={
        "csrf_token": csrf_token(client.get("/").get_data(as_text=True)), "save": "1",
        f"seen-{item.question_id}": "1", f"q-{item.question_id}": item.choice_order[0]})
    text = response.get_data(as_text=True)
    assert "Your answers are saved." not in text and "Saved from this page" not in text
    assert "Time is up: nothing from this page was saved." in text
    assert stored(app, attempt.id)[item.question_id] is None
