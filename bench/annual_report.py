"""Time the year's report for a ministry's busy year and print the time per step.

    .venv/bin/python bench/annual_report.py [--courses 24] [--trainees 150]

Each course has ten sessions with attendance, one final attempt per trainee and an end survey
answered by two thirds of them; the database is a temporary SQLite file.
"""

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from quiz_server.core import annual_pdf, annual_report, attendance, surveys
from quiz_server.db import connect, migrate, transaction


def fill(db, course_count, trainee_count, rng):
    """Courses, trainees, sessions, attendance, attempts and survey answers, written in bulk."""
    user = 0
    for number in range(course_count):
        starts = date(2026, 1, 5) + timedelta(days=14 * number)
        course_id = db["courses"].insert({
            "code": f"TTCS-2026-{number:02d}", "title_vi": f"Khóa bồi dưỡng số {number}",
            "starts_on": starts.isoformat(), "ends_on": (starts + timedelta(4)).isoformat(),
            "place": "Hà Nội", "attendance_min_percent": 80}).last_pk
        for day in range(5):
            for part in ("morning", "afternoon"):
                attendance.add_session(db, course_id, part=part,
                                       day=(starts + timedelta(day)).isoformat())
        session_ids = [s.id for s in attendance.sessions_of(db, course_id)]
        course = annual_report.get_course_by_id(db, course_id)
        survey = surveys.get(db, course_id, surveys.create(db, course, "end", ["Giảng viên A"]))
        questions = surveys.questions(db, survey.id)
        with transaction(db):
            for _ in range(trainee_count):
                user += 1
                user_id = db["users"].insert({
                    "username": f"hv{user}", "password_hash": "!", "role": "trainee",
                    "full_name": f"Học viên {user}", "province": f"Tỉnh {user % 34}",
                    "unit": rng.choice(("Sở Văn hóa", "UBND huyện", "Báo tỉnh", "Cục")),
                    "position": rng.choice(("Chuyên viên", "Phó trưởng phòng"))}).last_pk
                db["enrolments"].insert({"course_id": course_id, "user_id": user_id})
                for session_id in rng.sample(session_ids, rng.randint(6, 10)):
                    db["attendance"].insert({"session_id": session_id, "user_id": user_id,
                                             "method": "code"})
                percent = rng.uniform(40, 100)
                db["attempts"].insert({"kind": "final", "user_id": user_id,
                                       "course_id": course_id, "percent": percent,
                                       "passed": int(percent >= 70), "score": int(percent),
                                       "submitted_at": starts.isoformat()})
        for user_id in range(user - trainee_count + 1, user + 1, 3):
            for member in (user_id, user_id + 1):
                given = {q["id"]: rng.randint(3, 5) for q in questions if q["kind"] == "scale"}
                surveys.submit(db, survey, member, given, date.fromisoformat(survey.opens_on))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=24)
    parser.add_argument("--trainees", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = connect(str(Path(folder) / "bench.sqlite"))
        migrate(db)
        fill(db, args.courses, args.trainees, random.Random(18))
        start = time.perf_counter()
        data = annual_report.gather(db, date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1))
        gathered = time.perf_counter()
        xlsx = annual_report.to_xlsx(data, "vi")
        written = time.perf_counter()
        pdf = annual_pdf.to_pdf(data, "vi")
        printed = time.perf_counter()
    print(f"{args.courses} courses × {args.trainees} trainees: figures {gathered - start:.2f} s, "
          f"XLSX {written - gathered:.2f} s ({len(xlsx) // 1024} KB), "
          f"PDF {printed - written:.2f} s ({len(pdf) // 1024} KB)")


if __name__ == "__main__":
    main()
