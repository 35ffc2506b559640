"""Certificates withdrawn by a regrade or an erasure, code collisions, erasure that cannot be
blocked, and review after the course's current close time (issue 12, cases 2, 6, 9, 10)."""

import io
import zipfile
from datetime import timedelta

import pytest
import yaml
from conftest import OTHER_TRAINEE, TRAINEE, AuthActions, csrf_token
from test_record import (
    NOW,
    answer_all,
    bank_of,
    live_codes,
    make_course,
    organizer,
    start,
    take,
    uid_of,
)

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import attempts, certificates, courses, erasure, record, regrade, users
from quiz_server.core.users import create_user


def certificate_rows(db):
    return db.execute("SELECT user_id, code, withdrawn_at, withdrawn_reason FROM certificates "
                      "ORDER BY id").fetchall()


def verify_texts(app, code):
    """The verify page's main text in Vietnamese and in English."""
    pages = []
    for lang in ("vi", "en"):
        client = app.test_client()
        client.get(f"/lang/{lang}")
        response = client.get(f"/verify/{code}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        pages.append(page[page.index("<main"):page.index("</main>")])
    return pages


# Case 2: an erased person never gets a certificate again -----------------------------------

def erase_through_the_pages(app, username):
    """The person asks for deletion; an organizer carries it out on the web page."""
    client = app.test_client()
    AuthActions(client).login(*(TRAINEE if username == TRAINEE[0] else OTHER_TRAINEE))
    page = client.get("/account/data").get_data(as_text=True)
    client.post("/account/deletion", data={"csrf_token": csrf_token(page), "reason": "xin xóa",
                                           "confirmed": "yes"})
    staff = organizer(app)
    page = staff.get("/organizer/deletion-requests").get_data(as_text=True)
    with app.app_context():
        (pending,) = erasure.pending_requests(get_db())
    response = staff.post(f"/organizer/deletion-requests/{pending['id']}/erase",
                          data={"csrf_token": csrf_token(page), "confirmed": "yes"})
    assert response.status_code == 302
    return staff, pending["user_id"]


def test_pass_erase_then_every_page_that_used_to_issue_then_verify(app, runner, tmp_path):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        take(app, db, course, TRAINEE[0])
        (code,) = live_codes(db, course.id).values()
    assert "genuine" in verify_texts(app, code)[1]
    staff, erased_id = erase_through_the_pages(app, TRAINEE[0])
    # Every page that called certificates.ensure() before issue 12, then the CLI export.
    for page in ("/organizer/courses/REC-1", "/organizer/courses/REC-1/completions.csv",
                 "/organizer/courses/REC-1/completions.xlsx"):
        assert staff.get(page).status_code == 200, page
    assert staff.get(f"/organizer/courses/REC-1/trainees/{erased_id}/certificate.pdf"
                     ).status_code == 404
    archive = zipfile.ZipFile(io.BytesIO(staff.get("/organizer/courses/REC-1/certificates.zip"
                                                   ).data))
    assert archive.namelist() == []
    other = app.test_client()
    AuthActions(other).login(*OTHER_TRAINEE)
    assert other.get("/").status_code == 200
    assert runner.invoke(args=["export-completions", "REC-1", "--output",
                               str(tmp_path / "x.xlsx")]).exit_code == 0
    with app.app_context():
        db = get_db()
        assert certificate_rows(db) == [(erased_id, code, db.execute(
            "SELECT withdrawn_at FROM certificates").fetchone()[0], "erasure")]
        assert live_codes(db, course.id) == {}
        # Even a regrade or a new event for the account issues nothing.
        assert record.settle(db, course.id, erased_id, NOW) is False
        assert live_codes(db, course.id) == {}
    vi, en = verify_texts(app, code)
    assert "đã bị thu hồi" in vi and "withdrawn" in en
    for main in (vi, en):
        assert "genuine" not in main and "là thật" not in main


def test_purge_withdraws_and_moves_the_certificate_off_a_kept_account(app):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        take(app, db, course, TRAINEE[0])
        (code,) = live_codes(db, course.id).values()
        other = courses.create_course(db, bank_of(app), code="REC-2", title_vi="Khóa khác",
                                      starts_on="2027-01-01", ends_on="2027-01-31")
        tra = uid_of(db, TRAINEE[0])
        courses.enrol(db, other.id, tra)
        courses.set_archived(db, course.id, True)
        assert erasure.purge_course(db, course.id) == {"erased": 1, "detached": 1}
        (holder, kept, withdrawn_at, reason), = certificate_rows(db)
        assert (kept, reason) == (code, "erasure") and withdrawn_at and holder != tra
    assert "đã bị thu hồi" in verify_texts(app, code)[0]


# Regrade: withdrawal with the reason, and a new pass issued in the same transaction ---------

def edit_key(app, tmp_path, question_id, answer):
    """Change one answer key in the bank's files and restart the app, as an organizer would."""
    path = tmp_path / "questions" / {"01": "01-alpha.yml", "02": "02-beta.yml"}[question_id[:2]]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(q for q in data["questions"] if q["id"] == question_id)["answer"] = answer
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return create_app(dict(app.config))


def test_a_regrade_withdraws_a_lost_pass_and_verify_says_so(app, tmp_path):
    course = make_course(app, code="REC-R", pass_mark=100)
    with app.app_context():
        db = get_db()
        passed = take(app, db, course, TRAINEE[0])
        (code,) = live_codes(db, course.id).values()
        question = bank_of(app).questions[passed.items[0].question_id]
    wrong = [k for k in question.keys if k not in question.answer][:1]
    restarted = edit_key(app, tmp_path, question.id, wrong)
    with restarted.app_context():
        db = get_db()
        _, changes, withdrawn = regrade.apply(db, restarted.extensions["question_bank"],
                                              course.id, NOW + timedelta(days=1))
        assert [(c.old_passed, c.new_passed) for c in changes] == [(True, False)]
        assert withdrawn == 1 and live_codes(db, course.id) == {}
        ((_, kept, withdrawn_at, reason),) = certificate_rows(db)
        assert (kept, withdrawn_at, reason) == (
            code, (NOW + timedelta(days=1)).isoformat(), "regrade")
        assert courses.enrolment(db, course.id, uid_of(db, TRAINEE[0]))["passed"] == 0
    vi, en = verify_texts(restarted, code)
    assert "25/11/2026" in vi and "đã bị thu hồi" in vi
    assert "25 Nov 2026" in en and "withdrawn" in en and "genuine" not in en


def test_a_regrade_that_gives_a_pass_issues_the_certificate(app, tmp_path):
    course = make_course(app, code="REC-G", pass_mark=100)
    with app.app_context():
        db = get_db()
        bank = bank_of(app)
        attempt_id = start(app, db, course, TRAINEE[0])
        items = attempts.load_attempt(db, attempt_id).items
        given = {i.question_id: ["d"] if bank.questions[i.question_id].type == "single"
                 else sorted(bank.questions[i.question_id].answer) for i in items}
        attempts.save_answers(db, bank, attempt_id, given, NOW)
        assert not attempts.submit(db, bank, attempt_id, NOW).passed
    restarted = app
    for question_id, keys in given.items():  # the single-choice keys become "d", as given
        if keys == ["d"]:
            restarted = edit_key(restarted, tmp_path, question_id, keys)
    with restarted.app_context():
        db = get_db()
        _, changes, withdrawn = regrade.apply(db, restarted.extensions["question_bank"],
                                              course.id, NOW)
        assert withdrawn == 0 and [c.new_passed for c in changes] == [True]
        assert list(live_codes(db, course.id)) == [uid_of(db, TRAINEE[0])]
        assert len(certificate_rows(db)) == 1


# Case 6: a code collision raises inside the insert and is drawn again -----------------------

def test_a_code_collision_is_drawn_again_never_dropped(app, monkeypatch):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        take(app, db, course, TRAINEE[0])
        (taken,) = live_codes(db, course.id).values()
        draws = iter([taken, taken, "ZZZZ-ZZZZ-ZZZZ-ZZZ2"])
        monkeypatch.setattr(certificates, "new_code", lambda: next(draws))
        take(app, db, course, OTHER_TRAINEE[0])
        codes = live_codes(db, course.id)
    assert sorted(codes.values()) == sorted([taken, "ZZZZ-ZZZZ-ZZZZ-ZZZ2"])
    assert len(codes) == 2


def test_codes_that_always_collide_leave_nothing_written(app, monkeypatch):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        take(app, db, course, TRAINEE[0])
        (taken,) = live_codes(db, course.id).values()
        draws = []
        monkeypatch.setattr(certificates, "new_code", lambda: draws.append(taken) or taken)
        attempt_id = start(app, db, course, OTHER_TRAINEE[0])
        answer_all(app, db, attempt_id, True, NOW)
        with pytest.raises(RuntimeError, match="no free certificate code in 5 draws"):
            attempts.submit(db, bank_of(app), attempt_id, NOW)
        assert len(draws) == 5
        assert not attempts.load_attempt(db, attempt_id).submitted  # the submit rolled back
        assert len(live_codes(db, course.id)) == 1


# Case 9: no username blocks an erasure --------------------------------------------------------

def test_an_account_named_deleted_id_does_not_block_erasing_that_person(app):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        take(app, db, course, TRAINEE[0])
        squatter = create_user(db, f"deleted-{uid_of(db, TRAINEE[0])}", "x" * 12, "trainee",
                               "Người trùng tên")
    staff, erased_id = erase_through_the_pages(app, TRAINEE[0])
    with app.app_context():
        db = get_db()
        erased = db.execute("SELECT username, full_name, anonymised_at FROM users WHERE id = ?",
                            [erased_id]).fetchone()
        assert erased[0].startswith(f"deleted-{erased_id}-") and erased[1] == "" and erased[2]
        assert db.execute("SELECT full_name FROM users WHERE id = ?",
                          [squatter]).fetchone()[0] == "Người trùng tên"
        assert live_codes(db, course.id) == {}


def test_purge_course_purges_although_a_deleted_id_account_exists(app, runner):
    course = make_course(app)
    with app.app_context():
        db = get_db()
        for username in (TRAINEE[0], OTHER_TRAINEE[0]):
            take(app, db, course, username)
            create_user(db, f"deleted-{uid_of(db, username)}", "x" * 12, "trainee", "Trùng")
        courses.set_archived(db, course.id, True)
    result = runner.invoke(args=["purge-course", "REC-1", "--yes"])
    assert result.exit_code == 0, result.output
    assert "2 account(s) erased" in result.output
    with app.app_context():
        db = get_db()
        assert users.find_row(db, TRAINEE[0]) is None
        assert users.find_row(db, OTHER_TRAINEE[0]) is None
        assert live_codes(db, course.id) == {}
        assert db.execute("SELECT purged_at FROM courses").fetchone()[0]


# Case 10: "after close" review follows the course's current close time -----------------------

def test_moving_the_close_later_delays_after_close_review(app):
    first_close, new_close = NOW + timedelta(hours=1), NOW + timedelta(hours=3)
    course = make_course(app, code="REC-C", review_rule="after_close",
                         closes_at=first_close.isoformat())
    with app.app_context():
        db = get_db()
        graded = take(app, db, course, TRAINEE[0])
        assert graded.review_allowed(first_close)
        settings = {field: getattr(course, field) for field in (
            "code", "title_vi", "title_en", "starts_on", "ends_on", "chapters",
            "questions_per_chapter", "time_limit_minutes", "max_attempts", "pass_mark",
            "review_rule", "opens_at")}
        moved = courses.update_course(db, bank_of(app), course.id, **settings,
                                      closes_at=new_close.isoformat())
        between = first_close + timedelta(hours=1)
        assert moved.is_open(between)  # others can still start the test
        again = attempts.load_attempt(db, graded.id)
        assert not again.review_allowed(between)
        assert again.review_allowed(new_close)
