"""The organizer workspace: courses, progress, item analysis, overrides, audit log."""

import random
from datetime import UTC, datetime

import pytest
from conftest import TRAINEE, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import attempts, audit, courses, report_view, reports

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

COURSE_FORM = {
    "code": "TTCS-2026-02", "title_vi": "Khóa bồi dưỡng người phát ngôn",
    "title_en": "Spokesperson course", "starts_on": "2026-12-01", "ends_on": "2026-12-03",
    "place": "Hà Nội", "mode": "blended", "audience": "Người phát ngôn các bộ",
    "chapters": ["01-alpha", "02-beta"], "questions_per_chapter": "3",
    "time_limit_minutes": "25", "opens_at": "", "closes_at": "", "max_attempts": "2",
    "pass_mark": "70", "review_rule": "after_close", "enrol_key": "",
}


def post_form(client, url, data):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(page)})


def test_organizer_creates_and_edits_a_course(app, client, auth):
    auth.login_organizer()
    response = post_form(client, "/organizer/courses/new", COURSE_FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/organizer/courses/TTCS-2026-02"
    page = client.get("/organizer/").get_data(as_text=True)
    assert "Khóa học năm 2026" in page and "TTCS-2026-02" in page
    edited = post_form(client, "/organizer/courses/TTCS-2026-02/edit",
                       {**COURSE_FORM, "pass_mark": "80", "chapters": ["02-beta"]})
    assert edited.status_code == 302
    with app.app_context():
        course = courses.get_course(get_db(), "TTCS-2026-02")
        assert course.pass_mark == 80 and course.chapters == ("02-beta",)
        assert course.mode == "blended" and course.place == "Hà Nội"
        actions = [e["action"] for e in audit.recent(get_db())
                   if not e["action"].startswith("auth.")]
    assert actions == ["course.edit", "course.create"]
    assert "course.edit" in client.get("/organizer/audit").get_data(as_text=True)


@pytest.mark.parametrize("field,value,message", [
    ("code", "có dấu cách", "không có dấu cách"),
    ("ends_on", "2026-11-01", "không được trước ngày bắt đầu"),
    ("pass_mark", "150", "từ 1 đến 100"),
    ("chapters", [], "bắt buộc"),
])
def test_bad_course_settings_are_explained_and_nothing_saved(app, client, auth, field, value,
                                                             message):
    auth.login_organizer()
    response = post_form(client, "/organizer/courses/new", {**COURSE_FORM, field: value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Khóa bồi dưỡng người phát ngôn"' in page  # what was typed is kept
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM courses").fetchone()[0] == 0


def test_duplicate_course_code(app, client, auth):
    auth.login_organizer()
    post_form(client, "/organizer/courses/new", COURSE_FORM)
    response = post_form(client, "/organizer/courses/new", {**COURSE_FORM, "code": "ttcs-2026-02"})
    assert response.status_code == 400
    assert "Đã có khóa học khác dùng mã này" in response.get_data(as_text=True)


def test_trainee_gets_403_on_every_organizer_route(app, client, auth):
    with app.app_context():
        courses.create_course(get_db(), app.extensions["question_bank"], code="C1",
                              title_vi="K", starts_on="2026-01-01", ends_on="2026-01-02")
    auth.login_trainee()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("organizer.")]
    assert len(rules) >= 7
    page = client.get("/").get_data(as_text=True)
    for rule in rules:
        url = rule.build({"code": "C1", "user_id": 1, "fmt": "xlsx", "request_id": 1,
                          "session_id": 1, "survey_id": 1, "question_id": 1})[1]
        method = "POST" if "POST" in rule.methods and "GET" not in rule.methods else "GET"
        response = client.open(url, method=method, data={"csrf_token": csrf_token(page)})
        assert response.status_code == 403, url


def test_archive_hides_course(app, client, auth):
    auth.login_organizer()
    post_form(client, "/organizer/courses/new", COURSE_FORM)
    page = client.get("/organizer/courses/TTCS-2026-02").get_data(as_text=True)
    client.post("/organizer/courses/TTCS-2026-02/archive",
                data={"csrf_token": csrf_token(page), "archived": "1", "confirmed": "yes"})
    assert "TTCS-2026-02" not in client.get("/organizer/").get_data(as_text=True)
    assert "TTCS-2026-02" in client.get("/organizer/?archived=1").get_data(as_text=True)


def test_editing_a_course_does_not_change_running_attempts(app):
    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, bank, code="C2", title_vi="K", starts_on="2026-11-01",
                                       ends_on="2026-11-30", time_limit_minutes=20, pass_mark=60)
        uid = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        courses.enrol(db, course.id, uid)
        attempt_id = attempts.start_final(db, bank, course, uid, random.Random(1), NOW)
        before = attempts.load_attempt(db, attempt_id)
        courses.update_course(db, bank, course.id, code="C2", title_vi="K",
                              starts_on="2026-11-01", ends_on="2026-11-30",
                              time_limit_minutes=5, pass_mark=90, review_rule="never")
        after = attempts.load_attempt(db, attempt_id)
    assert after.deadline_at == before.deadline_at and after.pass_mark == 60
    assert after.review_rule == before.review_rule == "after_close"
    assert after.items == before.items


def seed_results(app, count=10):
    """A course with ``count`` trainees who took the final test with rising scores."""
    from quiz_server.core.users import create_user

    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, bank, code="C3", title_vi="K", starts_on="2026-11-01",
                                       ends_on="2026-11-30", questions_per_chapter=3,
                                       pass_mark=50)
        for n in range(count):
            uid = create_user(db, f"hv{n:02d}", "x" * 12, "trainee", f"Học viên {n}",
                              unit=f"Sở {n % 2}", province="Điện Biên" if n < 4 else "Hà Nội")
            courses.enrol(db, course.id, uid)
            attempt_id = attempts.start_final(db, bank, course, uid, random.Random(n), NOW)
            attempt = attempts.load_attempt(db, attempt_id)
            right = {i.question_id: sorted(bank.questions[i.question_id].answer)
                     for i in attempt.items[: n * 6 // count]}
            attempts.save_answers(db, bank, attempt_id, right, NOW)
            attempts.submit(db, bank, attempt_id, NOW)
    return course


def test_dashboard_totals_and_breakdowns(app, client, auth):
    course = seed_results(app)
    with app.app_context():
        rows = reports.trainee_rows(get_db(), course.id)
    total = reports.summary(rows)
    assert total["enrolled"] == 10 and total["started"] == 10
    assert total["passed"] == sum(1 for r in rows if r["best_score"] >= 50)
    provinces = dict(report_view.by_province(rows))
    assert provinces["Điện Biên"]["enrolled"] == 4 and provinces["Hà Nội"]["enrolled"] == 6
    auth.login_organizer()
    page = client.get("/organizer/courses/C3").get_data(as_text=True)
    assert "Học viên 9" in page and "Điện Biên" in page


def test_item_analysis(app, client, auth):
    course = seed_results(app)
    with app.app_context():
        items = reports.item_analysis(get_db(), course.id)
    assert items and all(0 <= i["facility"] <= 1 for i in items)
    # Each question was drawn by fewer than 10 attempts: not flagged, a warning instead.
    assert all(i["few"] and not i["weak"] for i in items)
    auth.login_organizer()
    assert "Độ phân biệt" in client.get("/organizer/courses/C3/items").get_data(as_text=True)


def test_override_gives_an_extra_attempt(app, client, auth):
    course = seed_results(app, count=2)
    bank = app.extensions["question_bank"]
    auth.login_organizer()
    page = client.get("/organizer/courses/C3").get_data(as_text=True)
    with app.app_context():
        uid = get_db().execute("SELECT id FROM users WHERE username='hv00'").fetchone()[0]
    bad = client.post(f"/organizer/courses/C3/trainees/{uid}/override",
                      data={"csrf_token": csrf_token(page), "extra_attempts": "99",
                            "extra_minutes": "0"})
    assert bad.status_code == 303
    client.post(f"/organizer/courses/C3/trainees/{uid}/override",
                data={"csrf_token": csrf_token(page), "extra_attempts": "1", "extra_minutes": "15"})
    with app.app_context():
        db = get_db()
        attempts.start_final(db, bank, course, uid, random.Random(1), NOW)  # 2nd of 2 allowed
        attempts.submit(db, bank, attempts.open_final_attempt(db, course.id, uid), NOW)
        third = attempts.start_final(db, bank, course, uid, random.Random(2), NOW)
        attempt = attempts.load_attempt(db, third)
    assert (attempt.deadline_at - NOW).total_seconds() == (30 + 15) * 60


def test_cli_create_course(runner, app):
    result = runner.invoke(args=["create-course", "TTCS-2026-03", "--title", "Khóa 3",
                                 "--starts", "2026-12-01", "--ends", "2026-12-02",
                                 "--chapters", "01-alpha", "--pass-mark", "80"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        course = courses.get_course(get_db(), "TTCS-2026-03")
    assert course.chapters == ("01-alpha",) and course.pass_mark == 80
    bad = runner.invoke(args=["create-course", "X", "--title", "K", "--starts", "2026-12-02",
                              "--ends", "2026-12-01"])
    assert bad.exit_code == 1 and "Nothing was written" in bad.output


def test_completion_list_downloads_and_cli(app, client, auth, runner, tmp_path):
    from openpyxl import load_workbook

    seed_results(app, count=4)
    auth.login_organizer()
    response = client.get("/organizer/courses/C3/completions.xlsx")
    assert response.status_code == 200
    assert "C3-completions.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(__import__("io").BytesIO(response.data)).active
    assert sheet["A1"].value == "Họ và tên" and sheet.max_row == 5
    csv_response = client.get("/organizer/courses/C3/completions.csv")
    assert csv_response.data.startswith(b"\xef\xbb\xbf")
    assert client.get("/organizer/courses/C3/completions.pdf").status_code == 404
    output = tmp_path / "out.csv"
    result = runner.invoke(args=["export-completions", "C3", "--format", "csv",
                                 "--output", str(output), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert output.read_bytes().decode("utf-8-sig").startswith('"Full name","Username",')


def test_cli_enrol(runner, app):
    runner.invoke(args=["create-course", "E-1", "--title", "K", "--starts", "2026-12-01",
                        "--ends", "2026-12-02"])
    bad = runner.invoke(args=["enrol", "E-1", "tra", "ghost"])
    assert bad.exit_code == 1 and "ghost" in bad.output
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM enrolments").fetchone()[0] == 0
    good = runner.invoke(args=["enrol", "E-1", "tra", "tra2"])
    assert good.exit_code == 0, good.output
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM enrolments").fetchone()[0] == 2
