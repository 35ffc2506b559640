"""No form takes a control or invisible character (issue 14): a NUL in a title, a zero-width
space in a phone; refused beside the field, in the user's language, nothing saved."""

import pytest
from test_organizer import COURSE_FORM, post_form
from test_privacy import post

from quiz_server.app_db import get_db
from quiz_server.core import courses, users
from quiz_server.web.quizzes import bank


def test_the_profile_refuses_invisible_characters(app, client, auth):
    auth.login_trainee()
    response = post(client, "/account/profile", {"phone": "0912\u200b000111", "email": ""},
                    "/account/data")
    assert response.status_code == 400
    assert "ký tự ẩn hoặc ký tự điều khiển" in response.get_data(as_text=True)
    with app.app_context():
        assert "\u200b" not in (users.find_row(get_db(), "tra")["phone"] or "")


def test_the_course_form_refuses_a_nul_and_keeps_line_breaks_where_they_belong(app, client,
                                                                                auth):
    auth.login_organizer()
    bad = post_form(client, "/organizer/courses/new", {**COURSE_FORM, "title_vi": "Khóa\x00 A"})
    assert bad.status_code == 400
    assert "ký tự ẩn hoặc ký tự điều khiển" in bad.get_data(as_text=True)
    with app.app_context():
        assert courses.get_course(get_db(), COURSE_FORM["code"]) is None
    good = post_form(client, "/organizer/courses/new", COURSE_FORM)
    assert good.status_code == 302


def test_the_core_refuses_a_nul_in_a_name_and_a_course_title(app):
    """Whatever the caller (form, roster, command line), the core itself refuses them."""
    with app.app_context():
        db = get_db()
        with pytest.raises(users.UserError):
            users.create_user(db, "nul1", "a-long-password-1", "trainee", "Nguyễn\x00Văn")
        assert users.find_row(db, "nul1") is None
        with pytest.raises(courses.CourseErrors) as refused:
            courses.validate_settings({"code": "K-9", "title_vi": "Khóa\x00", "starts_on":
                                       "2026-12-01", "ends_on": "2026-12-02",
                                       "enrol_info": "Dòng 1\nDòng 2"}, bank())
        assert [(e.field, e.code) for e in refused.value.errors] == [("title_vi", "control")]
