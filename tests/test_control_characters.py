"""No form takes a control or invisible character (issue 14): a NUL in a title, a zero-width
space in a phone; refused beside the field, in the user's language, nothing saved."""

from test_organizer import COURSE_FORM, post_form
from test_privacy import post

from quiz_server.app_db import get_db
from quiz_server.core import courses, users


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
