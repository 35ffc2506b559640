"""The record (issue 12): one owner decides score, pass, completion and certificates.

Each test reproduces a numbered case of issue 12 on a real SQLite file through the real app;
the clock is injected (``now``), nothing sleeps.
"""

import io
import random
from datetime import UTC, datetime, timedelta

import pytest
from conftest import OTHER_TRAINEE, TRAINEE, AuthActions, csrf_token
from openpyxl import load_workbook

from quiz_server.app_db import get_db
from quiz_server.core import attempts, courses, record, reports, users
from quiz_server.core.record import GRACE
from quiz_server.db import transaction

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # a week before the machine's clock


def bank_of(app):
    return app.extensions["question_bank"]


def uid_of(db, username):
    return users.find_row(db, username)["id"]


def make_course(app, code="REC-1", pass_mark=60, **settings):
    with app.app_context():
        db = get_db()
        course = courses.create_course(
            db, bank_of(app), code=code, title_vi="Khóa ghi nhận kết quả",
            title_en="Course of record", starts_on="2026-11-01", ends_on="2026-11-30",
            questions_per_chapter=2, time_limit_minutes=20, pass_mark=pass_mark, **settings)
        for username in (TRAINEE[0], OTHER_TRAINEE[0]):
            courses.enrol(db, course.id, uid_of(db, username))
    return course


def answer_all(app, db, attempt_id, right, now):
    """Save an answer to every question: all right, or all wrong."""
    bank = bank_of(app)
    attempt = attempts.load_attempt(db, attempt_id)
    answers = {}
    for item in attempt.items:
        question = bank.questions[item.question_id]
        answers[item.question_id] = (sorted(question.answer) if right else
                                     [k for k in question.keys if k not in question.answer][:1])
    attempts.save_answers(db, bank, attempt_id, answers, now)


def start(app, db, course, username, now=NOW):
    return attempts.start_final(db, bank_of(app), course, uid_of(db, username),
                                random.Random(7), now)


def take(app, db, course, username, right=True, now=NOW):
    attempt_id = start(app, db, course, username, now)
    answer_all(app, db, attempt_id, right, now)
    return attempts.submit(db, bank_of(app), attempt_id, now)


def live_codes(db, course_id):
    return {row[0]: row[1] for row in db.execute(
        "SELECT user_id, code FROM certificates WHERE course_id = ? AND withdrawn_at IS NULL",
        [course_id]).fetchall()}


def organizer(app):
    client = app.test_client()
    AuthActions(client).login_organizer()
    return client


# The decisions themselves -------------------------------------------------------------------

@pytest.mark.parametrize("percent,mark,passed", [
    (60.0, 60, True), (59.9, 60, False), (100.0, 100, True), (0.0, 1, False),
    (75.0, None, None)])
def test_pass_is_reaching_the_mark(percent, mark, passed):
    assert record.passes(percent, mark) is passed


@pytest.mark.parametrize("score,max_score,percent", [
    (0, 6, 0.0), (1, 3, 33.3), (2, 3, 66.7), (6, 6, 100.0), (0, 0, 0.0)])
def test_percent_has_one_decimal(score, max_score, percent):
    assert record.percent_of(score, max_score) == percent


def test_submit_records_pass_completion_and_one_certificate_in_its_transaction(app):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        graded = take(app, db, course, TRAINEE[0])
        failed = take(app, db, course, OTHER_TRAINEE[0], right=False)
        uid, other = uid_of(db, TRAINEE[0]), uid_of(db, OTHER_TRAINEE[0])
        assert (graded.score, graded.percent, graded.passed) == (4, 100.0, True)
        questions = bank_of(app).questions
        assert all(i.correct and i.correct_keys == tuple(sorted(questions[i.question_id].answer))
                   for i in graded.items)
        assert not any(i.correct for i in failed.items)
        assert record.grade(db, graded.id, NOW) is False  # graded once only
        assert (failed.score, failed.percent, failed.passed) == (0, 0.0, False)
        assert list(live_codes(db, course.id)) == [uid]
        enrolled = courses.enrolment(db, course.id, uid)
        assert (enrolled["best_percent"], enrolled["passed"]) == (100.0, 1)
        assert enrolled["completed_at"] == NOW.isoformat()
        assert courses.enrolment(db, course.id, other)["passed"] == 0
        # A later, worse attempt changes neither the completion nor the certificate.
        code = live_codes(db, course.id)[uid]
        take(app, db, course, TRAINEE[0], right=False, now=NOW + timedelta(hours=1))
        enrolled = courses.enrolment(db, course.id, uid)
        assert (enrolled["best_percent"], enrolled["completed_at"]) == (100.0, NOW.isoformat())
        assert live_codes(db, course.id) == {uid: code}
        assert db.execute("SELECT count(*) FROM certificates").fetchone()[0] == 1


