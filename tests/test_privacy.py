"""Personal data (issue 8, Law 91/2025/QH15): notice and consent, my data, correction,
deletion requests and retention purges, on a real SQLite file through the real app."""

import json

import pytest
from conftest import CONSENTED, TRAINEE, AuthActions, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import attempts, audit, courses, erasure, report_view, reports, users
from quiz_server.core.attempts import utcnow
from quiz_server.core.users import create_user


def user_id(app, username):
    with app.app_context():
        return users.find_row(get_db(), username)["id"]


def post(client, path, data=None, page_path="/"):
    page = client.get(page_path, follow_redirects=True).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_token(page), **(data or {})})


NEW_TRAINEE = ("moi", "mat-khau-moi-01")


def new_trainee(app, **profile):
    username, password = NEW_TRAINEE
    with app.app_context():
        create_user(get_db(), username, password, "trainee", "Đỗ Thị Mới", **profile)
    return username, password


def wrong_key(question):
    return next(k for k in question.keys if k not in question.answer)


def course_with_results(app, code="PD-1", review_rule="after_submit", ends_on="2026-11-30",
                        people=("tra", "tra2")):
    """A course whose trainees each took and submitted the final test; one passes."""
    bank = app.extensions["question_bank"]
    with app.app_context():
        db = get_db()
        course = courses.create_course(db, bank, code=code, title_vi="Khóa dữ liệu",
                                       starts_on=ends_on[:8] + "01", ends_on=ends_on,
                                       review_rule=review_rule, pass_mark=80)
        for n, username in enumerate(people):
            uid = users.find_row(db, username)["id"]
            db["users"].update(uid, {"unit": f"Sở {n}", "province": "Điện Biên",
                                     "phone": "0912 345 678", "email": f"{username}@x.vn"})
            courses.enrol(db, course.id, uid)
            attempt_id = attempts.start_final(db, bank, course, uid, __import__("random").Random(n),
                                              utcnow())
            found = attempts.load_attempt(db, attempt_id)
            answers = {item.question_id: sorted(bank.questions[item.question_id].answer)
                       if n == 0 else [wrong_key(bank.questions[item.question_id])]
                       for item in found.items}
            attempts.save_answers(db, bank, attempt_id, answers, utcnow())
            attempts.submit(db, bank, attempt_id, utcnow())
            # The record issued the passed trainee's certificate; give it a code to look for.
            db.execute("UPDATE certificates SET code = ?, issued_at = '2026-11-30' "
                       "WHERE user_id = ?", [f"CERT-{n}-abcdef", uid])
    return course


def figures(app, course_id):
    with app.app_context():
        db = get_db()
        rows = reports.trainee_rows(db, course_id)
        return (reports.summary(rows), report_view.by_province(rows),
                reports.item_analysis(db, course_id))


# Notice and consent ---------------------------------------------------------------------------

def test_notice_in_both_languages_with_the_contact_and_the_rights(app, client):
    app.config["PRIVACY_CONTACT"] = "Phòng Thông tin cơ sở, 024 1234 5678"
    page = client.get("/privacy").get_data(as_text=True)
    for text in ("91/2025/QH15", "Phòng Thông tin cơ sở, 024 1234 5678", "Dữ liệu được thu thập",
                 "Mục đích", "Ai được xem", "Thời gian lưu giữ", "yêu cầu xóa", "Chỉnh sửa"):
        assert text in page, text
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    for text in ("91/2025/QH15", "Phòng Thông tin cơ sở", "What is collected", "Why",
                 "Who sees it", "How long it is kept", "Your rights and how to use them"):
        assert text in page, text


@pytest.mark.parametrize("path", ["/login", "/privacy", "/practice/01-alpha"])
def test_notice_is_linked_from_page_footers_and_the_login_page(client, path):
    page = client.get(path).get_data(as_text=True)
    assert 'href="/privacy"' in page.split('<footer')[1]
    if path == "/login":
        assert page.count('href="/privacy"') == 2


