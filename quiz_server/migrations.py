"""The schema as numbered migrations: applied in order, never destructive."""

from datetime import UTC, datetime

from sqlite_utils.migrations import Migrations

migrations = Migrations("quiz_server")


@migrations()
def m001_users(db):
    db["users"].create(
        {
            "id": int,
            "username": str,
            "password_hash": str,
            "role": str,
            "full_name": str,
            "unit": str,
            "position": str,
            "province": str,
            "email": str,
            "phone": str,
            "locale": str,
            "active": int,
            "must_change_password": int,
            "created_at": str,
        },
        pk="id",
        not_null={"username", "password_hash", "role", "full_name"},
        defaults={"active": 1, "must_change_password": 0, "unit": "", "position": "",
                  "province": "", "email": "", "phone": "", "locale": ""},
    )
    db.execute("CREATE UNIQUE INDEX idx_users_username ON users (username COLLATE NOCASE)")



@migrations()
def m002_courses_and_attempts(db):
    db["courses"].create(
        {
            "id": int, "code": str, "title_vi": str, "title_en": str,
            "starts_on": str, "ends_on": str, "place": str, "mode": str, "audience": str,
            "chapters": str,  # JSON list of chapter slugs
            "questions_per_chapter": int, "time_limit_minutes": int,
            "opens_at": str, "closes_at": str, "max_attempts": int, "pass_mark": int,
            "review_rule": str, "enrol_key_hash": str, "archived": int,
            "created_at": str, "updated_at": str,
        },
        pk="id",
        not_null={"code", "title_vi", "starts_on", "ends_on"},
        defaults={"place": "", "mode": "in_person", "audience": "", "chapters": "[]",
                  "questions_per_chapter": 2, "time_limit_minutes": 30, "max_attempts": 2,
                  "pass_mark": 70, "review_rule": "after_submit", "archived": 0},
    )
    db.execute("CREATE UNIQUE INDEX idx_courses_code ON courses (code COLLATE NOCASE)")
    db["enrolments"].create(
        {"id": int, "course_id": int, "user_id": int, "enrolled_at": str,
         "extra_attempts": int, "extra_minutes": int},
        pk="id", foreign_keys=[("course_id", "courses"), ("user_id", "users")],
        defaults={"extra_attempts": 0, "extra_minutes": 0},
    )
    db["enrolments"].create_index(["course_id", "user_id"], unique=True)
    db["attempts"].create(
        {
            "id": int, "kind": str, "user_id": int, "course_id": int, "chapter": str,
            "anon_token": str, "bank_version": str, "started_at": str, "deadline_at": str,
            "submitted_at": str, "score": int, "max_score": int, "percent": float,
            "passed": int, "pass_mark": int, "review_rule": str, "closes_at": str,
        },
        pk="id", foreign_keys=[("user_id", "users"), ("course_id", "courses")],
    )
    db["attempts"].create_index(["user_id", "course_id"])
    db["attempt_items"].create(
        {"attempt_id": int, "position": int, "question_id": str, "choice_order": str,
         "answer": str, "answered_at": str, "correct_keys": str, "correct": int},
        pk=("attempt_id", "position"), foreign_keys=[("attempt_id", "attempts")],
    )
    db["attempt_items"].create_index(["attempt_id", "question_id"], unique=True)
    db["audit_log"].create(
        {"id": int, "at": str, "user_id": int, "action": str, "detail": str}, pk="id")


@migrations()
def m003_certificates(db):
    db["certificates"].create(
        {"id": int, "course_id": int, "user_id": int, "code": str, "issued_at": str},
        pk="id", foreign_keys=[("course_id", "courses"), ("user_id", "users")],
        not_null={"code"})
    db["certificates"].create_index(["code"], unique=True)
    db["certificates"].create_index(["course_id", "user_id"], unique=True)


@migrations()
def m004_throttle(db):
    # One row per failed login, wrong course key or verify lookup; old rows are pruned.
    db["throttle"].create({"kind": str, "key": str, "at": float}, not_null={"kind", "key", "at"})
    db["throttle"].create_index(["kind", "key", "at"])


