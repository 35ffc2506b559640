"""Organizer pages on a 360 px phone: the course page, its trainee list, one trainee's attempt,
item analysis and the audit log fit the screen (no sideways scroll of the page), with long
Vietnamese names and units as real rosters have them."""

import random
from datetime import UTC, datetime

import pytest

from quiz_server.app_db import get_db
from quiz_server.core import attempts, audit, courses
from quiz_server.core.users import create_user

from .conftest import ORGANIZER

CODE = "DD-360-2026"
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True,
         "locale": "vi-VN"}
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
UNIT = "Sở Văn hóa, Thể thao và Du lịch tỉnh Thừa Thiên Huế (Phòng Quản lý báo chí xuất bản)"


def seed(app):
    """A course with three trainees who took the final test; returns one trainee's id."""
    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, bank, code=CODE, title_vi="Khóa bồi dưỡng kỹ năng "
                                       "phát ngôn và cung cấp thông tin cho báo chí năm 2026",
                                       starts_on="2026-11-01", ends_on="2026-11-30")
        ids = []
        for n, province in enumerate(("Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Điện Biên")):
            uid = create_user(db, f"dd360hv{n}", "x" * 12, "trainee",
                              f"Nguyễn Hoàng Thị Ngọc Phương Khánh {n}", unit=UNIT,
                              province=province, email=f"nguyenhoangthingocphuong{n}@example.vn")
            courses.enrol(db, course.id, uid)
            attempt_id = attempts.start_final(db, bank, course, uid, random.Random(n), NOW)
            attempt = attempts.load_attempt(db, attempt_id)
            attempts.save_answers(db, bank, attempt_id, {
                i.question_id: sorted(bank.questions[i.question_id].answer)
                for i in attempt.items[: n * 4]}, NOW)
            attempts.submit(db, bank, attempt_id, NOW)
            ids.append(uid)
        audit.record(db, None, "course.create", course=CODE, via="cli",
                     os_user="quantrivienhethongthongtin")
    return ids[0]


@pytest.fixture(scope="module")
def trainee_id(live_server):
    return seed(live_server["app"])


@pytest.fixture(scope="module")
def phone(browser, live_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server["url"] + "/quiz/login")
    page.locator("input[name=username]").fill(ORGANIZER[0])
    page.locator("input[name=password]").fill(ORGANIZER[1])
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/quiz/organizer/**")
    yield page
    context.close()


@pytest.mark.parametrize("path", [
    f"/quiz/organizer/courses/{CODE}",
    f"/quiz/organizer/courses/{CODE}?province=Điện Biên",
    "/quiz/organizer/courses/{code}/trainees/{user}",
    f"/quiz/organizer/courses/{CODE}/items",
    "/quiz/organizer/audit",
    "/quiz/organizer/accounts",
])
def test_organizer_pages_fit_360_px(phone, live_server, trainee_id, path):
    response = phone.goto(live_server["url"] + path.format(code=CODE, user=trainee_id))
    assert response.status == 200
    phone.wait_for_load_state("load")
    width = phone.evaluate("document.documentElement.scrollWidth")
    wide = phone.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(el => el.getBoundingClientRect().right > 361 && !el.closest('.table-scroll'))
        .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
    assert width <= 360, (width, wide)


def test_roster_preview_fits_360_px(phone, live_server, trainee_id, tmp_path):
    roster = tmp_path / "danh-sach.csv"
    roster.write_text("STT,Họ và tên,Đơn vị,Tỉnh/Thành phố,Email\n"
                      f'1,Nguyễn Hoàng Thị Ngọc Phương Khánh 0,"{UNIT}",Thừa Thiên Huế,'
                      "nguyenhoangthingocphuong0@example.vn\n"
                      f'2,Tôn Nữ Thị Hoàng Oanh Diễm Kiều,"{UNIT}",Bà Rịa - Vũng Tàu,\n',
                      encoding="utf-8")
    phone.goto(live_server["url"] + f"/quiz/organizer/courses/{CODE}/roster")
    phone.locator("input[type=file]").set_input_files(str(roster))
    phone.locator("form[enctype] button[type=submit]").click()
    phone.wait_for_selector("table.roster-new")
    assert phone.locator("table.roster-reused").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
