"""Roster import: CSV and XLSX, all or nothing with row errors, NFC names, login slips once."""

import io
import json
import os
import re
import sqlite3
import threading
import time
import unicodedata

import pytest
from conftest import TRAINEE, csrf_token
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from quiz_server.app_db import get_db
from quiz_server.core import audit, courses, hashing, roster, roster_import, roster_jobs, slips
from quiz_server.core.users import authenticate, create_user
from quiz_server.web.roster_text import problem_message

HEADER = "full_name,unit,position,province,email,phone,username"
GOOD = [
    "Nguyễn Thị Ánh Tuyết,Sở Văn hóa,Chuyên viên,Điện Biên,tuyet@example.vn,0912345678,",
    "Đặng Văn Đức,Báo Nhân Dân,Phóng viên,Hà Nội,,,",
]


def csv_bytes(lines, bom=False):
    data = "\r\n".join(lines).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows):
    """A workbook whose text cells stay text, even those starting with "=" (no formulas)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
        for cell in book.active[book.active.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def course(app):
    with app.app_context():
        return courses.create_course(get_db(), app.extensions["question_bank"], code="R-1",
                                     title_vi="Khóa bồi dưỡng phát ngôn",
                                     starts_on="2026-12-01", ends_on="2026-12-03")


def counts(app):
    with app.app_context():
        db = get_db()
        return (db.execute("SELECT count(*) FROM users").fetchone()[0],
                db.execute("SELECT count(*) FROM enrolments").fetchone()[0],
                db.execute("SELECT count(*) FROM login_slips").fetchone()[0])


@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom(bom):
    entries = roster.parse(csv_bytes([HEADER, *GOOD], bom=bom))
    assert [e.full_name for e in entries] == ["Nguyễn Thị Ánh Tuyết", "Đặng Văn Đức"]
    assert entries[0].province == "Điện Biên" and entries[0].phone == "0912345678"
    assert [e.row for e in entries] == [2, 3]


def test_semicolon_csv_from_excel():
    entries = roster.parse(csv_bytes(["full_name;email", "Lê Thị Hoa;hoa@example.vn"]))
    assert entries[0].full_name == "Lê Thị Hoa" and entries[0].email == "hoa@example.vn"


def test_non_utf8_file_is_refused_with_a_clear_reason(app):
    data = "full_name\r\nNguyễn Văn An\r\n".encode("utf-16")
    with pytest.raises(roster.RosterError) as caught:
        roster.parse(data)
    with app.test_request_context():
        message = problem_message(caught.value.problems[0])
    assert caught.value.problems[0].code == "not_utf8"
    assert "UTF-8" in message and "CSV UTF-8" in message
    with pytest.raises(roster.RosterError) as caught:
        roster.parse("full_name\nJosé Müller\n".encode("latin-1"))
    assert caught.value.problems[0].params == {"position": 14}


def test_xlsx_with_vietnamese_template_headers():
    book = load_workbook(io.BytesIO(roster.template("xlsx")))
    sheet = book.active
    assert [c.value for c in sheet[1]] == list(roster.VI_HEADERS)
    sheet.append(["Phạm Thị Đào", "UBND xã Tả Phìn", "Cán bộ", "Lào Cai", "dao@example.vn",
                  912000111, "daopt"])
    out = io.BytesIO()
    book.save(out)
    entries = roster.parse(out.getvalue(), "danh-sach.xlsx")
    assert entries[0].full_name == "Phạm Thị Đào" and entries[0].username == "daopt"
    assert entries[0].phone == "0912000111"  # a number cell that lost its 0 gets it back


def test_csv_template_headers_are_accepted():
    template = roster.template("csv")
    assert template.startswith(b"\xef\xbb\xbf")
    entries = roster.parse(template + "Lý Văn Sơn,,,,,,\r\n".encode())
    assert entries[0].full_name == "Lý Văn Sơn"


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_names_in_nfc_and_nfd_are_stored_in_nfc(app, course, form):
    name = unicodedata.normalize(form, "Nguyễn Thị Ánh Tuyết")
    header = unicodedata.normalize(form, "Họ và tên,Tỉnh/thành phố")
    data = csv_bytes([header, f"{name},{unicodedata.normalize(form, 'Điện Biên')}"])
    with app.app_context():
        db = get_db()
        entries, result = roster_import.import_file(db, course.id, data)
        row = db.execute("SELECT full_name, province, username FROM users WHERE id = ?",
                         [entries[0].user_id]).fetchone()
    assert result == {"created": 1, "enrolled": 1}
    assert row[0] == unicodedata.normalize("NFC", "Nguyễn Thị Ánh Tuyết")
    assert row[1] == "Điện Biên" and row[2] == "tuyetnta"


def test_generated_usernames_are_readable_and_unique(app, course):
    with app.app_context():
        db = get_db()
        roster_import.import_file(db, course.id, csv_bytes(["full_name", "Nguyễn Văn An"]))
        entries, _ = roster_import.import_file(
            db, course.id, csv_bytes(["full_name", "Nguyễn Văn An", "Ngô Văn  An", "  "]))
    assert [e.username for e in entries] == ["annv2", "annv3"]
    assert roster.username_base("Đỗ Thị Ngọc Đường") == "duongdtn"


def test_an_existing_account_is_enrolled_not_duplicated(app, course):
    data = csv_bytes(["username,full_name", f"{TRAINEE[0].upper()},Trần Thị Học Viên",
                      "moi01,Lê Mới"])
    before = counts(app)
    with app.app_context():
        entries, result = roster_import.import_file(get_db(), course.id, data)
    assert result == {"created": 1, "enrolled": 2}
    assert entries[0].password is None and entries[1].password
    after = counts(app)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 2
    with app.app_context():
        assert authenticate(get_db(), "moi01", entries[1].password).must_change_password
        existing = authenticate(get_db(), *TRAINEE)  # its password is unchanged
        assert existing is not None and not existing.must_change_password


def test_passwords_are_hashed_at_full_strength_on_the_low_priority_pool(monkeypatch):
    priorities, original = [], hashing._hash

    def hash_and_note(password):
        priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return original(password)

    monkeypatch.setattr(hashing, "_hash", hash_and_note)
    passwords = [f"password-{n}" for n in range(6)]
    done = []
    hashes = hashing.generate_password_hashes(passwords, progress=done.append, batch=4)
    assert done == [4, 6] and priorities == [19] * 6
    assert all(h.startswith("$argon2id$v=19$m=19456,t=2,p=1$") for h in hashes)
    assert all(hashing.check_password_hash(h, p) for h, p in zip(hashes, passwords, strict=True))


BAD_FILES = {
    "missing name": ([HEADER, GOOD[0], ",Sở,,,,,"], [(3, "Thiếu họ và tên")]),
    "duplicate username": (["full_name,username", "An,an01", "Bình,AN01"],
                           [(3, "cũng được dùng ở dòng 2")]),
    "taken by another person": (["full_name,username", "Người Khác,tra"],
                                [(2, "thuộc về một người khác (Trần Thị Học Viên)")]),
    "organizer's username": (["full_name,username", "Nguyễn Văn Tổ Chức,org"],
                             [(2, "thuộc về một tài khoản ban tổ chức")]),
    "malformed email": (["full_name,email", "An,an@", "Bình,binh@example.vn", "Chi,c d@x.vn"],
                        [(2, "“an@” không phải là địa chỉ email hợp lệ"), (4, "c d@x.vn")]),
    "unknown column": (["full_name,ngày sinh,email", "An,1990,a@b.vn"],
                       [(1, "Cột “ngày sinh” không có trong mẫu")]),
    "markup in the file": (["full_name,<script>alert(1)</script>", "An,x"],
                           [(1, "Cột “&lt;script&gt;alert(1)&lt;/script&gt;”")]),
    "several problems": ([HEADER, ",,,,,,", ",x,,,,,", "An,,,,bad,,", GOOD[1]],
                         [(3, "Thiếu họ và tên"), (4, "không phải là địa chỉ email")]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_roster_writes_nothing_and_lists_every_row(app, client, auth, course, case):
    lines, expected = BAD_FILES[case]
    before = counts(app)
    auth.login_organizer()
    response = upload(client, csv_bytes(lines))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Không có dữ liệu nào được nhập" in page
    for row, text in expected:
        assert f"<tr><td>{row}</td><td>" in page
        assert text in page, text
    assert page.count("<tr><td>") == len(expected)
    assert counts(app) == before


def test_too_many_rows_and_too_big_files(app, client, auth, course):
    before = counts(app)
    auth.login_organizer()
    many = csv_bytes(["full_name"] + [f"Học viên {n}" for n in range(5001)])
    page = upload(client, many).get_data(as_text=True)
    assert "5001" in page.replace(".", "").replace(",", "") and "tối đa 5.000" in page
    big = csv_bytes(["full_name,unit"] + [f"An {n},{'x' * 190}" for n in range(11000)])
    assert len(big) > roster.MAX_BYTES
    response = upload(client, big)
    assert response.status_code == 400 and "lớn hơn 2 MB" in response.get_data(as_text=True)
    assert counts(app) == before


def test_an_upload_over_the_request_limit_is_refused_before_it_is_read(app, client, auth, course):
    auth.login_organizer()
    before = counts(app)
    response = upload(client, b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)
    assert counts(app) == before


def test_problems_in_english_for_an_english_organizer(app, client, auth, course):
    auth.login_organizer()
    client.get("/lang/en")
    page = upload(client, csv_bytes(["full_name,email", ",x@y.vn"])).get_data(as_text=True)
    assert "Nothing was imported" in page and "The full name is missing." in page


def upload(client, data, filename="roster.csv", confirm=True):
    """Upload a roster; when it is accepted, confirm its preview as the organizer would."""
    page = client.get("/organizer/courses/R-1/roster").get_data(as_text=True)
    response = client.post("/organizer/courses/R-1/roster", data={
        "csrf_token": csrf_token(page), "roster": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")
    if response.status_code != 200 or not confirm:
        return response
    preview = response.get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="(data|filename|digest)"[^>]*value="([^"]*)"',
                             preview))
    return client.post("/organizer/courses/R-1/roster/confirm",
                       data={"csrf_token": csrf_token(preview), **fields})


def session_data(app, client):
    cookie = client.get_cookie("session")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else {}


def test_import_then_slips_once_each_then_gone(app, client, auth, course):
    auth.login_organizer()
    names = ["=HYPERLINK(\"http://evil.example\",\"x\")", "Nguyễn Thị Ánh Tuyết", "+Lê Văn Cộng"]
    data = xlsx_bytes([["Họ và tên", "Email"]] + [[n, ""] for n in names])
    response = upload(client, data, "danh-sach.xlsx")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/organizer/courses/R-1/slips")
    page = client.get("/organizer/courses/R-1/slips").get_data(as_text=True)
    assert "3 phiếu đăng nhập" in page and "3 tài khoản mới" in page

    xlsx = client.get("/organizer/courses/R-1/slips.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    by_name = {r[0]: r for r in rows}
    assert set(by_name) == set(names)  # text as typed, no apostrophe, never a formula
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row)
    assert all(r[3] == "R-1 — Khóa bồi dưỡng phát ngôn" for r in rows)
    assert all(r[4] == "http://127.0.0.1:8000/quiz/login" for r in rows)
    assert client.get("/organizer/courses/R-1/slips.xlsx").status_code == 410
    with app.app_context():
        user = authenticate(get_db(), by_name[names[1]][1], by_name[names[1]][2])
        assert user is not None and user.full_name == names[1]
        assert get_db().execute("SELECT count(*) FROM login_slips").fetchone()[0] == 1

    pdf = client.get("/organizer/courses/R-1/slips.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    for name in names:
        assert name in text
    assert by_name[names[1]][2] in text and "Phiếu đăng nhập" in text
    assert client.get("/organizer/courses/R-1/slips.pdf").status_code == 410
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM login_slips").fetchone()[0] == 0
        entries = [e for e in audit.recent(get_db()) if not e["action"].startswith("auth.")]
        actions = [e["action"] for e in entries]
        detail = json.loads(entries[-1]["detail"])
    assert actions == ["roster.slips", "roster.slips", "roster.import"]
    assert detail["created"] == 3 and detail["course"] == "R-1"
    passwords = [r[2] for r in rows]
    assert not any(p in json.dumps(session_data(app, client)) for p in passwords)


def test_slips_are_gone_after_a_later_visit_or_expiry(app, client, auth, course):
    auth.login_organizer()
    upload(client, csv_bytes(["full_name", "Lê Văn Một"]))
    client.get("/organizer/courses/R-1")  # the organizer moved on
    assert counts(app)[2] == 0
    assert client.get("/organizer/courses/R-1/slips.pdf").status_code == 410
    with app.app_context():
        db = get_db()
        slips.store(db, course.id, 1, [{"full_name": "A", "username": "a", "password": "p"}],
                    now=1000)
        assert slips.pending(db, course.id, 1, now=1000 + slips.KEEP_SECONDS - 1)
        assert slips.take(db, course.id, 1, "pdf", now=1000 + slips.KEEP_SECONDS + 1) is None
        slips.purge(db, now=1000 + slips.KEEP_SECONDS + 1)
        assert db.execute("SELECT count(*) FROM login_slips").fetchone()[0] == 0


def test_slips_belong_to_the_organizer_who_imported(app, client, auth, course, runner):
    runner.invoke(args=["create-organizer", "org2"], input="organizer-password-2\n")
    auth.login_organizer()
    upload(client, csv_bytes(["full_name", "Lê Văn Một"]))
    auth.logout()
    auth.login("org2", "organizer-password-2")
    assert client.get("/organizer/courses/R-1/slips.pdf").status_code == 410


def test_templates_download(client, auth):
    auth.login_organizer()
    csv_file = client.get("/organizer/roster-template.csv")
    assert csv_file.data.decode("utf-8-sig").startswith("Họ và tên,Đơn vị")
    xlsx = client.get("/organizer/roster-template.xlsx")
    assert load_workbook(io.BytesIO(xlsx.data)).active["A1"].value == "Họ và tên"
    assert client.get("/organizer/roster-template.pdf").status_code == 404


def test_cli_import_roster(app, runner, course, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(["full_name,email", ",a@b.vn", "An,an@"]))
    result = runner.invoke(args=["import-roster", "R-1", str(bad), "--lang", "en"])
    assert result.exit_code == 1
    assert "row 2: The full name is missing." in result.output
    assert "row 3: “an@” is not a valid email address." in result.output
    assert "Nothing was written" in result.output
    good = tmp_path / "khoa-r1.csv"
    good.write_bytes(csv_bytes([HEADER, *GOOD], bom=True))
    before = counts(app)
    result = runner.invoke(args=["import-roster", "R-1", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 new account(s), 2 enrolled" in result.output
    assert counts(app)[:2] == (before[0] + 2, before[1] + 2)
    pdf, xlsx = tmp_path / "khoa-r1-slips.pdf", tmp_path / "khoa-r1-slips.xlsx"
    assert pdf.stat().st_mode & 0o777 == 0o600
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value == "Họ và tên" and sheet["B2"].value == "tuyetnta"
    with app.app_context():
        assert authenticate(get_db(), "tuyetnta", sheet["C2"].value) is not None
    assert "Đặng Văn Đức" in PdfReader(pdf).pages[0].extract_text()


def test_a_large_import_runs_in_the_background_and_shows_progress(app, client, auth, course):
    rows = ["full_name,province"] + [f"Học viên Số {n},Sơn La" for n in range(25)]
    assert roster_jobs.INLINE_ACCOUNTS < 25
    before = counts(app)
    auth.login_organizer()
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 303
    for thread in threading.enumerate():
        if thread.name.startswith("roster-import-"):
            thread.join(60)
    page = client.get("/organizer/courses/R-1/slips")
    assert "Refresh" not in page.headers
    text = page.get_data(as_text=True)
    assert "25 tài khoản mới, 25 học viên được ghi danh" in text and "25 phiếu đăng nhập" in text
    assert counts(app)[:2] == (before[0] + 25, before[1] + 25)
    sheet = load_workbook(io.BytesIO(client.get("/organizer/courses/R-1/slips.xlsx").data)).active
    assert sheet.max_row == 26
    with app.app_context():
        assert authenticate(get_db(), sheet["B2"].value, sheet["C2"].value) is not None
        detail = json.loads(audit.recent(get_db())[1]["detail"])
    assert detail["created"] == 25 and detail["file"] == "roster.csv"


def test_progress_page_reloads_while_running_and_tells_when_interrupted(app, client, auth,
                                                                        course):
    now = time.time()
    with app.app_context():
        get_db()["roster_imports"].insert({
            "course_id": course.id, "organizer_id": 1, "started_at": now, "updated_at": now,
            "status": "running", "total": 3000, "hashed": 1200})
    auth.login_organizer()
    page = client.get("/organizer/courses/R-1/slips")
    assert page.headers["Refresh"] == "3"
    assert "đã chuẩn bị mật khẩu cho 1200 trên 3000 tài khoản mới" in page.get_data(as_text=True)
    with app.app_context():
        get_db().execute("UPDATE roster_imports SET updated_at = ?",
                         [now - roster_jobs.STALE_SECONDS - 1])
    page = client.get("/organizer/courses/R-1/slips")
    assert "Refresh" not in page.headers
    assert "bị dừng trước khi hoàn tất" in page.get_data(as_text=True)


def test_a_background_import_that_meets_a_taken_username_writes_nothing(app, course):
    data = csv_bytes(["full_name"] + [f"Nguyễn Văn Bảy {n}" for n in range(25)])
    with app.app_context():
        db = get_db()
        entries = roster.plan(db, roster.parse(data))
        # Someone takes a generated username while the passwords are being hashed.
        create_user(db, entries[7].username, "x" * 12, "trainee", "Người Khác")
        before = counts(app)
        roster_jobs.start(db, app.config["DATABASE"], course.id, 1, entries, "late.csv").join(60)
        job = roster_jobs.latest(db, course.id, 1)
    assert job["status"] == "failed"
    assert [(p.row, p.code) for p in job["problems"]] == [(9, "username_taken")]
    assert counts(app) == before


def failing_slips(monkeypatch):
    def store(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(slips, "store", store)


@pytest.mark.parametrize("size", [3, 25], ids=["in the request", "in the background"])
def test_an_import_whose_slips_cannot_be_written_writes_nothing_and_says_why(
        app, client, auth, course, monkeypatch, size):
    before = counts(app)
    failing_slips(monkeypatch)
    auth.login_organizer()
    client.get("/lang/en")
    names = [f"Phạm Văn Mười {n}" for n in range(size)]
    response = upload(client, csv_bytes(["full_name", *names]))
    for thread in threading.enumerate():
        if thread.name.startswith("roster-import-"):
            thread.join(60)
    assert counts(app) == before  # no account, no enrolment, no slip
    with app.app_context():
        job = roster_jobs.latest(get_db(), course.id, 1)
        assert not [a for a in audit.recent(get_db()) if a["action"] == "roster.import"]
    assert job["status"] == "failed"
    assert [(p.code, p.params) for p in job["problems"]] == [
        ("write_failed", {"reason": "OperationalError: disk I/O error"})]
    text = (response if size == 3 else client.get("/organizer/courses/R-1/slips"))
    assert "The import stopped and nothing was written" in text.get_data(as_text=True)
    assert "disk I/O error" in text.get_data(as_text=True)


def test_a_cli_import_whose_slip_files_cannot_be_written_writes_nothing(
        app, runner, course, tmp_path, monkeypatch):
    good = tmp_path / "khoa.csv"
    good.write_bytes(csv_bytes([HEADER, *GOOD]))
    before = counts(app)

    def no_files(*_args):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(slips, "write_files", no_files)
    result = runner.invoke(args=["import-roster", "R-1", str(good), "--lang", "en"])
    assert result.exit_code == 1 and "Nothing was written" in result.output
    assert "read-only folder" in result.output
    assert counts(app) == before
    with app.app_context():
        assert get_db().execute("SELECT status FROM roster_imports").fetchone()[0] == "failed"