@migrations()
def m005_login_slips(db):
    # The generated passwords of a roster import, kept only until the organizer downloads the
    # login slips (each format once) or leaves; then the row is deleted.
    db["login_slips"].create(
        {"id": int, "course_id": int, "organizer_id": int, "created_at": float,
         "entries": str, "pdf_taken": int, "xlsx_taken": int},
        pk="id", foreign_keys=[("course_id", "courses"), ("organizer_id", "users")],
        not_null={"entries", "created_at"}, defaults={"pdf_taken": 0, "xlsx_taken": 0})
    db["login_slips"].create_index(["course_id", "organizer_id"])


@migrations()
def m006_sessions(db):
    # Server-side sessions: the signed cookie holds only this random id, so logging out,
    # deactivating an account or resetting its password ends every copy of the cookie.
    db["sessions"].create(
        {"id": str, "user_id": int, "created_at": float, "last_seen": float},
        pk="id", foreign_keys=[("user_id", "users")], not_null={"user_id", "last_seen"})
    db["sessions"].create_index(["user_id"])


@migrations()
def m006b_privacy(db):
    # Personal data (Law 91/2025/QH15): consent time, erasure, deletion requests, retention.
    db["users"].add_column("privacy_accepted_at", str)
    db["users"].add_column("anonymised_at", str)
    db["courses"].add_column("retention_years", int, not_null_default=5)
    db["courses"].add_column("purged_at", str)
    db["deletion_requests"].create(
        {"id": int, "user_id": int, "requested_at": str, "reason": str, "status": str,
         "handled_at": str, "handled_by": int},
        pk="id", foreign_keys=[("user_id", "users")], not_null={"user_id", "requested_at"},
        defaults={"status": "pending", "reason": ""})
    db["deletion_requests"].create_index(["status"])


@migrations()
def m005b_roster_imports(db):
    # A large roster import hashes its passwords in a background thread; this row tells any
    # worker how far it got and how it ended (counts, or the problems that stopped it).
    db["roster_imports"].create(
        {"id": int, "course_id": int, "organizer_id": int, "started_at": float,
         "updated_at": float, "status": str, "total": int, "hashed": int, "result": str},
        pk="id", foreign_keys=[("course_id", "courses"), ("organizer_id", "users")],
        not_null={"status", "started_at"}, defaults={"hashed": 0, "total": 0})
    db["roster_imports"].create_index(["course_id", "organizer_id"])


@migrations()
def m018_after_course(db):
    # Issue 18: sessions and attendance, the evaluation surveys, the course calendar. Before
    # m007: its settling of every enrolment asks core/requirements.py, which reads these.
    db["courses"].add_column("attendance_min_percent", int, not_null_default=0)
    db["courses"].add_column("survey_required", int, not_null_default=0)
    db["courses"].add_column("enrol_info", str, not_null_default="")
    db["course_sessions"].create(
        {"id": int, "course_id": int, "day": str, "part": str, "starts": str, "ends": str,
         "place": str, "online": int, "code": str},
        pk="id", foreign_keys=[("course_id", "courses")],
        not_null={"course_id", "day", "part", "starts", "ends", "code"},
        defaults={"place": "", "online": 0})
    db["course_sessions"].create_index(["course_id", "day"])
    # Who was there: personal data, erased with the account like attempts' names.
    db["attendance"].create(
        {"session_id": int, "user_id": int, "method": str},
        pk=("session_id", "user_id"),
        foreign_keys=[("session_id", "course_sessions"), ("user_id", "users")])
    db["attendance"].create_index(["user_id"])
    db["surveys"].create(
        {"id": int, "course_id": int, "kind": str, "opens_on": str, "closes_on": str,
         "closed": int},
        pk="id", foreign_keys=[("course_id", "courses")],
        not_null={"course_id", "kind", "opens_on", "closes_on"}, defaults={"closed": 0})
    db["surveys"].create_index(["course_id", "kind"], unique=True)
    db["survey_questions"].create(
        {"id": int, "survey_id": int, "position": int, "section": str, "kind": str,
         "text_vi": str, "text_en": str},
        pk="id", foreign_keys=[("survey_id", "surveys")],
        not_null={"survey_id", "position", "section", "kind", "text_vi"}, defaults={"text_en": ""})
    # Answers carry no account, no time and a random id: nothing joins them to a person, and
    # the order of the rows does not tell who answered first (core/surveys.py).
    db["survey_answers"].create(
        {"id": int, "survey_id": int, "question_id": int, "value": int, "comment": str},
        pk="id", foreign_keys=[("survey_id", "surveys"), ("question_id", "survey_questions")],
        not_null={"survey_id", "question_id"})
    db["survey_answers"].create_index(["question_id"])
    # Who has answered, so nobody answers twice; no time, so it cannot be matched to answers.
    db["survey_done"].create({"survey_id": int, "user_id": int}, pk=("survey_id", "user_id"),
                             foreign_keys=[("survey_id", "surveys"), ("user_id", "users")])


