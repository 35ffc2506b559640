"""A fixture of two courses for the after-course tests: trainees from two provinces, sessions,
attendance, passed and failed final attempts, and end-of-course survey answers."""

from datetime import UTC, date, datetime

from quiz_server.core import attendance, courses, record, surveys
from quiz_server.db import transaction

TITLE_A = "Kỹ năng phát ngôn và cung cấp thông tin cho báo chí"
TITLE_B = "Truyền thông chính sách trên mạng xã hội"


def add_trainee(db, username, full_name, unit="", position="", province=""):
    """A trainee row without a real password hash: these tests never log them in."""
    db["users"].insert({"username": username, "password_hash": "!test", "role": "trainee",
                        "full_name": full_name, "unit": unit, "position": position,
                        "province": province, "created_at": "2026-01-01T00:00:00+00:00",
                        "privacy_accepted_at": "2026-01-01T00:00:00+00:00"})
    return db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def final_attempt(db, course_id, user_id, percent, passed, when="2026-03-12T09:00:00+00:00"):
    db["attempts"].insert({"kind": "final", "user_id": user_id, "course_id": course_id,
                           "started_at": when, "submitted_at": when, "score": int(percent),
                           "max_score": 100, "percent": float(percent), "passed": int(passed),
                           "pass_mark": 70})
    with transaction(db):  # as grading does (core/record.py)
        record.settle(db, course_id, user_id, datetime.now(UTC))


def two_courses(db, bank):
    """Course A (2026, 80% attendance required, 3 trainees) and course B (2026, 2 trainees).

    A: 5 sessions; Ánh attends 5 and passes, Bình attends 3 and passes, Chi attends 4 and
    fails. B: no sessions; Dũng passes, Em fails. End surveys: A answered by Ánh (5, 4 …) and
    Bình; B by Dũng. A course in 2025 must stay out of the 2026 report.
    """
    a = courses.create_course(db, bank, code="TTCS-2026-01", title_vi=TITLE_A,
                              title_en="Speaking to the press", starts_on="2026-03-10",
                              ends_on="2026-03-12", place="Hà Nội", mode="in_person",
                              audience="Người phát ngôn", attendance_min_percent=80)
    b = courses.create_course(db, bank, code="TTCS-2026-02", title_vi=TITLE_B,
                              starts_on="2026-09-01", ends_on="2026-09-02", mode="online")
    courses.create_course(db, bank, code="TTCS-2025-09", title_vi="Khóa năm trước",
                          starts_on="2025-11-01", ends_on="2025-11-02")
    people = {
        "anh": add_trainee(db, "anh", "Nguyễn Thị Ánh", "Sở Văn hóa và Thể thao", "Chuyên viên",
                           "Lai Châu"),
        "binh": add_trainee(db, "binh", "Trần Văn Bình", "UBND huyện Tam Đường", "Phó Chủ tịch",
                            "Lai Châu"),
        "chi": add_trainee(db, "chi", "Lê Thị Chi", "=Báo Lai Châu", "Phóng viên", "Lai Châu"),
        "dung": add_trainee(db, "dung", "Phạm Văn Dũng", "Sở Thông tin", "Chuyên viên",
                            "Điện Biên"),
        "em": add_trainee(db, "em", "Hoàng Thị Em", "Cục Báo chí", "Chuyên viên", "Điện Biên"),
    }
    for name in ("anh", "binh", "chi"):
        courses.enrol(db, a.id, people[name])
    for name in ("dung", "em"):
        courses.enrol(db, b.id, people[name])
    for day in ("2026-03-10", "2026-03-11"):
        for part in ("morning", "afternoon"):
            attendance.add_session(db, a.id, day=day, part=part)
    attendance.add_session(db, a.id, day="2026-03-12", part="morning")
    ids = [s.id for s in attendance.sessions_of(db, a.id)]
    for index, session_id in enumerate(ids):
        present = [people["anh"]] + ([people["binh"]] if index < 3 else []) \
            + ([people["chi"]] if index < 4 else [])
        attendance.mark(db, a.id, session_id, present)
    final_attempt(db, a.id, people["anh"], 90, True)
    final_attempt(db, a.id, people["binh"], 80, True)
    final_attempt(db, a.id, people["chi"], 50, False)
    final_attempt(db, b.id, people["dung"], 75, True, "2026-09-02T09:00:00+00:00")
    final_attempt(db, b.id, people["em"], 40, False, "2026-09-02T09:00:00+00:00")
    survey_a = surveys.get(db, a.id, surveys.create(db, a, "end", ["Đỗ Minh"]))
    survey_b = surveys.get(db, b.id, surveys.create(db, b, "end"))
    answer(db, survey_a, people["anh"], 5, date(2026, 3, 12), "Rất bổ ích")
    answer(db, survey_a, people["binh"], 4, date(2026, 3, 13))
    answer(db, survey_b, people["dung"], 3, date(2026, 9, 3))
    return {"a": a, "b": b, "people": people, "surveys": (survey_a, survey_b)}


def answer(db, survey, user_id, value, today, comment=""):
    """Every scale question answered with ``value``, the comment on every text question."""
    given = {q["id"]: value if q["kind"] == "scale" else comment
             for q in surveys.questions(db, survey.id)}
    surveys.submit(db, survey, user_id, given, today)
