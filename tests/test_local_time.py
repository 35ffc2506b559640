"""Vietnam time wherever a person reads or types a time (issue 13); storage stays UTC."""

from conftest import TRAINEE, csrf_token
from test_organizer import COURSE_FORM, post_form

from quiz_server.app_db import get_db
from quiz_server.core import courses
from quiz_server.core.users import find_row


def test_a_course_opening_at_eight_vietnam_time_is_stored_as_one_utc(app, client, auth):
    auth.login_organizer()
    form = {**COURSE_FORM, "opens_at": "2026-11-20T08:00", "closes_at": "2026-11-20T11:30"}
    assert post_form(client, "/organizer/courses/new", form).status_code == 302
    with app.app_context():
        course = courses.get_course(get_db(), "TTCS-2026-02")
    assert course.opens_at == "2026-11-20T01:00:00+00:00"
    assert course.closes_at == "2026-11-20T04:30:00+00:00"
    # The edit form shows the times as they were typed, and says which zone they are in.
    page = client.get("/organizer/courses/TTCS-2026-02/edit").get_data(as_text=True)
    assert 'value="2026-11-20T08:00"' in page and 'value="2026-11-20T11:30"' in page
    assert "Asia/Ho_Chi_Minh, UTC+07:00" in page
    # Saved again unchanged, nothing moves by seven hours.
    again = post_form(client, "/organizer/courses/TTCS-2026-02/edit", form)
    assert again.status_code == 302
    with app.app_context():
        assert courses.get_course(get_db(), "TTCS-2026-02").opens_at == course.opens_at


def test_the_trainee_sees_when_the_test_opens_closes_and_lasts(app, client, auth):
    with app.app_context():
        db = get_db()
        course = courses.create_course(
            db, app.extensions["question_bank"], code="GIO-1", title_vi="Khóa giờ Việt Nam",
            starts_on="2026-11-20", ends_on="2026-11-21", time_limit_minutes=45,
            opens_at="2099-11-20T01:00:00+00:00", closes_at="2099-11-20T04:30:00+00:00",
            max_attempts=3)
        courses.enrol(db, course.id, find_row(db, TRAINEE[0])["id"])
    auth.login_trainee()
    page = client.get("/course/GIO-1").get_data(as_text=True)
    assert "20/11/2099 08:00" in page and "20/11/2099 11:30" in page
    assert "45 phút" in page and "3 / 3" in page
    assert "+00:00" not in page and "T01:00" not in page
    client.get("/lang/en")
    english = client.get("/course/GIO-1").get_data(as_text=True)
    assert "20 Nov 2099, 08:00" in english


def test_the_cli_reads_local_times_too(app, runner):
    result = runner.invoke(args=["create-course", "GIO-2", "--title", "Khóa CLI",
                                 "--starts", "2026-11-20", "--ends", "2026-11-21",
                                 "--opens", "2026-11-20 08:00"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert courses.get_course(get_db(), "GIO-2").opens_at == "2026-11-20T01:00:00+00:00"
    bad = runner.invoke(args=["create-course", "GIO-3", "--title", "X", "--starts",
                              "2026-11-20", "--ends", "2026-11-21", "--opens", "8h sáng"])
    assert bad.exit_code == 1 and "write it as 2026-11-20 08:00" in bad.output


def test_a_new_course_shows_answers_only_after_the_test_closes(app, client, auth):
    auth.login_organizer()
    page = client.get("/organizer/courses/new").get_data(as_text=True)
    assert 'value="after_close" selected' in page or "selected value=\"after_close\"" in page
    with app.app_context():
        course = courses.create_course(get_db(), app.extensions["question_bank"], code="R-1",
                                       title_vi="R", starts_on="2026-11-20",
                                       ends_on="2026-11-21")
    assert course.review_rule == "after_close"


def test_csrf_helper_is_shared(client):
    assert csrf_token(client.get("/login").get_data(as_text=True))


def test_a_pass_late_in_the_utc_day_is_dated_the_next_vietnamese_day(app):
    from datetime import date

    from quiz_server.core import clock, export

    row = {"user_id": 1, "username": "hv", "full_name": "Học Viên", "unit": "", "position": "",
           "province": "", "email": "", "phone": "", "attempts": 1, "best_score": 90.0,
           "passed": 1, "completed_at": "2026-11-20T23:30:00+00:00", "certificate_code": None}
    (exported,) = export.completion_rows([row])
    assert exported["completed_on"] == date(2026, 11, 21)  # 06:30 in Hà Nội
    assert clock.local_day("2026-11-20T16:59:00+00:00") == date(2026, 11, 20)