@migrations()
def m014c_certificate_numbers(db):
    # Each certificate's printed number "007/2026/TTCS-2026-01": its rank in the course, the
    # year of its issue (local day) and the course code, stored so that a later change of the
    # course code never renumbers paper already handed out. Before m007, whose settling issues
    # certificates (core/record.py writes the number); existing rows are numbered by issue.
    from quiz_server.core import certificates

    db["certificates"].add_column("serial", int)
    db["certificates"].add_column("number", str)
    rows = db.execute("SELECT c.id, c.course_id, c.issued_at, co.code FROM certificates c "
                      "JOIN courses co ON co.id = c.course_id "
                      "ORDER BY c.course_id, c.issued_at, c.id").fetchall()
    serials = {}
    for cert_id, course_id, issued_at, course_code in rows:
        serials[course_id] = serials.get(course_id, 0) + 1
        number = certificates.number(serials[course_id], issued_at, course_code)
        db.execute("UPDATE certificates SET serial = ?, number = ? WHERE id = ?",
                   [serials[course_id], number, cert_id])
    db.execute("CREATE UNIQUE INDEX idx_certificates_serial ON certificates (course_id, serial)")


@migrations()
def m007_record(db):
    # The record (core/record.py): an enrolment's outcome is stored when it is decided, and a
    # withdrawn certificate keeps its row, so only one live certificate per enrolment is unique.
    from quiz_server.core import record

    db["enrolments"].add_column("best_percent", float)
    db["enrolments"].add_column("passed", int)
    db["enrolments"].add_column("completed_at", str)
    db["certificates"].add_column("withdrawn_at", str)
    db["certificates"].add_column("withdrawn_reason", str)
    db.execute("DROP INDEX idx_certificates_course_id_user_id")
    db.execute("CREATE UNIQUE INDEX idx_certificates_live ON certificates (course_id, user_id) "
               "WHERE withdrawn_at IS NULL")
    db.execute("CREATE INDEX idx_attempts_open ON attempts (deadline_at) "
               "WHERE submitted_at IS NULL")
    # Certificates used to be issued when a page was viewed, even to erased accounts (issue 12):
    # decide every enrolment once now; what it withdraws belonged to erased accounts.
    now = datetime.now(UTC)
    for course_id, user_id in db.execute("SELECT course_id, user_id FROM enrolments").fetchall():
        record.settle(db, course_id, user_id, now, reason="erasure")


@migrations()
def m008_self_contained_items(db):
    # Each item points to a copy of its question (both languages, choices, key) kept in
    # ``question_copies`` under the hash of its text, so a question version is stored once however
    # many attempts hold it; ``frozen.backfill`` fills older attempts. ``answer_seq`` orders the
    # saves of an answer (milliseconds on the server's clock): an older save never replaces a newer.
    db["question_copies"].create({"key": str, "body": str}, pk="key", not_null={"body"})
    db["attempt_items"].add_column("question_key", str)
    db["attempt_items"].add_column("answer_seq", int, not_null_default=0)


@migrations()
def m014_visible_enrol_key(db):
    # The enrolment key is a class code read out in the room, not a password: organizers
    # must be able to read it back, so it is kept as typed beside its hash.
    db["courses"].add_column("enrol_key", str)
