"""Course evaluation surveys: anonymity, the once-only rule, editing before opening, results."""

import io
from datetime import date

import pytest
from after_course import add_trainee, answer
from conftest import TRAINEE, csrf_token
from openpyxl import load_workbook

from quiz_server.app_db import get_db
from quiz_server.core import courses, surveys
from quiz_server.core.surveys import SurveyError
from quiz_server.db import close_thread_connections, connect, migrate

DAY = date(2026, 3, 12)


def course_with_survey(db, bank):
    course = courses.create_course(db, bank, code="K1", title_vi="Khóa một",
                                   starts_on="2026-03-10", ends_on="2026-03-12")
    return course, surveys.get(db, course.id, surveys.create(db, course, "end", ["Đỗ Minh"]))


def test_answers_table_holds_nothing_that_joins_to_an_account(app):
    with app.app_context():
        db = get_db()
        columns = {c.name for c in db["survey_answers"].columns}
        assert columns == {"id", "survey_id", "question_id", "value", "comment"}
        assert {fk.other_table for fk in db["survey_answers"].foreign_keys} == {
            "surveys", "survey_questions"}
        # No other table points at an answer, and the done flags carry no time to match.
        for table in db.table_names():
            assert "survey_answers" not in {fk.other_table for fk in db[table].foreign_keys}
        assert {c.name for c in db["survey_done"].columns} == {"survey_id", "user_id"}


def scenario(path, bank, first_value, second_value):
    """Two trainees answer; returns what an organizer's database holds of the answers."""
    db = connect(path)
    migrate(db)
    course, survey = course_with_survey(db, bank)
    one, two = add_trainee(db, "mot", "Một"), add_trainee(db, "hai", "Hai")
    for user_id in (one, two):
        courses.enrol(db, course.id, user_id)
    answer(db, survey, one, first_value, DAY, f"ý kiến {first_value}")
    answer(db, survey, two, second_value, DAY, f"ý kiến {second_value}")
    stored = sorted(tuple(row[1:]) for row in db.execute(
        "SELECT id, survey_id, question_id, value, comment FROM survey_answers").fetchall())
    in_table_order = [row[0] for row in db.execute(
        "SELECT value FROM survey_answers WHERE value IS NOT NULL")]
    done = sorted(db.execute("SELECT * FROM survey_done").fetchall())
    db.conn.close()
    return stored, done, in_table_order


def test_two_trainees_answers_cannot_be_told_apart(app, tmp_path):
    """Swapping who gave which answers leaves the stored data the same: nothing says who."""
    bank = app.extensions["question_bank"]
    a = scenario(tmp_path / "a.sqlite", bank, 5, 2)
    b = scenario(tmp_path / "b.sqlite", bank, 2, 5)
    assert a[0] == b[0] and a[1] == b[1]
    # Row ids are random, so the table's own order does not keep one person's answers together
    # (both runs in blocks by chance: about one in two billion).
    blocks = [[v for v in order if v == order[0]] == order[:order.count(order[0])]
              for order in (a[2], b[2])]
    assert not all(blocks)
    close_thread_connections()


def test_once_only_and_enrolled_only(app):
    with app.app_context():
        db = get_db()
        course, survey = course_with_survey(db, app.extensions["question_bank"])
        user = add_trainee(db, "mot", "Một")
        outsider = add_trainee(db, "ngoai", "Ngoài")
        courses.enrol(db, course.id, user)
        answer(db, survey, user, 4, DAY)
        count = db.execute("SELECT count(*) FROM survey_answers").fetchone()[0]
        with pytest.raises(SurveyError) as again:
            answer(db, survey, user, 1, DAY)
        assert again.value.code == "done"
        with pytest.raises(SurveyError) as stranger:
            answer(db, survey, outsider, 1, DAY)
        assert stranger.value.code == "not_enrolled"
        assert db.execute("SELECT count(*) FROM survey_answers").fetchone()[0] == count
        with pytest.raises(SurveyError) as closed:
            answer(db, survey, add_trainee(db, "muon", "Muộn"), 3, date(2026, 5, 1))
        assert closed.value.code == "closed"


def test_a_missing_scale_saves_nothing(app):
    with app.app_context():
        db = get_db()
        course, survey = course_with_survey(db, app.extensions["question_bank"])
        user = add_trainee(db, "mot", "Một")
        courses.enrol(db, course.id, user)
        with pytest.raises(SurveyError) as missing:
            surveys.submit(db, survey, user, {}, DAY)
        assert missing.value.code == "missing"
        assert db.execute("SELECT count(*) FROM survey_answers").fetchone()[0] == 0
        assert not surveys.is_done(db, survey.id, user)


