"""Rosters as organizers have them (STT, Họ tên, formulas, numbers) and as attackers make them."""

import io
import re
import time
import tracemalloc
import unicodedata
import zipfile

import pytest
from conftest import csrf_token
from openpyxl import Workbook

from quiz_server.app_db import get_db
from quiz_server.core import courses, roster, roster_import, users
from quiz_server.core.users import UserError, create_user


def xlsx(rows, chart_first=False):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if chart_first:
        book.create_chartsheet("Biểu đồ", 0)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patched(data, member, change):
    """The XLSX ``data`` with ``member`` rewritten by ``change(bytes) -> bytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, change(body) if info.filename == member else body)
    return out.getvalue()


def codes(data, filename="roster.xlsx"):
    with pytest.raises(roster.RosterError) as caught:
        roster.parse(data, filename)
    return [p.code for p in caught.value.problems]


SHEET = "xl/worksheets/sheet1.xml"


def test_vietnamese_headers_stt_formula_and_numbers():
    data = xlsx([["STT", "HỌ TÊN", "Cơ quan", "Chức danh", "Tỉnh/Thành phố", "SĐT"],
                 [1, "Bùi Thị Lụa", '=HYPERLINK("http://x","Sở Văn hóa")', "Chuyên viên",
                  "Ninh Bình", 912345602]])
    entry = roster.parse(data, "ds.xlsx")[0]
    # openpyxl stores no cached value: the formula text is kept, never an empty cell.
    assert entry.unit == '=HYPERLINK("http://x","Sở Văn hóa")'
    assert (entry.full_name, entry.position, entry.province, entry.phone) == (
        "Bùi Thị Lụa", "Chuyên viên", "Ninh Bình", "0912345602")


def test_cached_value_of_a_formula_is_what_a_person_saw():
    data = xlsx([["Họ và tên", "Đơn vị"], ["Bùi Thị Lụa", '=HYPERLINK("http://x","y")']])
    with_cache = patched(data, SHEET, lambda body: body.replace(
        b'<c r="B2"><f>', b'<c r="B2" t="str"><f>').replace(b"</f><v></v>", b"</f><v>y</v>"))
    assert roster.parse(with_cache, "ds.xlsx")[0].unit == "y"


@pytest.mark.parametrize("header", ["Họ và tên", "Họ tên", "ho va ten", "HỌ VÀ TÊN",
                                    unicodedata.normalize("NFD", "Họ tên")])
def test_name_header_synonyms_in_csv(header):
    data = f"STT;{header};Số điện thoại;Đơn vị\n1;Lê Thị Hoa;+84 912 345 678;UBND\n".encode()
    entry = roster.parse(data)[0]
    assert (entry.full_name, entry.phone, entry.unit) == ("Lê Thị Hoa", "0912345678", "UBND")


def test_dimension_bomb_is_refused_within_a_second_and_100_mb():
    data = patched(xlsx([["Họ và tên"], ["An"]]), SHEET, lambda body: body.replace(
        b'<dimension ref="A1:A2"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
        b"</is></c></row></sheetData>"))
    assert len(data) < 10_000
    tracemalloc.start()
    started = time.perf_counter()
    assert codes(data) == ["declared_too_big"]
    # Without the declaration, the real rows are counted and stopped at the limit.
    undeclared = patched(data, SHEET, lambda body: body.replace(
        b'<dimension ref="A1:XFD1048576"/>', b""))
    assert codes(undeclared) == ["over_max_rows"]
    seconds, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 1 and peak < 100 * 1024 * 1024


def test_entities_and_malformed_xml_are_refused():
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
           b'"&lol;&lol;&lol;&lol;">]>')
    entities = patched(xlsx([["Họ và tên"], ["An"]]), SHEET,
                       lambda body: lol + body.replace(b"An", b"&lol2;"))
    assert codes(entities) == ["xml_entities"]
    broken = patched(xlsx([["Họ và tên"], ["An"]]), SHEET, lambda body: body[:len(body) // 2])
    assert codes(broken) == ["bad_xlsx"]


def test_zip_bomb_is_refused_before_unpacking():
    data = patched(xlsx([["Họ và tên"], ["An"]]), "xl/styles.xml",
                   lambda body: body + b" " * (41 * 1024 * 1024))
    assert codes(data) == ["too_big_unpacked"]


def test_a_chart_sheet_first_is_passed_over():
    data = xlsx([["Họ và tên"], ["Lê Văn Sơn"]], chart_first=True)
    assert [e.full_name for e in roster.parse(data, "ds.xlsx")] == ["Lê Văn Sơn"]


def test_csv_field_over_128_kb_and_over_the_cell_limit():
    assert codes(b"full_name\n" + b"a" * 200_000 + b"\n", "ds.csv") == ["cell_too_big"]
    assert codes(b"full_name\n" + b"a" * 2000 + b"\n", "ds.csv") == ["cell_too_big"]


@pytest.mark.parametrize("cell", ["Lê\x00Hoa", "Lê\x1bHoa", "Lê\u200bHoa", "Lê\u202eHoa"])
def test_control_and_invisible_characters_are_refused_in_every_field(cell):
    assert codes(f"full_name,unit\n{cell},UBND\n".encode(), "ds.csv") == ["control_character"]
    assert codes(f"full_name,email\nLê Hoa,x{cell}@a.vn\n".encode(),
                 "ds.csv") == ["control_character"]


@pytest.mark.parametrize("username", ["\u043erg1", "org1\u200b", "org 1", "org1\u0301x",
                                      "or\u0261" "1", "\u1d0frg1", "adm\u0131n"])
def test_look_alike_and_invisible_usernames_are_refused(username):
    assert "bad_username" in codes(f"full_name,username\nLê Hoa,{username}\n".encode(), "ds.csv")


def test_usernames_are_unique_without_regard_to_vietnamese_case():
    assert codes("full_name,username\nA,Đức\nB,đức\n".encode(), "ds.csv") == [
        "duplicate_username"]


def test_a_bad_phone_is_named():
    assert codes(b"full_name,phone\nLe Hoa,12ab\n", "ds.csv") == ["bad_phone"]


def thirty_people():
    lines = ["STT,Họ và tên,Đơn vị,Tỉnh/Thành phố,Email,Số điện thoại"]
    for n in range(30):
        email = f"hv{n}@example.vn" if n % 3 == 0 else ""
        phone = f"09123456{n:02d}" if n % 3 == 1 else ""
        # Two people of the same name, told apart by their unit and province.
        lines.append(f"{n + 1},{'Nguyễn Văn Đức'},Sở VHTTDL,Tỉnh {n},{email},{phone}")
    return "\n".join(lines).encode()


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_the_same_30_people_in_two_courses_have_one_account_each(app, form):
    with app.app_context():
        db = get_db()
        first, second = make_course(app, "C-1"), make_course(app, "C-2")
        before = db.execute("SELECT count(*) FROM users").fetchone()[0]
        _, counts = roster_import.import_file(db, first.id, thirty_people(), "ds.csv")
        assert counts == {"created": 30, "enrolled": 30}
        again = unicodedata.normalize(form, thirty_people().decode()).encode()
        planned = roster.plan(db, roster.parse(again, "ds.csv"))
        assert {e.matched for e in planned} == {"details"} and not roster.new_accounts(planned)
        _, counts = roster_import.import_file(db, second.id, again, "ds.csv")
        assert counts == {"created": 0, "enrolled": 30}
        assert db.execute("SELECT count(*) FROM users").fetchone()[0] == before + 30
        assert db.execute("SELECT count(DISTINCT user_id) FROM enrolments WHERE course_id IN "
                          "(?, ?)", [first.id, second.id]).fetchone()[0] == 30


def make_course(app, code="C-1"):
    return courses.create_course(get_db(), app.extensions["question_bank"], code=code,
                                 title_vi="Khóa", starts_on="2026-12-01", ends_on="2026-12-03")


def test_two_accounts_matching_one_row_are_a_problem_not_a_guess(app):
    row = "full_name,unit,province\nLê Hoa,UBND,Huế\n"
    with app.app_context():
        db = get_db()
        create_user(db, "hoal", "password-long-1", "trainee", "Lê Hoa", unit="UBND",
                    province="Huế")
        with pytest.raises(roster.RosterError) as twice:
            roster.plan(db, roster.parse((row + "Lê Hoa,UBND,Huế\n").encode()))
        create_user(db, "hoal2", "password-long-1", "trainee", "Lê Hoa", unit="UBND",
                    province="Huế")
        with pytest.raises(roster.RosterError) as ambiguous:
            roster.plan(db, roster.parse(row.encode()))
    assert [p.code for p in twice.value.problems] == ["same_person_twice"]
    assert [p.code for p in ambiguous.value.problems] == ["ambiguous_person"]
    assert "hoal, hoal2" in ambiguous.value.problems[0].params["usernames"]


@pytest.mark.parametrize("name", ["bomb", "entities", "chart", "csv"])
def test_hostile_uploads_get_a_page_not_a_500(app, client, auth, name):
    files = {
        "bomb": patched(xlsx([["Họ và tên"], ["An"]]), SHEET, lambda body: body.replace(
            b'<dimension ref="A1:A2"/>', b'<dimension ref="A1:XFD1048576"/>')),
        "entities": patched(xlsx([["Họ và tên"], ["An"]]), SHEET,
                            lambda body: b"<!DOCTYPE x [<!ENTITY a 'b'>]>" + body),
        "chart": xlsx([["Họ và tên", "Email"], ["An", "an@a.vn\u200b"]], chart_first=True),
        "csv": b"full_name\n" + b"a" * 200_000,
    }
    with app.app_context():
        make_course(app)
    auth.login_organizer()
    page = client.get("/organizer/courses/C-1/roster").get_data(as_text=True)
    response = client.post("/organizer/courses/C-1/roster", data={
        "csrf_token": csrf_token(page),
        "roster": (io.BytesIO(files[name]), "ds.csv" if name == "csv" else "ds.xlsx")})
    assert response.status_code == 400
    assert 'class="problems"' in response.get_data(as_text=True)


@pytest.mark.parametrize("username", ["\u043erg", "org\u200b", "or g"])
def test_accounts_refuse_look_alike_usernames(app, username):
    with app.app_context(), pytest.raises(UserError):
        create_user(get_db(), username, "password-long-1", "organizer", "Giả")


def test_vietnamese_usernames_are_unique_case_aside(app):
    with app.app_context():
        create_user(get_db(), "Đức", "password-long-1", "trainee", "Đức")
        with pytest.raises(UserError):
            create_user(get_db(), "đức", "password-long-1", "trainee", "Đức khác")
        assert users.find_row(get_db(), unicodedata.normalize("NFD", "đỨc"))["username"] == "Đức"


def post_roster(client, code, data, filename="ds.csv"):
    page = client.get(f"/organizer/courses/{code}/roster").get_data(as_text=True)
    return client.post(f"/organizer/courses/{code}/roster", data={
        "csrf_token": csrf_token(page), "roster": (io.BytesIO(data), filename)})


def confirm_fields(preview):
    fields = dict(re.findall(r'<input[^>]*name="(data|filename|digest)"[^>]*value="([^"]*)"',
                             preview))
    return {"csrf_token": csrf_token(preview), **fields}


def user_count(app):
    with app.app_context():
        return get_db().execute("SELECT count(*) FROM users").fetchone()[0]


def test_preview_lists_new_and_reused_accounts_and_writes_nothing(app, client, auth):
    with app.app_context():
        make_course(app, "C-1")
        make_course(app, "C-2")
        create_user(get_db(), "hoalt", "password-long-1", "trainee", "Lê Thị Hoa",
                    email="hoa@example.vn")
    data = "Họ tên,Email,SĐT\nLê Thị Hoa,HOA@example.vn,\nTrần Văn Nam,,912 345 678\n".encode()
    before = user_count(app)
    auth.login_organizer()
    response = post_roster(client, "C-1", data)
    preview = response.get_data(as_text=True)
    assert response.status_code == 200 and user_count(app) == before
    reused = preview.split('class="roster-reused"')[1].split("</table>")[0]
    new = preview.split('class="roster-new"')[1].split("</table>")[0]
    assert "hoalt" in reused and "Lê Thị Hoa" in reused and "Trần Văn Nam" not in reused
    assert "namtv" in new
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM enrolments").fetchone()[0] == 0
    fields = confirm_fields(preview)
    tampered = client.post("/organizer/courses/C-1/roster/confirm",
                           data={**fields, "digest": "0" * 64})
    assert tampered.status_code == 409 and user_count(app) == before
    done = client.post("/organizer/courses/C-1/roster/confirm", data=fields)
    assert done.status_code == 303 and user_count(app) == before + 1
    # The same file into a second course: both people are found, nobody is created.
    preview = post_roster(client, "C-2", data).get_data(as_text=True)
    assert 'class="roster-new"' not in preview and "namtv" in preview
    client.post("/organizer/courses/C-2/roster/confirm", data=confirm_fields(preview))
    assert user_count(app) == before + 1


def test_cli_dry_run_shows_the_plan_and_writes_nothing(app, runner, tmp_path):
    with app.app_context():
        make_course(app, "C-1")
        create_user(get_db(), "hoalt", "password-long-1", "trainee", "Lê Thị Hoa",
                    phone="0912345678")
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ tên,SĐT\n1,Lê Thị Hoa,912345678\n2,Trần Văn Nam,\n",
                    encoding="utf-8")
    before = user_count(app)
    result = runner.invoke(args=["import-roster", "C-1", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "row 2: existing account hoalt" in result.output
    assert "row 3: new account namtv" in result.output and "nothing was written" in result.output
    assert user_count(app) == before
    bad = tmp_path / "bad.csv"
    bad.write_text("Họ tên\nLê\x00Hoa\n", encoding="utf-8")
    result = runner.invoke(args=["import-roster", "C-1", str(bad), "--dry-run", "--lang", "en"])
    assert result.exit_code == 1 and "control or invisible character" in result.output