def test_a_practice_quiz_is_scored_but_neither_passed_nor_failed(app):
    with app.app_context():
        db = get_db()
        uid = uid_of(db, TRAINEE[0])
        attempt_id, _ = attempts.start_practice(db, bank_of(app), "01-alpha", random.Random(1),
                                                NOW, user_id=uid)
        answer_all(app, db, attempt_id, True, NOW)
        practice = attempts.submit(db, bank_of(app), attempt_id, NOW)
        assert (practice.score, practice.percent, practice.passed) == (10, 100.0, None)
        assert db.execute("SELECT passed FROM attempts WHERE id = ?",
                          [attempt_id]).fetchone()[0] is None
        assert db.execute("SELECT count(*) FROM certificates").fetchone()[0] == 0


def test_an_item_without_a_copy_of_its_question_is_graded_wrong(app):
    """An item of an attempt older than question copies, whose question left the bank."""
    course = make_course(app)
    with app.app_context():
        db = get_db()
        attempt_id = start(app, db, course, TRAINEE[0])
        answer_all(app, db, attempt_id, True, NOW)
        db.execute("UPDATE attempt_items SET question_key = NULL WHERE attempt_id = ? AND "
                   "position = 1", [attempt_id])
        with transaction(db):
            assert record.grade(db, attempt_id, NOW)
        graded = attempts.load_attempt(db, attempt_id)
    first = graded.items[0]
    assert (first.correct, first.correct_keys, graded.score) == (False, (), 3)


def test_an_enrolment_without_a_graded_attempt_is_neither_passed_nor_failed(app):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        uid = uid_of(db, TRAINEE[0])
        start(app, db, course, TRAINEE[0])
        assert record.settle(db, course.id, uid, NOW) is False
        enrolled = courses.enrolment(db, course.id, uid)
        assert (enrolled["best_percent"], enrolled["passed"], enrolled["completed_at"]) == (
            None, None, None)
        assert attempts.best_final(db, course.id, uid) == {"percent": None, "passed": None}


def test_a_failed_first_attempt_then_a_pass_completes_at_the_pass(app):
    course = make_course(app)
    later = NOW + timedelta(hours=2)
    with app.app_context():
        db = get_db()
        take(app, db, course, TRAINEE[0], right=False)
        uid = uid_of(db, TRAINEE[0])
        assert courses.enrolment(db, course.id, uid)["passed"] == 0
        assert live_codes(db, course.id) == {}
        take(app, db, course, TRAINEE[0], now=later)
        enrolled = courses.enrolment(db, course.id, uid)
        assert (enrolled["passed"], enrolled["completed_at"]) == (1, later.isoformat())
        (issued_at,) = db.execute("SELECT issued_at FROM certificates").fetchone()
        assert issued_at == later.isoformat()


# Case 1: an attempt whose time ran out is graded by the server ------------------------------

def test_close_expired_grades_after_the_grace_and_not_before(app):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        attempt_id = start(app, db, course, TRAINEE[0])
        answer_all(app, db, attempt_id, True, NOW)
        deadline = attempts.load_attempt(db, attempt_id).deadline_at
        assert record.close_expired(db, deadline + GRACE) == 0
        assert not attempts.load_attempt(db, attempt_id).submitted
        assert record.close_expired(db, deadline + GRACE + timedelta(seconds=1)) == 1
        closed = attempts.load_attempt(db, attempt_id)
        assert (closed.submitted_at, closed.score, closed.passed) == (
            deadline + GRACE, 4, True)
        assert uid_of(db, TRAINEE[0]) in live_codes(db, course.id)
        assert record.close_expired(db, deadline + timedelta(days=1)) == 0
        for username in (OTHER_TRAINEE[0], TRAINEE[0]):  # two at once are both counted
            start(app, db, course, username, deadline + timedelta(days=1))
        assert record.close_expired(db, deadline + timedelta(days=2)) == 2
        assert record.expired_attempts(db, deadline + timedelta(days=2)) == []


def test_a_page_closes_only_what_it_reports(app):
    """A course page grades that course's run-out attempts, a trainee's page that trainee's;
    the rest is left to their own pages and to cron, so one page never pays for all."""
    course, other = make_course(app), make_course(app, code="REC-2")
    later = NOW + timedelta(days=1)
    with app.app_context():
        db = get_db()
        ids = {(c.code, u): start(app, db, c, u) for c in (course, other)
               for u in (TRAINEE[0], OTHER_TRAINEE[0])}
        tra = uid_of(db, TRAINEE[0])
        assert record.close_expired(db, later, course_id=course.id, user_id=tra) == 1
        assert record.close_expired(db, later, course_id=course.id) == 1
        assert record.close_expired(db, later, user_id=tra) == 1
        still_open = {key for key, attempt_id in ids.items()
                      if not attempts.load_attempt(db, attempt_id).submitted}
    assert still_open == {("REC-2", OTHER_TRAINEE[0])}