def test_default_form_follows_the_circular_and_can_be_adjusted_before_opening(app):
    with app.app_context():
        db = get_db()
        course, survey = course_with_survey(db, app.extensions["question_bank"])
        sections = [q["section"] for q in surveys.questions(db, survey.id)]
        assert set(sections) == {"programme", "lecturer", "facilities", "course"}
        assert any("Đỗ Minh" in q["text_vi"] for q in surveys.questions(db, survey.id))
        before = date(2026, 3, 1)
        surveys.add_question(db, survey, "course", "scale", "Câu mới", "New", before)
        new = surveys.questions(db, survey.id)[-1]
        surveys.move_question(db, survey, new["id"], -1, before)
        assert surveys.questions(db, survey.id)[-2]["id"] == new["id"]
        surveys.remove_question(db, survey, new["id"], before)
        assert new["id"] not in [q["id"] for q in surveys.questions(db, survey.id)]
        with pytest.raises(SurveyError) as opened:
            surveys.add_question(db, survey, "course", "scale", "Muộn", "", DAY)
        assert opened.value.code == "opened"
        follow = surveys.get(db, course.id, surveys.create(db, course, "follow_up"))
        assert (follow.opens_on, follow.closes_on) == ("2026-06-10", "2026-09-08")
        assert {q["section"] for q in surveys.questions(db, follow.id)} == {"effect"}


def test_results_mean_distribution_and_sorted_comments(app):
    with app.app_context():
        db = get_db()
        course, survey = course_with_survey(db, app.extensions["question_bank"])
        for name, value, comment in (("a", 5, "Zô"), ("b", 3, "Ấn tượng"), ("c", 4, "")):
            user = add_trainee(db, name, name)
            courses.enrol(db, course.id, user)
            answer(db, survey, user, value, DAY, comment)
        result = surveys.results(db, survey.id)
        scale = result[0]
        assert (scale["answers"], scale["mean"], scale["distribution"]) == (3, 4.0, [0, 0, 1, 1, 1])
        text = [r for r in result if r["kind"] == "text"][0]
        assert text["comments"] == sorted(["Zô", "Ấn tượng"]) and text["answers"] == 2
        assert surveys.respondents(db, survey.id) == 3


def test_trainee_answers_on_the_page_once_and_organizer_reads_results(app, client, auth):
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, app.extensions["question_bank"], code="K2",
                                       title_vi="Khóa hai", starts_on="2026-01-01",
                                       ends_on="2026-01-02")
        survey_id = surveys.create(db, course, "end")
        db["surveys"].update(survey_id, {"opens_on": "2000-01-01", "closes_on": "2999-12-31"})
        user = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        courses.enrol(db, course.id, user)
        questions = surveys.questions(db, survey_id)
    auth.login_trainee()
    page = client.get("/course/K2").get_data(as_text=True)
    assert f"/course/K2/survey/{survey_id}" in page
    url = f"/course/K2/survey/{survey_id}"
    form = client.get(url).get_data(as_text=True)
    token = csrf_token(form)
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 400
    data = {f"q{q['id']}": "4" if q["kind"] == "scale" else "=HYPERLINK(\"x\")"
            for q in questions}
    assert client.post(url, data={**data, "csrf_token": token}).status_code == 303
    again = client.post(url, data={**data, "csrf_token": token}, follow_redirects=True)
    assert "Phiếu khảo sát này đã được trả lời" in again.get_data(as_text=True)
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM survey_answers WHERE value = 4"
                                ).fetchone()[0] == sum(q["kind"] == "scale" for q in questions)
    auth.logout()
    auth.login_organizer()
    url = f"/organizer/courses/K2/surveys/{survey_id}"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Answered by 1 trainee" in page and "Mean 4.0" not in page
    assert client.get(url + "/results.xlsx").status_code == 303  # not before it closes
    client.post(url + "/close", data={"csrf_token": csrf_token(page)})
    page = client.get(url).get_data(as_text=True)
    assert "Mean 4.0 of 5, 1 answer(s)." in page and "=HYPERLINK" in page
    xlsx = client.get(url + "/results.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    comments = load_workbook(io.BytesIO(xlsx.data)).worksheets[1]
    assert comments["B2"].value == '=HYPERLINK("x")' and comments["B2"].data_type == "s"
    with app.app_context():
        found = surveys.get(get_db(), 1, survey_id)
        assert not found.is_open(date(2026, 1, 5))
