"""The course calendar: the public page and the .ics file (RFC 5545)."""

from datetime import UTC, date, datetime

from quiz_server.app_db import get_db
from quiz_server.core import calendar_ics, courses


def add(app, code, starts, ends, **extra):
    with app.app_context():
        return courses.create_course(get_db(), app.extensions["question_bank"], code=code,
                                     starts_on=starts, ends_on=ends, **extra)


def test_public_page_lists_upcoming_courses_only(app, client):
    add(app, "OLD", "2020-01-01", "2020-01-02", title_vi="Khóa cũ")
    add(app, "NEW", "2099-05-04", "2099-05-06", title_vi="Khóa sắp tới", place="Đà Nẵng",
        enrol_info="Đăng ký qua Sở trước 20/4")
    page = client.get("/calendar").get_data(as_text=True)
    assert "Khóa sắp tới" in page and "Khóa cũ" not in page
    assert "04/05/2099" in page and "Đà Nẵng" in page and "Đăng ký qua Sở" in page


def test_ics_is_rfc_5545(app, client):
    add(app, "NEW", "2099-05-04", "2099-05-06",
        title_vi="Truyền thông chính sách; kỹ năng, thực hành \\ tình huống " * 3,
        place="Hội trường A, tầng 2")
    response = client.get("/calendar.ics")
    assert response.mimetype == "text/calendar"
    body = response.data.decode("utf-8")
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20990504" in unfolded
    assert "DTEND;VALUE=DATE:20990507" in unfolded  # the day after the last day
    assert "LOCATION:Hội trường A\\, tầng 2" in unfolded
    assert "SUMMARY:Truyền thông chính sách\\; kỹ năng\\, thực hành \\\\ tình huống" in unfolded
    assert "UID:course-1@127.0.0.1" in unfolded
    assert [line for line in unfolded.split("\r\n") if line.startswith("DTSTAMP:")][0].endswith("Z")


def test_fold_never_splits_a_letter():
    line = "SUMMARY:" + "Đặng Thị Ngọc Ánh " * 10
    folded = calendar_ics.fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


def test_upcoming_skips_archived(app):
    add(app, "A", "2099-01-01", "2099-01-02", title_vi="A")
    with app.app_context():
        db = get_db()
        courses.set_archived(db, courses.get_course(db, "A").id, True)
        assert calendar_ics.upcoming(db, date(2026, 1, 1)) == []
        ics = calendar_ics.to_ics([], datetime(2026, 1, 1, tzinfo=UTC), "h", "u", {})
    assert ics.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
