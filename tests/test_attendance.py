"""Sessions and attendance: the check-in code's window and throttle, the class list, the
attendance rule for completion, and erasure moving the records with the course's data."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from after_course import add_trainee, final_attempt
from conftest import TRAINEE, csrf_token

from quiz_server.app_db import get_db
from quiz_server.core import (
    attendance,
    certificates,
    courses,
    erasure,
    reports,
    requirements,
    surveys,
)
from quiz_server.core.attendance import AttendanceError

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def course(db, bank, **extra):
    return courses.create_course(db, bank, code="K1", title_vi="Khóa một",
                                 starts_on="2026-03-10", ends_on="2026-03-11", **extra)


def vn(hour, minute=0, day=10):
    return datetime(2026, 3, day, hour, minute, tzinfo=VN)


def test_code_works_only_while_the_session_runs_in_vietnam_time(app):
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"])
        user = add_trainee(db, "mot", "Một")
        courses.enrol(db, found.id, user)
        attendance.add_session(db, found.id, day="2026-03-10", part="morning")
        session = attendance.sessions_of(db, found.id)[0]
        assert (session.starts, session.ends) == ("07:30", "11:30")
        for moment in (vn(7, 29), vn(11, 31), vn(9, day=11)):
            with pytest.raises(AttendanceError) as refused:
                attendance.check_in(db, found.id, user, session.code, "1.2.3.4", moment, VN)
            assert refused.value.code == "wrong"
        # 02:00 UTC is 09:00 in Vietnam: inside the morning.
        moment = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
        assert attendance.check_in(db, found.id, user, f" {session.code} ", "1.2.3.4", moment,
                                   VN).id == session.id
        assert requirements.counts(db, found.id) == ({user: 1}, 1)


def test_wrong_codes_are_throttled_even_before_the_right_one(app):
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"])
        user = add_trainee(db, "mot", "Một")
        courses.enrol(db, found.id, user)
        attendance.add_session(db, found.id, day="2026-03-10", part="morning")
        code = attendance.sessions_of(db, found.id)[0].code
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(attendance.CHECKIN_ACCOUNT.limit):
            with pytest.raises(AttendanceError):
                attendance.check_in(db, found.id, user, wrong, "1.2.3.4", vn(9), VN)
        with pytest.raises(AttendanceError) as waiting:
            attendance.check_in(db, found.id, user, code, "1.2.3.4", vn(9), VN)
        assert waiting.value.code == "wait" and waiting.value.wait > 0
        assert requirements.counts(db, found.id) == ({}, 1)


def test_attendance_rule_decides_completion_and_the_certificate(app):
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"], attendance_min_percent=80)
        full, short = add_trainee(db, "du", "Đủ"), add_trainee(db, "thieu", "Thiếu")
        for user in (full, short):
            courses.enrol(db, found.id, user)
            final_attempt(db, found.id, user, 90, True)
        for day in ("2026-03-10", "2026-03-11"):
            for part in ("morning", "afternoon"):
                attendance.add_session(db, found.id, day=day, part=part)
        ids = [s.id for s in attendance.sessions_of(db, found.id)]
        for index, session_id in enumerate(ids):  # 4 of 4 and 3 of 4 (75% < 80%)
            attendance.mark(db, found.id, session_id, [full] + ([short] if index else []))
        assert requirements.attendance_ok(db, found.id, full)
        assert not requirements.attendance_ok(db, found.id, short)
        holders = {c["user_id"] for c in certificates.of_course(db, found.id)}
        rows = {r["user_id"]: r for r in reports.trainee_rows(db, found.id)}
    assert holders == {full}
    assert rows[full]["completed_at"] and rows[short]["completed_at"] is None
    assert rows[short]["passed"] and rows[short]["attendance"] == 75.0


def test_survey_rule_holds_completion_until_answered(app):
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"], survey_required=True)
        user = add_trainee(db, "mot", "Một")
        courses.enrol(db, found.id, user)
        final_attempt(db, found.id, user, 90, True)
        survey = surveys.get(db, found.id, surveys.create(db, found, "end"))
        assert not requirements.survey_done(db, found.id, user)
        assert reports.trainee_rows(db, found.id)[0]["completed_at"] is None
        given = {q["id"]: 4 for q in surveys.questions(db, survey.id) if q["kind"] == "scale"}
        surveys.submit(db, survey, user, given, datetime(2026, 3, 11).date())
        assert reports.trainee_rows(db, found.id)[0]["completed_at"]


def test_organizer_marks_the_class_list_with_one_save(app, client, auth):
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"])
        ids = [add_trainee(db, f"t{n}", f"Học viên {n}") for n in range(3)]
        for user in ids:
            courses.enrol(db, found.id, user)
    auth.login_organizer()
    page = client.get("/organizer/courses/K1/sessions").get_data(as_text=True)
    response = client.post("/organizer/courses/K1/sessions", data={
        "csrf_token": csrf_token(page), "day": "2026-03-10", "part": "afternoon",
        "place": "Phòng 201"})
    assert response.status_code == 303
    bad = client.post("/organizer/courses/K1/sessions", data={
        "csrf_token": csrf_token(page), "day": "2026-03-10", "part": "morning",
        "starts": "11:00", "ends": "09:00"})
    assert bad.status_code == 400 and "HH:MM" in bad.get_data(as_text=True)
    with app.app_context():
        session = attendance.sessions_of(get_db(), found.id)[0]
    url = f"/organizer/courses/K1/sessions/{session.id}/attendance"
    listed = client.get(url).get_data(as_text=True)
    assert listed.count('type="checkbox" name="present"') == 3
    client.post(url, data={"csrf_token": csrf_token(listed), "present": [ids[0], ids[2]]})
    client.post(url, data={"csrf_token": csrf_token(listed), "present": [ids[2], 99999]})
    with app.app_context():
        assert requirements.counts(get_db(), found.id) == ({ids[2]: 1}, 1)
    code_page = client.get(f"/organizer/courses/K1/sessions/{session.id}/code")
    assert session.code in code_page.get_data(as_text=True)


def test_trainee_checks_in_on_the_course_page(app, client, auth):
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"])
        user = db.execute("SELECT id FROM users WHERE username = ?", [TRAINEE[0]]).fetchone()[0]
        courses.enrol(db, found.id, user)
        today = datetime.now(VN).date().isoformat()
        attendance.add_session(db, found.id, day=today, part="morning", starts="00:00",
                               ends="23:59")
        code = attendance.sessions_of(db, found.id)[0].code
    auth.login_trainee()
    page = client.get("/course/K1").get_data(as_text=True)
    assert 'name="code"' in page
    wrong = client.post("/course/K1/check-in", data={"csrf_token": csrf_token(page),
                                                     "code": "abc"}, follow_redirects=True)
    assert "Mã không khớp" in wrong.get_data(as_text=True)
    right = client.post("/course/K1/check-in", data={"csrf_token": csrf_token(page),
                                                     "code": code}, follow_redirects=True)
    assert "Đã điểm danh buổi học 00:00–23:59" in right.get_data(as_text=True)
    assert "Số buổi đã tham dự: 1/1." in right.get_data(as_text=True)


def test_purge_moves_attendance_and_survey_flags_with_the_course(app):
    with app.app_context():
        db = get_db()
        bank = app.extensions["question_bank"]
        old = course(db, bank)
        other = courses.create_course(db, bank, code="K9", title_vi="Khóa sau",
                                      starts_on="2030-01-01", ends_on="2030-01-02")
        user = add_trainee(db, "mot", "Một", province="Lai Châu")
        for found in (old, other):
            courses.enrol(db, found.id, user)
        attendance.add_session(db, old.id, day="2026-03-10", part="morning")
        attendance.mark(db, old.id, attendance.sessions_of(db, old.id)[0].id, [user])
        survey = surveys.get(db, old.id, surveys.create(db, old, "end"))
        db.execute("INSERT INTO survey_done VALUES (?, ?)", [survey.id, user])
        erasure.purge_course(db, old.id)
        attended, total = requirements.counts(db, old.id)
        assert total == 1 and list(attended.values()) == [1] and user not in attended
        assert not surveys.is_done(db, survey.id, user) and surveys.respondents(db, survey.id) == 1


def test_my_data_lists_attendance_and_answered_surveys_but_no_answers(app):
    from quiz_server.core import mydata

    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"])
        user = add_trainee(db, "mot", "Một")
        courses.enrol(db, found.id, user)
        attendance.add_session(db, found.id, day="2026-03-10", part="morning")
        attendance.mark(db, found.id, attendance.sessions_of(db, found.id)[0].id, [user])
        survey = surveys.get(db, found.id, surveys.create(db, found, "end"))
        given = {q["id"]: 5 for q in surveys.questions(db, survey.id) if q["kind"] == "scale"}
        surveys.submit(db, survey, user, given, datetime(2026, 3, 11).date())
        data = mydata.collect(db, app.extensions["question_bank"], user)
    assert data["attendance"] == [{"course": "K1", "day": "2026-03-10", "part": "morning",
                                   "starts": "07:30", "ends": "11:30", "method": "organizer"}]
    assert data["surveys_answered"] == [{"course": "K1", "kind": "end"}]


def test_a_new_session_that_breaks_the_rule_withdraws_the_certificate_with_its_reason(app):
    """Course-wide changes settle every enrolment again (record.settle_course); a certificate
    withdrawn that way says why, so the verify page and the audit can tell it from a fail."""
    with app.app_context():
        db = get_db()
        found = course(db, app.extensions["question_bank"], attendance_min_percent=80)
        full = add_trainee(db, "du", "Đủ")
        courses.enrol(db, found.id, full)
        final_attempt(db, found.id, full, 90, True)
        attendance.add_session(db, found.id, day="2026-03-10", part="morning")
        attendance.mark(db, found.id, attendance.sessions_of(db, found.id)[0].id, [full])
        assert {c["user_id"] for c in certificates.of_course(db, found.id)} == {full}
        attendance.add_session(db, found.id, day="2026-03-10", part="afternoon")  # 1 of 2
        withdrawn = db.execute("SELECT withdrawn_at, withdrawn_reason FROM certificates "
                               "WHERE user_id = ?", [full]).fetchall()
    # Issued at the pass (no session yet), withdrawn by the first session, issued again at the
    # check-in, withdrawn by the second: each withdrawal says it was the course's rule.
    assert len(withdrawn) == 2
    assert all(at and reason == "requirements" for at, reason in withdrawn)
