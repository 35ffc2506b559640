"""The certificate as a Vietnamese training certificate: motto, agency and number, place and
date of the Vietnam day, signer and room for the seal, from the QUIZ_CERT_* settings; numbers
stored once and shown alike everywhere; long texts kept on the page."""

import io
import random
import unicodedata
import zipfile
from datetime import UTC, datetime

import pytest
from conftest import OTHER_TRAINEE, SEED, TRAINEE, AuthActions, write_bank
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from quiz_server import create_app
from quiz_server.app_db import get_db
from quiz_server.config import ConfigError
from quiz_server.core import attempts, certificate_pdf, certificates, courses, pdf_fonts, record
from quiz_server.db import close_thread_connections, migrate, transaction

LATE_EVENING = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 06:30 on 25/11 in Hà Nội
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SIGNED = {"QUIZ_CERT_ISSUER": "Sở Văn hóa, Thể thao và Du lịch tỉnh Điện Biên",
          "QUIZ_CERT_SIGNER_TITLE": "Giám đốc", "QUIZ_CERT_SIGNER_NAME": "Nguyễn Văn Ký",
          "QUIZ_CERT_PLACE": "Điện Biên"}
PAGE_WIDTH, PAGE_HEIGHT = certificate_pdf.WIDTH, certificate_pdf.HEIGHT


def build_app(tmp_path, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "DATABASE": str(tmp_path / "quiz.sqlite"),
                      "QUESTIONS_DIR": str(write_bank(tmp_path / "questions"))})
    with app.app_context():
        migrate(get_db())
        get_db().conn.executescript(SEED)
    return app


@pytest.fixture
def signed_app(tmp_path, monkeypatch):
    yield build_app(tmp_path, monkeypatch, SIGNED)
    close_thread_connections()


@pytest.fixture
def client(signed_app):
    return signed_app.test_client()


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def default_app(tmp_path, monkeypatch):
    for name in SIGNED:
        monkeypatch.delenv(name, raising=False)
    yield build_app(tmp_path, monkeypatch, {})
    close_thread_connections()


def user_id(db, username):
    return db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]


def pass_final(app, course, username, now):
    with app.app_context():
        db, bank = get_db(), app.extensions["question_bank"]
        uid = user_id(db, username)
        attempt_id = attempts.start_final(db, bank, course, uid, random.Random(uid), now)
        attempt = attempts.load_attempt(db, attempt_id)
        attempts.save_answers(db, bank, attempt_id, {
            i.question_id: sorted(bank.questions[i.question_id].answer) for i in attempt.items},
            now)
        attempts.submit(db, bank, attempt_id, now)
        return uid


def make_course(app, place="Điện Biên Phủ", code="TTCS-2026-01", passed_at=LATE_EVENING):
    """A course that TRAINEE, then OTHER_TRAINEE, passed at ``passed_at``."""
    with app.app_context():
        db = get_db()
        course = courses.create_course(
            db, app.extensions["question_bank"], code=code,
            title_vi="Khóa bồi dưỡng kỹ năng truyền thông chính sách",
            title_en="Policy communication skills", starts_on="2026-11-20",
            ends_on="2026-11-22", place=place, pass_mark=60)
        for username in (TRAINEE[0], OTHER_TRAINEE[0]):
            courses.enrol(db, course.id, user_id(db, username))
    for username in (TRAINEE[0], OTHER_TRAINEE[0]):
        pass_final(app, course, username, passed_at)
    return course


def cert_of(app, course, username):
    with app.app_context():
        db = get_db()
        uid = user_id(db, username)
        return next(c for c in certificates.of_course(db, course.id) if c["user_id"] == uid)


def runs(data):
    """Each line of text on the page: (text, left, right, baseline, font, size)."""
    found = []

    def visit(text, cm, tm, font, size):
        text = text.strip()
        if text and font:
            name = str(font["/BaseFont"]).split("+")[-1]
            left = tm[4]
            found.append((text, left, left + stringWidth(text, name, size), tm[5], name, size))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def line(data, text):
    """The one run whose text is ``text``."""
    (found,) = [run for run in runs(data) if run[0] == text]
    return found