def expired_with_all_answers(app, course):
    """TRAINEE answered everything right, then closed the tab; the deadline is long past."""
    with app.app_context():
        db = get_db()
        attempt_id = start(app, db, course, TRAINEE[0])
        answer_all(app, db, attempt_id, True, NOW)
    return attempt_id


def graded(app, attempt_id):
    with app.app_context():
        return attempts.load_attempt(get_db(), attempt_id).submitted


@pytest.mark.parametrize("page", [
    "/organizer/courses/REC-1", "/organizer/courses/REC-1/completions.csv",
    "/organizer/courses/REC-1/completions.xlsx", "/organizer/courses/REC-1/items",
    "/organizer/courses/REC-1/certificates.zip"])
def test_organizer_pages_that_report_results_close_expired_attempts_first(app, page):
    course = make_course(app)
    attempt_id = expired_with_all_answers(app, course)
    client = organizer(app)
    response = client.get(page)
    assert response.status_code == 200
    assert graded(app, attempt_id)
    with app.app_context():
        (row,) = [r for r in reports.trainee_rows(get_db(), course.id)
                  if r["username"] == TRAINEE[0]]
    assert (row["best_score"], row["passed"]) == (100.0, 1) and row["certificate_code"]


def test_the_completion_export_lists_a_timed_out_pass_as_passed(app):
    course = make_course(app)
    expired_with_all_answers(app, course)
    sheet = load_workbook(io.BytesIO(organizer(app).get(
        "/organizer/courses/REC-1/completions.xlsx").data)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["Trần Thị Học Viên"][7].value == 100.0  # after the username column
    assert rows["Trần Thị Học Viên"][8].value == "Có"
    assert rows["Trần Thị Học Viên"][10].value


@pytest.mark.parametrize("page,shows", [
    ("/", "/certificates/"), ("/course/REC-1", "100,0%"), ("/account/data.json", "100.0")])
def test_the_trainees_pages_close_their_expired_attempt_first(app, page, shows):
    course = make_course(app)
    attempt_id = expired_with_all_answers(app, course)
    client = app.test_client()
    AuthActions(client).login_trainee()
    response = client.get(page)
    assert graded(app, attempt_id)
    assert response.status_code == 200 and shows in response.get_data(as_text=True)


def test_cli_close_expired_for_cron_and_the_cli_export(app, runner, tmp_path):
    course = make_course(app)
    attempt_id = expired_with_all_answers(app, course)
    result = runner.invoke(args=["close-expired"])
    assert result.exit_code == 0, result.output
    assert "1 attempt(s)" in result.output
    assert graded(app, attempt_id)
    assert runner.invoke(args=["close-expired"]).output == ""  # quiet when nothing is due
    with app.app_context():
        other = start(app, get_db(), course, OTHER_TRAINEE[0])
    output = tmp_path / "done.csv"
    result = runner.invoke(args=["export-completions", "REC-1", "--format", "csv",
                                 "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert graded(app, other)
    assert "Có" in output.read_text(encoding="utf-8-sig")


def test_an_override_grades_a_run_out_attempt_and_does_not_reopen_it(app):
    course = make_course(app)
    other_course = make_course(app, code="REC-2")
    attempt_id = expired_with_all_answers(app, course)
    with app.app_context():
        db = get_db()
        uid = uid_of(db, TRAINEE[0])
        # Not this trainee's attempt in this course: left to their own events.
        theirs = start(app, db, course, OTHER_TRAINEE[0])
        elsewhere = start(app, db, other_course, TRAINEE[0])
        later = NOW + timedelta(hours=1)
        assert record.override(db, course.id, uid, 1, 30, later)
        closed = attempts.load_attempt(db, attempt_id)
        assert closed.submitted and closed.passed
        assert not attempts.load_attempt(db, theirs).submitted
        assert not attempts.load_attempt(db, elsewhere).submitted
        assert courses.enrolment(db, course.id, uid)["extra_minutes"] == 30
        assert uid in live_codes(db, course.id)
        stranger = users.create_user(db, "ngoai", "x" * 12, "trainee", "Người ngoài")
        assert not record.override(db, course.id, stranger, 1, 0, later)


def test_the_override_page_refuses_someone_not_enrolled(app):
    make_course(app)
    client = organizer(app)
    page = client.get("/organizer/courses/REC-1").get_data(as_text=True)
    response = client.post("/organizer/courses/REC-1/trainees/9999/override", data={
        "csrf_token": csrf_token(page), "extra_attempts": "1", "extra_minutes": "0"})
    assert response.status_code == 303
