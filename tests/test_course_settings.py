"""Course settings: checked against the bank, every problem at once, shown on the course page."""

import pytest
from conftest import csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import courses

FORM = {
    "code": "TTCS-2026-09", "title_vi": "Khóa bồi dưỡng", "title_en": "", "starts_on": "2026-12-01",
    "ends_on": "2026-12-03", "place": "Huế", "mode": "in_person", "audience": "",
    "chapters": ["01-alpha", "02-beta"], "questions_per_chapter": "3", "time_limit_minutes": "25",
    "opens_at": "", "closes_at": "", "max_attempts": "2", "pass_mark": "70",
    "review_rule": "after_close", "retention_years": "5", "enrol_key": "lop-hue-2026",
}


def post(client, data, url="/organizer/courses/new"):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(page)})


def field_errors(page):
    """{field: message} of the form's errors, from the ids the template gives them."""
    import re
    return dict(re.findall(r'id="([a-z_]+)-error">([^<]+)<', page))


def test_every_problem_at_once_each_with_its_own_words(app, client, auth):
    auth.login_organizer()
    response = post(client, {**FORM, "title_vi": "", "ends_on": "2026-11-30",
                             "time_limit_minutes": "0", "max_attempts": "0",
                             "questions_per_chapter": "50"})
    errors = field_errors(response.get_data(as_text=True))
    assert response.status_code == 400
    assert set(errors) == {"title_vi", "ends_on", "time_limit_minutes", "max_attempts",
                           "questions_per_chapter"}
    assert "1" in errors["time_limit_minutes"] and "600" in errors["time_limit_minutes"]
    assert "bắt buộc" not in errors["max_attempts"] and "20" in errors["max_attempts"]
    assert "12" in errors["questions_per_chapter"]  # what the bank holds per chapter
    with app.app_context():
        assert courses.get_course(get_db(), FORM["code"]) is None


@pytest.mark.parametrize(("wanted", "ok"), [(12, True), (13, False)])
def test_questions_per_chapter_at_most_what_the_bank_holds(app, wanted, ok):
    settings = {**FORM, "questions_per_chapter": wanted, "chapters": ["01-alpha"]}
    with app.app_context():
        if ok:
            assert courses.create_course(get_db(), app.extensions["question_bank"], **settings)
        else:
            with pytest.raises(courses.CourseError) as caught:
                courses.create_course(get_db(), app.extensions["question_bank"], **settings)
            assert (caught.value.code, caught.value.params["high"]) == ("exam_pool", 12)


def test_settings_and_the_enrolment_key_on_the_course_page(app, client, auth):
    auth.login_organizer()
    assert post(client, FORM).status_code == 302
    page = client.get("/organizer/courses/TTCS-2026-09").get_data(as_text=True)
    panel = page.split('id="settings-heading"')[1].split("</section>")[0]
    for shown in ("01/12/2026", "03/12/2026", "Huế", "25", "70", "lop-hue-2026"):
        assert shown in panel
    edit = client.get("/organizer/courses/TTCS-2026-09/edit").get_data(as_text=True)
    assert 'value="lop-hue-2026"' in edit and 'type="password"' not in edit
    with app.app_context():
        course = courses.get_course(get_db(), "TTCS-2026-09")
        assert courses.check_enrol_key(get_db(), course, "lop-hue-2026")


def test_cli_names_the_bank_limit(app, runner):
    result = runner.invoke(args=["create-course", "X-1", "--title", "Khóa", "--starts",
                                 "2026-12-01", "--ends", "2026-12-03",
                                 "--questions-per-chapter", "50"])
    assert result.exit_code != 0 and "--questions-per-chapter: " in result.output
    with app.app_context():
        assert courses.get_course(get_db(), "X-1") is None
