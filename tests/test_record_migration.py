"""Migration 007 decides once the enrolments of a database kept before the record existed:
certificates used to be issued by page views, even to erased accounts (issue 12, case 2)."""

from datetime import UTC, datetime

from quiz_server.core import record
from quiz_server.db import close_thread_connections, connect
from quiz_server.migrations import migrations

PASSED_AT = "2026-11-24T08:20:00+00:00"


def old_database(path):
    """The schema before m007, with what the lazy issuing left: an erased account holding a
    certificate issued after its erasure, and a passed trainee still without one."""
    db = connect(path)
    migrations.apply(db, stop_before="m007_record")
    db["courses"].insert({"id": 1, "code": "OLD-1", "title_vi": "Khóa cũ",
                          "starts_on": "2026-11-01", "ends_on": "2026-11-30"})
    for user_id, anonymised in ((1, None), (2, "2026-11-25T00:00:00+00:00"), (3, None)):
        name = "" if anonymised else f"Người {user_id}"
        db["users"].insert({"id": user_id, "username": f"u{user_id}", "password_hash": "x",
                            "role": "trainee", "full_name": name, "anonymised_at": anonymised})
        db["enrolments"].insert({"course_id": 1, "user_id": user_id, "enrolled_at": PASSED_AT})
        db["attempts"].insert({"kind": "final", "course_id": 1, "user_id": user_id,
                               "started_at": PASSED_AT, "submitted_at": PASSED_AT,
                               "score": 5 if user_id < 3 else 1, "max_score": 6,
                               "percent": 83.3 if user_id < 3 else 16.7,
                               "passed": int(user_id < 3), "pass_mark": 60})
    db["certificates"].insert({"course_id": 1, "user_id": 2, "code": "AAAA-BBBB-CCCC-DDDD",
                               "issued_at": "2026-11-25T00:00:01+00:00"})
    return db


def test_m007_issues_the_missing_and_withdraws_the_erased(tmp_path):
    path = tmp_path / "old.sqlite"
    old_database(path).conn.close()
    db = connect(path)
    migrations.apply(db)
    certificates = db.execute("SELECT user_id, withdrawn_at IS NOT NULL, withdrawn_reason "
                              "FROM certificates ORDER BY user_id").fetchall()
    assert certificates == [(1, 0, None), (2, 1, "erasure")]
    enrolments = db.execute("SELECT user_id, best_percent, passed, completed_at "
                            "FROM enrolments ORDER BY user_id").fetchall()
    assert enrolments == [(1, 83.3, 1, PASSED_AT), (2, 83.3, 1, PASSED_AT), (3, 16.7, 0, None)]
    db.conn.close()
    close_thread_connections()


def test_m014c_numbers_the_certificates_already_issued(tmp_path):
    """Each course's certificates are numbered in the order they were issued, with the year of
    their Vietnam day of issue; the next one issued takes the next number."""
    db = connect(tmp_path / "numbers.sqlite")
    migrations.apply(db, stop_before="m014c_certificate_numbers")
    for course_id, code in ((1, "OLD-1"), (2, "OLD-2")):
        db["courses"].insert({"id": course_id, "code": code, "title_vi": "Khóa cũ",
                              "starts_on": "2026-11-01", "ends_on": "2026-12-31"})
    for user_id in (1, 2, 3):
        db["users"].insert({"id": user_id, "username": f"u{user_id}", "password_hash": "x",
                            "role": "trainee", "full_name": f"Người {user_id}"})
    for course_id, user_id, issued_at in ((1, 2, "2026-12-31T23:30:00+00:00"),
                                          (2, 1, "2026-11-20T08:00:00+00:00"),
                                          (1, 1, "2026-11-25T08:00:00+00:00")):
        db["certificates"].insert({"course_id": course_id, "user_id": user_id,
                                   "code": f"AAAA-BBBB-CCCC-DD{course_id}{user_id}",
                                   "issued_at": issued_at})
    migrations.apply(db)
    rows = db.execute("SELECT course_id, user_id, number FROM certificates "
                      "ORDER BY course_id, serial").fetchall()
    assert rows == [(1, 1, "001/2026/OLD-1"), (1, 2, "002/2027/OLD-1"), (2, 1, "001/2026/OLD-2")]
    db["enrolments"].insert({"course_id": 1, "user_id": 3, "enrolled_at": PASSED_AT,
                             "passed": 1, "completed_at": PASSED_AT})
    db["attempts"].insert({"kind": "final", "course_id": 1, "user_id": 3,
                           "started_at": PASSED_AT, "submitted_at": PASSED_AT, "score": 5,
                           "max_score": 6, "percent": 83.3, "passed": 1, "pass_mark": 60})
    record.settle(db, 1, 3, datetime(2026, 12, 2, 3, 0, tzinfo=UTC))
    assert db.execute("SELECT number FROM certificates WHERE user_id = 3").fetchone() == (
        "003/2026/OLD-1",)
    db.conn.close()
    close_thread_connections()
