"""Issue 14 from the outside, where the other tests stop at the core: the port `make run`
binds on the slips, a legacy control character in the export, look-alike usernames and a NUL
typed in the organizer's own forms."""

import csv
import io
import re
import time
from pathlib import Path

import pytest
from conftest import SEED, csrf_token, write_bank
from openpyxl import load_workbook
from test_roster_files import (
    SHEET,
    confirm_fields,
    make_course,
    patched,
    post_roster,
    user_count,
    xlsx,
)

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.core import courses, roster_read, users
from quiz_server.db import close_thread_connections, migrate


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The app as `make run PORT=8102` starts it: QUIZ_PUBLIC_URL in the environment."""
    monkeypatch.setenv("QUIZ_PUBLIC_URL", "http://127.0.0.1:8102")
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "DATABASE": str(tmp_path / "quiz.sqlite"),
                      "QUESTIONS_DIR": str(write_bank(tmp_path / "questions"))})
    with app.app_context():
        migrate(get_db())
        get_db().conn.executescript(SEED)
    yield app
    close_thread_connections()


def test_the_login_slips_carry_the_port_make_run_binds(app, client, auth):
    with app.app_context():
        make_course(app, "C-1")
    auth.login_organizer()
    preview = post_roster(client, "C-1", "Họ tên\nLê Thị Hoa\n".encode()).get_data(as_text=True)
    assert client.post("/organizer/courses/C-1/roster/confirm",
                       data=confirm_fields(preview)).status_code == 303
    sheet = load_workbook(io.BytesIO(client.get("/organizer/courses/C-1/slips.xlsx").data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("127.0.0.1:8102" in c for c in cells) and not any(":8000" in c for c in cells)


def enrol_legacy(app, email, full_name="Lê Thị Hoa"):
    """A trainee whose row predates the rules (written straight into SQLite, as old data is)."""
    with app.app_context():
        db = get_db()
        course = make_course(app, "C-1")
        uid = users.create_user(db, "hoalt", "password-long-1", "trainee", "Lê Thị Hoa")
        db.execute("UPDATE users SET email = ?, full_name = ? WHERE id = ?",
                   [email, full_name, uid])
        courses.enrol(db, course.id, uid)


def test_a_control_character_in_an_email_does_not_break_the_xlsx_export(app, client, auth):
    enrol_legacy(app, "hoa\x01@a.vn", "Lê\x00Thị Hoa")
    auth.login_organizer()
    response = client.get("/organizer/courses/C-1/completions.xlsx")
    assert response.status_code == 200
    row = [c.value for c in next(load_workbook(io.BytesIO(response.data)).active.iter_rows(
        min_row=2))]
    assert "hoa\ufffd@a.vn" in row and "Lê\ufffdThị Hoa" in row
    assert client.get("/organizer/courses/C-1/completions.csv").status_code == 200


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_csv_download_holds_no_formula_whatever_the_separator(app, client, auth, separator):
    enrol_legacy(app, "x;=1+1;@a.vn")
    auth.login_organizer()
    text = client.get("/organizer/courses/C-1/completions.csv").data.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=separator) for c in row]
    assert any("1+1" in c for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells


def new_organizer(client, username, full_name="Người giả"):
    page = client.get("/organizer/organizers/new").get_data(as_text=True)
    return client.post("/organizer/organizers/new", data={
        "csrf_token": csrf_token(page), "username": username, "full_name": full_name})


@pytest.mark.parametrize("username", [
    "\u043erg1",   # Cyrillic о
    "\u03bfrg1",   # Greek ο
    "or\u0261" "1",  # Latin small letter script g
    "\u1d0frg1",   # Latin letter small capital o
    "org1\u200b",  # zero-width space
    "org1\u00ad",  # soft hyphen
    "\uff4frg1",   # fullwidth o
    "ORG1", "Org1",
])
def test_no_username_poses_as_org1(app, client, auth, username):
    with app.app_context():
        users.create_user(get_db(), "org1", "password-long-1", "organizer", "Tổ chức 1")
    before = user_count(app)
    auth.login_organizer()
    response = new_organizer(client, username)
    assert response.status_code == 400 and 'id="username-error"' in response.get_data(
        as_text=True)
    assert user_count(app) == before


def test_vietnamese_usernames_typed_in_any_case_or_form_are_one(app, client, auth):
    auth.login_organizer()
    assert new_organizer(client, "Đức.Lê").status_code == 200
    before = user_count(app)
    for same in ("đức.lê", "ĐỨC.LÊ", "Đu\u031b\u0301c.Le\u0302"):  # the last one NFD
        assert new_organizer(client, same).status_code == 400, same
    assert user_count(app) == before


def test_a_nul_in_a_name_is_refused_in_the_form_and_the_roster(app, client, auth):
    with app.app_context():
        make_course(app, "C-1")
    before = user_count(app)
    auth.login_organizer()
    response = new_organizer(client, "nguoimoi", "Lê\x00Hoa")
    assert response.status_code == 400
    assert "ký tự ẩn hoặc ký tự điều khiển" in response.get_data(as_text=True)
    response = post_roster(client, "C-1", "Họ tên\nLê\x00Hoa\n".encode())
    assert response.status_code == 400 and 'class="problems"' in response.get_data(as_text=True)
    assert user_count(app) == before


def test_the_trainee_list_is_in_vietnamese_order_and_filters_by_unit(app, client, auth):
    people = [("Trần Văn Ánh", "Sở A"), ("Lê Thị An", "Sở B"), ("Đỗ Đức", "Sở A"),
              ("Nguyễn Văn Dũng", "Sở B"), ("Âu Thị Ân", "Sở A"), ("Bùi Văn Anh", "Sở A")]
    with app.app_context():
        db, course = get_db(), make_course(app, "C-1")
        for n, (name, unit) in enumerate(people):
            uid = users.create_user(db, f"hv{n}", "password-long-1", "trainee", name, unit=unit)
            courses.enrol(db, course.id, uid)
    auth.login_organizer()

    def listed(query=""):
        page = client.get(f"/organizer/courses/C-1{query}").get_data(as_text=True)
        table = page.split('class="trainees"')[1].split("</table>")[0]
        return re.findall(r'/trainees/\d+">([^<]+)</a>', table)

    # By given name, as Vietnamese lists are: An, Anh, Ánh, Ân, Dũng, Đức.
    assert listed() == ["Lê Thị An", "Bùi Văn Anh", "Trần Văn Ánh", "Âu Thị Ân",
                        "Nguyễn Văn Dũng", "Đỗ Đức"]
    assert listed("?unit=Sở B") == ["Lê Thị An", "Nguyễn Văn Dũng"]


def test_account_search_on_the_page_ignores_case_and_diacritics(app, client, auth):
    with app.app_context():
        for n, name in enumerate(("Nguyễn Văn Đức", "Đặng Thị Hoa", "Lê Đức Anh")):
            users.create_user(get_db(), f"u{n}", "password-long-1", "trainee", name)
    auth.login_organizer()
    for query in ("đức", "ĐỨC", "Nguyen Van Duc", "duc"):
        page = client.get("/organizer/accounts", query_string={"q": query}).get_data(
            as_text=True)
        assert "Nguyễn Văn Đức" in page and "Đặng Thị Hoa" not in page, query


def test_the_readme_says_why_the_csv_keeps_its_guard():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    said = " ".join(readme.split())
    assert "CSV has no types, so it keeps a guard" in said and "x;=1+1;@a.vn" in said
    assert "XLSX cells are typed" in said and "no apostrophe" in said


def test_a_control_character_in_old_data_does_not_break_the_annual_report(app, client, auth):
    enrol_legacy(app, "hoa@a.vn")
    with app.app_context():
        get_db().execute("UPDATE users SET position = 'Chuyên\x01viên'")
        get_db().execute("UPDATE courses SET place = 'Huế\x0b'")
    auth.login_organizer()
    response = client.get("/organizer/reports/annual.xlsx?year=2026")
    assert response.status_code == 200
    cells = [c.value for sheet in load_workbook(io.BytesIO(response.data)).worksheets
             for row in sheet.iter_rows() for c in row]
    assert "Huế\ufffd" in cells and "Chuyên\ufffdviên" in cells


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10)
    for i in range(7)) + b"]>")


def late_doctype(body):
    """Entities declared after a 5 KB comment, past where the first look for a DOCTYPE reads."""
    return (b'<?xml version="1.0"?><!--' + b"x" * 5000 + b"-->" + LAUGHS
            + body.replace(b"An", b"&h;"))


def utf16_doctype(body):
    """The same in UTF-16, where no byte reads ``<!DOCTYPE``."""
    return ('<?xml version="1.0" encoding="UTF-16"?>' + LAUGHS.decode()
            + body.decode().replace("An", "&h;")).encode("utf-16")


@pytest.mark.parametrize(("change", "code"), [(late_doctype, "xml_entities"),
                                              (utf16_doctype, "bad_xlsx")])
def test_hidden_entity_declarations_are_refused_quickly(app, client, auth, change, code):
    data = patched(xlsx([["Họ và tên"], ["An"]]), SHEET, change)
    with pytest.raises(roster_read.ReadError) as caught:  # before openpyxl and defusedxml
        roster_read.check_zip(data)
    assert caught.value.code == code
    with app.app_context():
        make_course(app, "C-1")
    before = user_count(app)
    auth.login_organizer()
    started = time.perf_counter()
    response = post_roster(client, "C-1", data, "ds.xlsx")
    assert time.perf_counter() - started < 2
    assert response.status_code == 400 and 'class="problems"' in response.get_data(as_text=True)
    assert user_count(app) == before


def test_the_annual_report_reads_figures_with_the_readers_decimal_sign(app, client, auth):
    from pypdf import PdfReader
    from test_annual_report import two_courses

    with app.app_context():
        two_courses(get_db(), app.extensions["question_bank"])
    auth.login_organizer()
    for lang, shown, hidden in (("vi", "33,3", "33.3"), ("en", "33.3", "33,3")):
        page = client.get(f"/organizer/reports/annual?year=2026&lang={lang}").get_data(
            as_text=True)
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
        assert shown in cells and hidden not in cells, lang
        pdf = client.get(f"/organizer/reports/annual.pdf?year=2026&lang={lang}").data
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert shown in text and hidden not in text, lang


def test_survey_means_read_with_the_readers_decimal_sign(app, client, auth):
    from after_course import add_trainee, answer
    from test_surveys import DAY, course_with_survey

    from quiz_server.core import surveys

    with app.app_context():
        db = get_db()
        course, survey = course_with_survey(db, app.extensions["question_bank"])
        for name, value in (("a", 5), ("b", 4)):
            user = add_trainee(db, name, name)
            courses.enrol(db, course.id, user)
            answer(db, survey, user, value, DAY, "")
        surveys.close(db, survey)
    auth.login_organizer()
    for lang, shown in (("vi", "4,5/5"), ("en", "4.5 of 5")):
        page = client.get(f"/organizer/courses/K1/surveys/{survey.id}?lang={lang}")
        assert shown in page.get_data(as_text=True), lang
        course_page = client.get(f"/organizer/courses/K1?lang={lang}").get_data(as_text=True)
        assert shown in course_page, lang


def test_the_pages_of_a_filtered_trainee_list_keep_the_filter(app, client, auth):
    with app.app_context():
        db, course = get_db(), make_course(app, "C-1")
        for n in range(130):
            db["users"].insert({"username": f"hv{n:03d}", "password_hash": "x", "role": "trainee",
                                "full_name": f"Học viên {n:03d}", "created_at": "2026-11-01",
                                "province": "Hà Nội" if n < 110 else "Huế"})
            courses.enrol(db, course.id, db.execute("SELECT last_insert_rowid()").fetchone()[0])
    auth.login_organizer()
    first = client.get("/organizer/courses/C-1?province=Hà Nội").get_data(as_text=True)
    assert "110" in first.split('class="matching"')[1].split("</p>")[0]
    links = re.findall(r'href="(/organizer/courses/C-1\?[^"]*page=3[^"]*)"', first)
    assert links and all("province=H%C3%A0+N%E1%BB%99i" in link for link in links)
    last = client.get(links[0].replace("&amp;", "&")).get_data(as_text=True)
    listed = last.split('class="trainees"')[1].split("</table>")[0]
    assert listed.count("<tr>") == 1 + 10 and "Huế" not in listed