def trainee_pdf(client, auth, code):
    auth.login_trainee()
    response = client.get(f"/certificates/{code}.pdf")
    assert response.status_code == 200
    return response.data


def test_signed_certificate_reads_as_a_vietnamese_training_certificate(signed_app, auth,
                                                                       client):
    course = make_course(signed_app)
    cert = cert_of(signed_app, course, TRAINEE[0])
    data = trainee_pdf(client, auth, cert["code"])
    texts = [run[0] for run in runs(data)]
    issuer = "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH ĐIỆN BIÊN"
    for expected in (*MOTTO, issuer, "Số: 001/2026/TTCS-2026-01", "GIẤY CHỨNG NHẬN",
                     "Điện Biên, ngày 25 tháng 11 năm 2026", "GIÁM ĐỐC", "Nguyễn Văn Ký",
                     "Trần Thị Học Viên", cert["code"]):
        assert expected in texts, expected
    middle = PAGE_WIDTH / 2
    # Agency and number top left, motto top right, each at the same height as its partner.
    agency, number = line(data, issuer), line(data, "Số: 001/2026/TTCS-2026-01")
    motto, motto2 = line(data, MOTTO[0]), line(data, MOTTO[1])
    assert agency[2] < middle and number[2] < middle and motto[1] > middle
    assert agency[3] == motto[3] > motto2[3] and agency[3] > number[3]
    assert agency[4] == motto[4] == motto2[4] == "DejaVuSans-Bold"
    # Bottom right: place and date, title, about 4 cm (113 pt) of room, the name.
    dated = line(data, "Điện Biên, ngày 25 tháng 11 năm 2026")
    title, name = line(data, "GIÁM ĐỐC"), line(data, "Nguyễn Văn Ký")
    assert min(dated[1], title[1], name[1]) > middle
    assert dated[3] > title[3] > name[3] and title[3] - name[3] - title[5] >= 100
    code = line(data, cert["code"])
    assert code[2] < middle and code[3] < title[3]
    assert PdfReader(io.BytesIO(data)).pages[0].images  # the QR code


def test_settings_are_stored_and_printed_in_nfc(tmp_path, monkeypatch):
    decomposed = unicodedata.normalize("NFD", "Trung tâm Bồi dưỡng Điện Biên")
    app = build_app(tmp_path, monkeypatch, {**SIGNED, "QUIZ_CERT_ISSUER": decomposed})
    try:
        assert app.config["CERT_ISSUER"] == unicodedata.normalize("NFC", decomposed)
        cert = cert_of(app, make_course(app), TRAINEE[0])
        cert["full_name"] = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
        data = certificate_pdf.to_pdf(cert, certificate_pdf.letterhead(app.config))
        texts = [run[0] for run in runs(data)]
        assert "TRUNG TÂM BỒI DƯỠNG ĐIỆN BIÊN" in texts and "Nguyễn Thị Ánh Tuyết" in texts
    finally:
        close_thread_connections()


def test_defaults_name_the_organizing_board_and_leave_the_name_to_be_written(default_app):
    course = make_course(default_app)
    with default_app.app_context():
        head = certificate_pdf.letterhead(default_app.config)
    data = certificate_pdf.to_pdf(cert_of(default_app, course, TRAINEE[0]), head)
    texts = [run[0] for run in runs(data)]
    assert "BAN TỔ CHỨC KHÓA BỒI DƯỠNG" in texts and "TRƯỞNG BAN TỔ CHỨC" in texts
    # No QUIZ_CERT_PLACE: the course's place; no signer's name: nothing below the title.
    assert "Điện Biên Phủ, ngày 25 tháng 11 năm 2026" in texts
    title = line(data, "TRƯỞNG BAN TỔ CHỨC")
    assert not [run for run in runs(data) if run[1] > PAGE_WIDTH / 2 and run[3] < title[3]]


def test_without_any_place_only_the_date_is_written(default_app):
    course = make_course(default_app, place="")
    with default_app.app_context():
        head = certificate_pdf.letterhead(default_app.config)
    data = certificate_pdf.to_pdf(cert_of(default_app, course, TRAINEE[0]), head)
    assert "ngày 25 tháng 11 năm 2026" in [run[0] for run in runs(data)]