def test_first_login_asks_for_consent_and_stores_the_time(app, client):
    username, password = new_trainee(app)
    response = AuthActions(client).login(username, password)
    assert client.get(response.headers["Location"]).headers["Location"] == "/privacy/consent"
    assert client.get("/course/ANY").headers["Location"] == "/privacy/consent"
    page = client.get("/privacy/consent").get_data(as_text=True)
    assert "Tôi đã đọc thông báo và đồng ý" in page and "91/2025/QH15" in page
    response = client.post("/privacy/consent", data={"csrf_token": csrf_token(page),
                                                      "decision": "accept"})
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    with app.app_context():
        accepted = users.find_row(get_db(), username)["privacy_accepted_at"]
    assert accepted and accepted.startswith(utcnow().date().isoformat())


def test_declining_logs_out_and_says_whom_to_contact(app, client):
    app.config["PRIVACY_CONTACT"] = "ban tổ chức, bvdl@example.vn"
    username, password = new_trainee(app)
    AuthActions(client).login(username, password)
    page = client.get("/privacy/consent").get_data(as_text=True)
    response = client.post("/privacy/consent", data={"csrf_token": csrf_token(page),
                                                     "decision": "decline"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bạn đã từ chối" in page and "bvdl@example.vn" in page
    assert client.get("/").headers["Location"].startswith("/login")
    with app.app_context():
        row = users.find_row(get_db(), username)
        assert row["privacy_accepted_at"] is None
        assert get_db().execute("SELECT count(*) FROM sessions WHERE user_id = ?",
                                [row["id"]]).fetchone()[0] == 0


def test_organizers_are_not_asked(client, auth):
    auth.login_organizer()
    assert client.get("/organizer/").status_code == 200


# My data ---------------------------------------------------------------------------------------

def test_my_data_json_holds_everything_about_me_and_nobody_else(app, client, auth):
    course = course_with_results(app)
    auth.login_trainee()
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["username"] == "tra"
    assert data["profile"]["full_name"] == "Trần Thị Học Viên"
    assert data["profile"]["phone"] == "0912 345 678"
    assert data["profile"]["privacy_accepted_at"] == CONSENTED
    assert "password_hash" not in json.dumps(data)
    assert [e["course"] for e in data["enrolments"]] == [course.code]
    (final,) = data["attempts"]
    assert final["kind"] == "final" and final["course"] == course.code
    assert final["percent"] == 100.0 and final["passed"] is True
    assert len(final["answers"]) == 4
    assert all(a["answer"] and a["answer_text"] and a["question"] for a in final["answers"])
    assert all(a["correct"] is True for a in final["answers"])
    assert data["certificates"] == [{"course": course.code, "code": "CERT-0-abcdef",
                                     "issued_at": "2026-11-30", "withdrawn_at": None}]
    assert "Lê Văn Khác" not in response.get_data(as_text=True)
    assert "CERT-1" not in response.get_data(as_text=True)


def test_my_data_hides_per_question_marks_while_review_is_not_allowed(app, client, auth):
    course_with_results(app, review_rule="never")
    auth.login_trainee()
    (final,) = json.loads(client.get("/account/data.json").data)["attempts"]
    assert final["percent"] == 100.0
    assert all("correct" not in a for a in final["answers"])


def test_my_data_page_is_readable(app, client, auth):
    course_with_results(app)
    auth.login_trainee()
    page = client.get("/account/data").get_data(as_text=True)
    for text in ("Dữ liệu của tôi", "Trần Thị Học Viên", "0912 345 678", "PD-1", "CERT-0-abcdef",
                 "Câu hỏi", "(đúng)", "Tải về dữ liệu của tôi (JSON)"):
        assert text in page, text


def test_correction_of_the_allowed_fields_only(app, client, auth):
    auth.login_trainee()
    response = post(client, "/account/profile", {"phone": "+84 912 000 111",
                                                 "email": "moi@example.vn",
                                                 "unit": "Đơn vị khác"}, "/account/data")
    assert response.status_code == 302
    with app.app_context():
        row = users.find_row(get_db(), "tra")
    assert (row["phone"], row["email"], row["unit"]) == ("+84 912 000 111", "moi@example.vn", "")
    response = post(client, "/account/profile", {"phone": "0912", "email": "not-an-email"},
                    "/account/data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page and 'aria-describedby="email-error"' in page
    assert "Nhập địa chỉ thư điện tử" in page
    app.config["PROFILE_EDITABLE"] = "phone,email,unit"
    post(client, "/account/profile", {"unit": "Sở Văn hóa"}, "/account/data")
    with app.app_context():
        assert users.find_row(get_db(), "tra")["unit"] == "Sở Văn hóa"


# Deletion requests -------------------------------------------------------------------------------

def test_deletion_request_carried_out_keeps_statistics_without_names(app, client, auth):
    course = course_with_results(app)
    before = figures(app, course.id)
    assert (before[0]["enrolled"], before[0]["started"], before[0]["passed"]) == (2, 2, 1)
    with app.app_context():
        audit.record(get_db(), None, "account.reset_password", user_id=user_id(app, "tra"),
                     username="tra")
    auth.login_trainee()
    asked = post(client, "/account/deletion", {"reason": "Tôi chuyển công tác"}, "/account/data")
    assert "Không thể hoàn tác" in asked.get_data(as_text=True)  # a confirmation, nothing sent
    with app.app_context():
        assert get_db()["deletion_requests"].count == 0
    post(client, "/account/deletion", {"reason": "Tôi chuyển công tác", "confirmed": "yes"},
         "/account/data")
    assert "đang chờ ban tổ chức xử lý" in client.get("/account/data").get_data(as_text=True)

    organizer = app.test_client()
    AuthActions(organizer).login_organizer()
    page = organizer.get("/organizer/deletion-requests").get_data(as_text=True)
    assert "Trần Thị Học Viên" in page and "Tôi chuyển công tác" in page
    with app.app_context():
        (pending,) = erasure.pending_requests(get_db())
    response = organizer.post(f"/organizer/deletion-requests/{pending['id']}/erase",
                              data={"csrf_token": csrf_token(page), "confirmed": "yes"})
    assert response.status_code == 302
    assert figures(app, course.id) == before
    uid = user_id(app, "deleted-" + str(pending["user_id"]))
    with app.app_context():
        db = get_db()
        row = next(db.query("SELECT * FROM users WHERE id = ?", [uid]))
        names = json.dumps(reports.trainee_rows(db, course.id), ensure_ascii=False)
        assert db.execute("SELECT count(*) FROM certificates WHERE user_id = ? AND "
                          "withdrawn_at IS NULL", [uid]).fetchone()[0] == 0
        assert db.execute("SELECT status FROM deletion_requests").fetchone()[0] == "done"
        audit_log = [r[0] for r in db.execute("SELECT detail FROM audit_log").fetchall()]
        last = db.execute("SELECT action, detail FROM audit_log ORDER BY id DESC").fetchone()
    assert row["full_name"] == "" and row["phone"] == "" and row["email"] == ""
    assert row["unit"] == "" and row["active"] == 0 and row["anonymised_at"]
    assert row["province"] == "Điện Biên"
    assert "Trần Thị Học Viên" not in names and '"tra"' not in names
    assert last[0] == "privacy.erase" and "Trần" not in last[1]
    assert not any('"tra"' in detail for detail in audit_log)
    assert any(f'"deleted-{uid}"' in detail for detail in audit_log)
    assert client.get("/").status_code == 302  # the session ended
    assert AuthActions(app.test_client()).login_trainee().status_code == 401
    assert "Trần Thị Học Viên" not in organizer.get(f"/organizer/courses/{course.code}").get_data(
        as_text=True)


def test_one_pending_request_at_a_time(app):
    with app.app_context():
        uid = users.find_row(get_db(), "tra")["id"]
        first = erasure.request_deletion(get_db(), uid, "a")
        assert erasure.request_deletion(get_db(), uid, "b") == first


# Retention and purges -------------------------------------------------------------------------

def test_expired_courses_follow_each_courses_retention(app):
    course = course_with_results(app, ends_on="2026-11-30")
    from datetime import date

    with app.app_context():
        db = get_db()
        assert erasure.expired_courses(db, date(2031, 11, 30)) == []
        assert [r["code"] for r in erasure.expired_courses(db, date(2031, 12, 1))] == ["PD-1"]
        db["courses"].update(course.id, {"retention_years": 10})
        assert erasure.expired_courses(db, date(2031, 12, 1)) == []


def test_retention_years_on_the_course_form(app, client, auth):
    course_with_results(app)
    auth.login_organizer()
    page = client.get("/organizer/courses/PD-1/edit").get_data(as_text=True)
    assert 'id="retention_years"' in page and 'value="5"' in page
    form = {"code": "PD-1", "title_vi": "Khóa dữ liệu", "starts_on": "2026-11-01",
            "ends_on": "2026-11-30", "mode": "in_person", "chapters": ["01-alpha", "02-beta"],
            "questions_per_chapter": "2", "time_limit_minutes": "30", "max_attempts": "2",
            "pass_mark": "80", "review_rule": "after_submit", "retention_years": "0",
            "csrf_token": csrf_token(page)}
    response = client.post("/organizer/courses/PD-1/edit", data=form)
    assert response.status_code == 400
    assert client.post("/organizer/courses/PD-1/edit",
                       data={**form, "retention_years": "7"}).status_code == 302
    with app.app_context():
        assert get_db().execute("SELECT retention_years FROM courses WHERE code = 'PD-1'"
                                ).fetchone()[0] == 7


def test_purge_expired_lists_asks_and_purges_keeping_statistics(app, runner):
    course = course_with_results(app, ends_on="2020-06-30")
    before = figures(app, course.id)
    result = runner.invoke(args=["purge-expired"], input="n\n")
    assert result.exit_code == 1 and "PD-1" in result.output
    assert "Not confirmed.\nNothing was written." in result.output
    with app.app_context():
        assert users.find_row(get_db(), "tra")["full_name"] == "Trần Thị Học Viên"
    result = runner.invoke(args=["purge-expired"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "2 account(s) erased" in result.output
    assert figures(app, course.id) == before
    with app.app_context():
        db = get_db()
        assert users.find_row(db, "tra") is None
        assert db.execute("SELECT count(*) FROM users WHERE full_name IN (?, ?)",
                          ["Trần Thị Học Viên", "Lê Văn Khác"]).fetchone()[0] == 0
        assert db.execute("SELECT purged_at, archived FROM courses").fetchone()[1] == 1
    assert "No course is past" in runner.invoke(args=["purge-expired"]).output


def test_purge_course_needs_an_archived_course_and_keeps_other_courses(app, runner):
    old = course_with_results(app, code="OLD-1", people=("tra", "tra2"))
    with app.app_context():
        db = get_db()
        current = courses.create_course(db, app.extensions["question_bank"], code="NOW-1",
                                        title_vi="Khóa mới", starts_on="2027-01-01",
                                        ends_on="2027-01-31")
        courses.enrol(db, current.id, users.find_row(db, "tra")["id"])
    before = figures(app, old.id)
    result = runner.invoke(args=["purge-course", "OLD-1", "--yes"])
    assert result.exit_code == 1 and "not archived" in result.output
    with app.app_context():
        courses.set_archived(get_db(), old.id, True)
    assert runner.invoke(args=["purge-course", "OLD-1"], input="n\n").exit_code == 1
    result = runner.invoke(args=["purge-course", "OLD-1", "--yes"])
    assert result.exit_code == 0, result.output
    assert "1 account(s) erased, 1 enrolment(s) made anonymous" in result.output
    assert figures(app, old.id) == before
    with app.app_context():
        db = get_db()
        tra = users.find_row(db, "tra")
        # Still in NOW-1: the account stays, but nothing of OLD-1 points to it any more.
        assert tra["full_name"] == "Trần Thị Học Viên"
        assert courses.enrolment(db, old.id, tra["id"]) is None
        assert courses.enrolment(db, current.id, tra["id"]) is not None
        assert db.execute("SELECT count(*) FROM attempts WHERE course_id = ? AND user_id = ?",
                          [old.id, tra["id"]]).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM certificates WHERE course_id = ? AND "
                          "(withdrawn_at IS NULL OR user_id = ?)",
                          [old.id, tra["id"]]).fetchone()[0] == 0
        assert users.find_row(db, "tra2") is None
        names = {r["full_name"] for r in reports.trainee_rows(db, old.id)}
    assert names == {""}
    assert AuthActions(app.test_client()).login(*TRAINEE).status_code == 302
