"""What organizers read: Vietnamese order, units within provinces, one number format, one
trainee's answers, filters and pages, item analysis with option counts."""

import random

from conftest import TRAINEE
from test_organizer import NOW, seed_results

from quiz_server.app_db import get_db
from quiz_server.core import attempts, collation, courses, report_view, reports
from quiz_server.core.users import create_user
from quiz_server.web import numbers


def test_vietnamese_order_by_given_name():
    names = ["Đinh Văn Đức", "Âu Thị Ánh", "Trần Văn An", "Ông Văn Bình", "Nguyễn Thị Ân",
             "Lê Văn Dũng", "Phạm Thị Ảnh", "Hồ Văn Anh", "Vũ Ơn", "Mai Ôn", "Lý Văn Ư"]
    ordered = sorted(names, key=collation.name_key)
    assert [n.split()[-1] for n in ordered] == [
        "An", "Anh", "Ảnh", "Ánh", "Ân", "Bình", "Dũng", "Đức", "Ôn", "Ơn", "Ư"]
    assert sorted(["Zê", "Đà", "Da", "Ăn", "Bê"], key=collation.text_key) == [
        "Ăn", "Bê", "Da", "Đà", "Zê"]


def test_one_percentage_convention(app):
    with app.test_request_context():
        assert numbers.percent(55.4, "vi") == "55,4%" and numbers.percent(40, "vi") == "40,0%"
        assert numbers.percent(55.4, "en") == "55.4%" and numbers.percent(None) == "—"
        assert numbers.decimal(0.25, locale="vi") == "0,25"


def rows_of(*people):
    return [{"full_name": name, "username": name.lower(), "unit": unit, "province": province,
             "passed": passed, "attempts": tries, "best_score": 50.0 if tries else None}
            for name, unit, province, passed, tries in people]


def test_units_are_grouped_with_their_province_and_filters_apply():
    rows = rows_of(("A", "Sở VHTTDL", "Huế", 1, 1), ("B", "Sở VHTTDL", "Điện Biên", 0, 1),
                   ("C", "Sở VHTTDL", "An Giang", 0, 0), ("D", "Sở VHTTDL", "Huế", 0, 0))
    groups = report_view.by_unit_and_province(rows)
    assert [(p, u, s["enrolled"]) for p, u, s in groups] == [
        ("An Giang", "Sở VHTTDL", 1), ("Điện Biên", "Sở VHTTDL", 1), ("Huế", "Sở VHTTDL", 2)]
    assert [r["full_name"] for r in report_view.filtered(rows, province="Huế")] == ["A", "D"]
    assert [r["full_name"] for r in report_view.filtered(rows, wanted="not_started")] == [
        "C", "D"]
    assert [r["full_name"] for r in report_view.filtered(rows, wanted="not_passed")] == ["B"]
    assert report_view.page(list(range(120)), 3, 50) == (list(range(100, 120)), 3, 3)
    assert report_view.page([], 7) == ([], 1, 1)


def test_course_page_filters_pages_and_percentages(app, client, auth):
    seed_results(app)
    auth.login_organizer()
    page = client.get("/organizer/courses/C3").get_data(as_text=True)
    assert "Sở 0" in page.split('class="by-unit"')[1].split("</table>")[0]
    assert "%" in page and not any(f"{n}.0%" in page for n in range(101))  # 40,0% not 40.0%
    trainees = client.get("/organizer/courses/C3?province=Điện Biên").get_data(as_text=True)
    listed = trainees.split('class="trainees"')[1].split("</table>")[0]
    assert listed.count("<tr>") == 1 + 4 and "Học viên 9" not in listed
    english = client.get("/organizer/courses/C3?status=passed&page=9&lang=en")
    assert english.status_code == 200 and "%" in english.get_data(as_text=True)
    assert ",0%" not in english.get_data(as_text=True)


def test_organizer_opens_one_trainees_attempt(app, client, auth):
    course = seed_results(app, count=3)
    with app.app_context():
        user_id = get_db().execute("SELECT id FROM users WHERE username = 'hv02'").fetchone()[0]
    auth.login_organizer()
    page = client.get(f"/organizer/courses/C3/trainees/{user_id}").get_data(as_text=True)
    assert "Học viên 2" in page and "(đáp án đúng)" in page
    assert page.count('class="right"') + page.count('class="wrong"') == 6
    assert "(đã chọn)" in page
    assert client.get(f"/organizer/courses/C3/trainees/{user_id + 99}").status_code == 404
    auth.logout()
    auth.login(*TRAINEE)
    assert client.get(f"/organizer/courses/C3/trainees/{user_id}").status_code == 403
    assert course


def test_item_analysis_counts_options_and_warns_under_ten(app, client, auth):
    course = seed_results(app, count=4)
    with app.app_context():
        items = reports.item_analysis(get_db(), course.id)
    assert items and all(i["few"] and not i["weak"] for i in items)
    assert all(sum(i["chosen"].values()) >= 0 for i in items)
    assert any(i["chosen"] for i in items)
    auth.login_organizer()
    page = client.get("/organizer/courses/C3/items").get_data(as_text=True)
    assert "Xem lại bài làm" not in page and 'class="option-counts"' in page
    with app.app_context():
        db, bank = get_db(), app.extensions["question_bank"]
        for n in range(10):
            uid = create_user(db, f"them{n}", "x" * 12, "trainee", f"Người {n}")
            courses.enrol(db, course.id, uid)
            attempt_id = attempts.start_final(db, bank, course, uid, random.Random(99), NOW)
            attempts.submit(db, bank, attempt_id, NOW)  # nothing answered: all wrong
        items = reports.item_analysis(db, course.id)
    assert any(i["weak"] and not i["few"] for i in items)
    page = client.get("/organizer/courses/C3/items").get_data(as_text=True)
    assert "Xem lại câu hỏi" in page