def test_number_and_date_follow_the_vietnam_day_across_new_year(signed_app):
    course = make_course(signed_app, passed_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    cert = cert_of(signed_app, course, TRAINEE[0])
    assert cert["number"] == "001/2027/TTCS-2026-01"
    data = certificate_pdf.to_pdf(cert, certificate_pdf.letterhead(signed_app.config))
    assert "Điện Biên, ngày 01 tháng 01 năm 2027" in [run[0] for run in runs(data)]


def numbers_in(data):
    return [run[0] for run in runs(data) if run[0].startswith("Số: ")]


def test_number_is_the_same_on_every_download_the_zip_and_the_verify_page(signed_app, auth,
                                                                          client):
    course = make_course(signed_app)
    mine, theirs = (cert_of(signed_app, course, u) for u in (TRAINEE[0], OTHER_TRAINEE[0]))
    assert (mine["number"], theirs["number"]) == ("001/2026/TTCS-2026-01",
                                                  "002/2026/TTCS-2026-01")
    first = trainee_pdf(client, auth, mine["code"])
    again = client.get(f"/certificates/{mine['code']}.pdf").data
    auth.logout()
    auth.login_organizer()
    single = client.get(f"/organizer/courses/{course.code}/trainees/{mine['user_id']}"
                        "/certificate.pdf").data
    archive = zipfile.ZipFile(io.BytesIO(
        client.get(f"/organizer/courses/{course.code}/certificates.zip").data))
    in_zip = sorted(n for name in archive.namelist() for n in numbers_in(archive.read(name)))
    expected = f"Số: {mine['number']}"
    assert numbers_in(first) == numbers_in(again) == numbers_in(single) == [expected]
    assert in_zip == [expected, f"Số: {theirs['number']}"]
    for lang, label in (("vi", "Số giấy chứng nhận"), ("en", "Certificate number")):
        client.get(f"/lang/{lang}")
        page = client.get(f"/verify/{mine['code']}").get_data(as_text=True)
        assert f"<dt>{label}</dt><dd>{mine['number']}</dd>" in page, lang


def test_a_number_is_kept_when_the_course_code_changes_and_never_given_twice(signed_app,
                                                                              client):
    course = make_course(signed_app)
    theirs = cert_of(signed_app, course, OTHER_TRAINEE[0])
    with signed_app.app_context():
        db = get_db()
        db.execute("UPDATE courses SET code = 'TTCS-2026-01B' WHERE id = ?", [course.id])
    assert cert_of(signed_app, course, TRAINEE[0])["number"] == "001/2026/TTCS-2026-01"
    with signed_app.app_context():
        db = get_db()
        now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
        with transaction(db):  # the last one withdrawn, then issued again: a new number
            record.withdraw(db, record.live_certificate(db, course.id, theirs["user_id"]), now,
                            "regrade")
            record.settle(db, course.id, theirs["user_id"], now)
        rows = db.execute("SELECT number, withdrawn_at IS NULL FROM certificates "
                          "ORDER BY id").fetchall()
    assert rows == [("001/2026/TTCS-2026-01", 1), ("002/2026/TTCS-2026-01", 0),
                    ("003/2026/TTCS-2026-01B", 1)]
    assert cert_of(signed_app, course, OTHER_TRAINEE[0])["number"] == "003/2026/TTCS-2026-01B"
    withdrawn = client.get(f"/verify/{theirs['code']}").get_data(as_text=True)
    assert "đã bị thu hồi" in withdrawn and "<dd>002/2026/TTCS-2026-01</dd>" in withdrawn


@pytest.mark.parametrize(("name", "value", "message"), [
    ("QUIZ_CERT_ISSUER", "Sở " * 60, "QUIZ_CERT_ISSUER is 179 characters long; at most 160"),
    ("QUIZ_CERT_SIGNER_NAME", "Nguyễn\x07Văn Ký", "QUIZ_CERT_SIGNER_NAME holds a control"),
    ("QUIZ_CERT_SIGNER_TITLE", "Giám\u200bđốc", "QUIZ_CERT_SIGNER_TITLE holds a control"),
    ("QUIZ_CERT_SIGNER_TITLE", "   ", "QUIZ_CERT_SIGNER_TITLE is blank"),
    ("QUIZ_CERT_PLACE", "Hà Nội " * 10, "QUIZ_CERT_PLACE is 69 characters long; at most 60"),
])
def test_a_wrong_setting_stops_the_start_with_its_message(monkeypatch, name, value, message):
    monkeypatch.setenv("QUIZ_SECRET_KEY", "x")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        create_app()


def inside(run):
    """Within the inner frame (32 pt from each edge), descenders and accents included."""
    _, left, right, baseline, _, size = run
    return (32 < left < right < PAGE_WIDTH - 32
            and 32 < baseline - size * 0.3 < baseline + size < PAGE_HEIGHT - 32)


def box(run):
    """A line's box from DejaVu Sans's ascent and descent (0.928 and 0.236 of its size)."""
    _, left, right, baseline, _, size = run
    return left, right, baseline - 0.236 * size, baseline + 0.928 * size


def overlap(a, b):
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def test_a_120_character_agency_and_a_long_name_stay_on_the_page(tmp_path, monkeypatch):
    agency = ("Trung tâm Bồi dưỡng nghiệp vụ thông tin cơ sở thuộc Cục Thông tin cơ sở, "
              "Bộ Văn hóa, Thể thao và Du lịch khu vực phía Nam, cơ sở 2")[:120]
    assert len(agency) == 120
    app = build_app(tmp_path, monkeypatch, {
        **SIGNED, "QUIZ_CERT_ISSUER": agency, "QUIZ_CERT_PLACE": "Thành phố " + "Hồ Chí Minh " * 4,
        "QUIZ_CERT_SIGNER_TITLE": "Phó Giám đốc phụ trách Trung tâm Bồi dưỡng nghiệp vụ thông "
                                  "tin cơ sở khu vực phía Nam"})
    try:
        cert = cert_of(app, make_course(app), TRAINEE[0])
        cert["full_name"] = ("Công Tằng Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Lê Bảo Ngọc Châu "
                             "Anh Minh Khuê Diệu Linh")
        cert["title_vi"] = ("Khóa bồi dưỡng kỹ năng truyền thông chính sách cho cán bộ làm công "
                            "tác thông tin cơ sở cấp xã, phường và đặc khu năm 2026")
        data = certificate_pdf.to_pdf(cert, certificate_pdf.letterhead(app.config))
    finally:
        close_thread_connections()
    found = runs(data)
    assert all(inside(run) for run in found), [r for r in found if not inside(r)]
    qr = (60, 60 + certificate_pdf.QR_SIZE, 52, 52 + certificate_pdf.QR_SIZE)
    clashes = [(a[0], b[0]) for i, a in enumerate(found) for b in found[i + 1:]
               if overlap(box(a), box(b))] + [r[0] for r in found if overlap(box(r), qr)]
    assert not clashes
    agency_lines = [run for run in found if run[3] > PAGE_HEIGHT - 100 and run[2] < 421]
    assert " ".join(r[0] for r in agency_lines) == agency.upper()
    assert all(r[5] >= 8 for r in agency_lines)  # still readable
    # Nothing on the left overlaps the motto's column.
    assert max(r[2] for r in agency_lines) < line(data, MOTTO[0])[1]
    above = line(data, "Chứng nhận ông/bà · This certifies that")[3]
    below = line(data, "đã hoàn thành khóa bồi dưỡng · has completed the course")[3]
    name_lines = [r for r in found if below < r[3] < above]
    assert " ".join(r[0] for r in name_lines) == cert["full_name"]
    assert len(name_lines) == 2 and all(r[5] >= 16 for r in name_lines)


def test_fit_lines_breaks_in_two_balanced_lines_only_when_one_does_not_fit():
    regular, bold = pdf_fonts.register()
    assert pdf_fonts.fit_lines("Ngắn gọn", bold, 12, 300) == (12, ["Ngắn gọn"])
    size, lines = pdf_fonts.fit_lines("một hai ba bốn năm sáu bảy tám chín mười " * 2, bold,
                                      12, 300)
    assert len(lines) == 2 and all(stringWidth(t, bold, size) <= 300 for t in lines)
    widths = [stringWidth(t, bold, size) for t in lines]
    assert abs(widths[0] - widths[1]) < 40