def test_account_search_without_case_or_diacritics(app):
    from quiz_server.core import users

    with app.app_context():
        db = get_db()
        for n, name in enumerate(("Nguyễn Văn Đức", "Trần Đức Anh", "Lê Thị Ánh")):
            create_user(db, f"u{n}", "x" * 12, "trainee", name)
        found = {q: [r["full_name"] for r in users.search(db, q)]
                 for q in ("đức", "Nguyen Van Duc", "ĐỨC", "ánh", "anh")}
    assert found["đức"] == found["ĐỨC"] == ["Trần Đức Anh", "Nguyễn Văn Đức"]
    assert found["Nguyen Van Duc"] == ["Nguyễn Văn Đức"]
    assert found["ánh"] == found["anh"] == ["Trần Đức Anh", "Lê Thị Ánh"]


def test_cli_actions_are_audited_with_the_system_user(app, runner, monkeypatch):
    from quiz_server.cli import actor
    from quiz_server.core import audit

    monkeypatch.setattr(actor, "os_user", lambda: "quantri")
    with app.app_context():
        courses.create_course(get_db(), app.extensions["question_bank"], code="C-9",
                              title_vi="Khóa", starts_on="2026-12-01", ends_on="2026-12-03")
    for args in (["deactivate-user", "tra"], ["reactivate-user", "tra"], ["enrol", "C-9", "tra"],
                 ["create-course", "C-10", "--title", "Khóa", "--starts", "2026-12-01",
                  "--ends", "2026-12-02"]):
        assert runner.invoke(args=args).exit_code == 0, args
    assert runner.invoke(args=["set-password", "tra"], input="mot mat khau dai 2026\n",
                         catch_exceptions=False).exit_code == 0
    with app.app_context():
        entries = audit.recent(get_db())
    assert [e["action"] for e in entries][:5] == [
        "account.set_password", "course.create", "course.enrol", "account.reactivate",
        "account.deactivate"]
    assert all('"os_user": "quantri"' in e["detail"] and '"via": "cli"' in e["detail"]
               for e in entries[:5])


def test_audit_log_in_words_local_time_filter_and_pages(app, client, auth):
    from quiz_server.core import audit

    with app.app_context():
        db = get_db()
        for n in range(60):
            audit.record(db, None, "course.create", course=f"C-{n}", via="cli", os_user="quantri")
        audit.record(db, 1, "export.completions", course="C-1", format="xlsx")
        db.execute("UPDATE audit_log SET at = '2026-12-01T20:30:00+00:00'")
    auth.login_organizer()
    page = client.get("/organizer/audit").get_data(as_text=True)
    table = page.split('class="audit"')[1]
    assert "Đã xuất danh sách hoàn thành" in table and "export.completions" not in table
    assert "02/12/2026 03:30" in page and "quantri (dòng lệnh)" in page
    assert "khóa học: C-1 · định dạng: xlsx" in page
    assert page.count("<tr>") == 1 + 50 and 'href="/organizer/audit?page=2"' in page
    one = client.get("/organizer/audit?action=export.completions").get_data(as_text=True)
    assert one.count("<tr>") == 2
    english = client.get("/organizer/audit?page=2&lang=en")
    assert "Course created" in english.get_data(as_text=True)


def test_irreversible_clicks_ask_first_and_change_nothing(app, client, auth):
    """Reset, deactivate, erase and archive: the first post is a question, without JS."""
    from conftest import csrf_token

    from quiz_server.core import erasure, users

    with app.app_context():
        db = get_db()
        tra = users.find_row(db, TRAINEE[0])["id"]
        erasure.request_deletion(db, tra, "")
        (pending,) = erasure.pending_requests(db)
        courses.create_course(db, app.extensions["question_bank"], code="C-1", title_vi="K",
                              starts_on="2026-12-01", ends_on="2026-12-03")
        hash_before = users.find_row(db, TRAINEE[0])["password_hash"]
    auth.login_organizer()
    token = csrf_token(client.get("/organizer/accounts").get_data(as_text=True))
    for path, data in ((f"/organizer/accounts/{tra}/reset", {}),
                       (f"/organizer/accounts/{tra}/active", {"active": "0"}),
                       (f"/organizer/deletion-requests/{pending['id']}/erase", {}),
                       ("/organizer/courses/C-1/archive", {"archived": "1"})):
        page = client.post(path, data={"csrf_token": token, **data}).get_data(as_text=True)
        assert 'name="confirmed" value="yes"' in page and f'action="{path}"' in page, path
        assert all(f'name="{k}" value="{v}"' in page for k, v in data.items())
    with app.app_context():
        db = get_db()
        row = users.find_row(db, TRAINEE[0])
        assert row["active"] and row["password_hash"] == hash_before and not row["anonymised_at"]
        assert not courses.get_course(db, "C-1").archived
