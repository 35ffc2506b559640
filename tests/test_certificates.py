"""Certificates: one per passed trainee, unguessable codes, Vietnamese PDF text, QR, verify page."""

import base64
import io
import random
import re
import zipfile
from collections import Counter
from datetime import UTC, datetime

import pytest
import qrcode
from conftest import OTHER_TRAINEE, TRAINEE
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from quiz_server.app_db import get_db
from quiz_server.core import attempts, audit, certificate_pdf, certificates, courses
from quiz_server.core.users import create_user

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
HEAD = certificate_pdf.Letterhead("https://sotay.example.vn", "BAN TỔ CHỨC KHÓA BỒI DƯỠNG",
                                  "TRƯỞNG BAN TỔ CHỨC")
FORMULA_NAME = "=HYPERLINK(\"http://evil.example\",\"Đặng\")"


def user_id(db, username):
    return db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]


def take_final(app, db, course, uid, right):
    bank = app.extensions["question_bank"]
    attempt_id = attempts.start_final(db, bank, course, uid, random.Random(uid), NOW)
    attempt = attempts.load_attempt(db, attempt_id)
    answers = {i.question_id: sorted(bank.questions[i.question_id].answer) if right
               else [bank.questions[i.question_id].keys[0]] for i in attempt.items}
    if not right:  # keys[0] may be right by chance: make every answer wrong
        answers = {q: [k for k in bank.questions[q].keys if k not in bank.questions[q].answer][:1]
                   for q in answers}
    attempts.save_answers(db, bank, attempt_id, answers, NOW)
    attempts.submit(db, bank, attempt_id, NOW)


@pytest.fixture
def course(app):
    """TRAINEE and a trainee with a formula-like name passed; OTHER_TRAINEE failed."""
    with app.app_context():
        db = get_db()
        found = courses.create_course(
            db, app.extensions["question_bank"], code="TTCS-2026-01",
            title_vi="Khóa bồi dưỡng kỹ năng truyền thông chính sách",
            title_en="Policy communication skills", starts_on="2026-11-20",
            ends_on="2026-11-22", place="Điện Biên Phủ", pass_mark=60)
        formula = create_user(db, "hv-formula", "x" * 12, "trainee", FORMULA_NAME,
                              unit="Sở Thông tin", email="f@example.vn")
        for uid in (user_id(db, TRAINEE[0]), user_id(db, OTHER_TRAINEE[0]), formula):
            courses.enrol(db, found.id, uid)
        take_final(app, db, found, user_id(db, TRAINEE[0]), right=True)
        take_final(app, db, found, formula, right=True)
        take_final(app, db, found, user_id(db, OTHER_TRAINEE[0]), right=False)
    return found


def issued(app, course):
    """The certificates the record issued when the passes were recorded."""
    with app.app_context():
        return {c["user_id"]: c for c in certificates.of_course(get_db(), course.id)}


def test_codes_carry_80_random_bits():
    codes = [certificates.new_code() for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    for code in codes[:50]:
        assert certificates.CODE_PATTERN.match(code)
        assert len(base64.b32decode(code.replace("-", ""))) * 8 == 80
    letters = Counter("".join(codes).replace("-", ""))
    assert len(letters) == 32  # the whole base32 alphabet is used, evenly
    assert max(letters.values()) < 1.3 * min(letters.values())


def test_one_certificate_per_passed_trainee_created_once(app, course):
    first = issued(app, course)
    with app.app_context():
        db = get_db()
        take_final(app, db, course, user_id(db, TRAINEE[0]), right=True)  # a second pass
        again = {c["user_id"]: c["code"] for c in certificates.of_course(db, course.id)}
        assert user_id(db, OTHER_TRAINEE[0]) not in again
        assert set(again) == {user_id(db, TRAINEE[0]), user_id(db, "hv-formula")}
    assert again == {uid: c["code"] for uid, c in first.items()}


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_the_name_in_vietnamese_glyphs_course_dates_code_and_qr(app, course):
    certs = issued(app, course)
    with app.app_context():
        cert = certs[user_id(get_db(), TRAINEE[0])]
        formula = certs[user_id(get_db(), "hv-formula")]
    data = certificate_pdf.to_pdf(cert, HEAD)
    text = pdf_text(data)
    for expected in ("Trần Thị Học Viên", "GIẤY CHỨNG NHẬN",
                     "Khóa bồi dưỡng kỹ năng truyền thông chính sách",
                     "Policy communication skills", "20/11/2026 – 22/11/2026", "Điện Biên Phủ",
                     "24/11/2026", cert["code"],
                     f"https://sotay.example.vn/quiz/verify/{cert['code']}"):
        assert expected in text, expected
    fonts = [f.get_object() for f in PdfReader(io.BytesIO(data)).pages[0]["/Resources"][
        "/Font"].values()]
    embedded = {str(f["/BaseFont"]).split("+")[-1] for f in fonts
                if "/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"]}
    assert embedded == {"DejaVuSans", "DejaVuSans-Bold"}
    assert FORMULA_NAME in pdf_text(certificate_pdf.to_pdf(formula, HEAD))
    # The QR code is the one for the verify address, pixel for pixel.
    image = PdfReader(io.BytesIO(data)).pages[0].images[0].image.convert("L")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(f"https://sotay.example.vn/quiz/verify/{cert['code']}")
    qr.make(fit=True)
    expected = Image.open(io.BytesIO(_png(qr))).convert("L")
    assert image.size == expected.size and image.tobytes() == expected.tobytes()


def _png(qr):
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return out.getvalue()


def test_verify_page_shows_name_course_and_date_only(app, client, course):
    certs = issued(app, course)
    with app.app_context():
        cert = certs[user_id(get_db(), "hv-formula")]
    response = client.get(f"/verify/{cert['code']}")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex"
    page = response.get_data(as_text=True)
    main = page[page.index("<main"):page.index("</main>")]
    assert "Khóa bồi dưỡng kỹ năng truyền thông chính sách" in main and "24/11/2026" in main
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;Đặng&#34;)" in main  # escaped, as given
    # The number printed on the paper (it carries the course code) is shown, nothing else.
    assert f"<dd>{cert['number']}</dd>" in main
    for private in ("hv-formula", "f@example.vn", "Sở Thông tin", "100", "Điện Biên Phủ",
                    cert["code"]):
        assert private not in main, private
    assert len(re.findall(r"<dd>", main)) == 4
    lower = client.get(f"/verify/{cert['code'].lower()}")
    assert lower.status_code == 200


def test_verify_unknown_code_is_404_and_lookups_are_rate_limited(app, client, course):
    certs = issued(app, course)
    code = next(iter(certs.values()))["code"]
    assert client.get("/verify/AAAA-AAAA-AAAA-AAAA").status_code == 404
    assert client.get("/verify/not-a-code").status_code == 404
    for _ in range(28):  # 30 lookups in 5 minutes, the unknown ones included
        assert client.get(f"/verify/{code}").status_code == 200
    throttled = client.get(f"/verify/{code}")
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert "quá nhiều lần" in throttled.get_data(as_text=True)
    other = client.get(f"/verify/{code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_trainee_downloads_own_certificate_not_anothers(app, client, auth, course):
    certs = issued(app, course)
    with app.app_context():
        mine = certs[user_id(get_db(), TRAINEE[0])]
        theirs = certs[user_id(get_db(), "hv-formula")]
    assert client.get(f"/certificates/{mine['code']}.pdf").status_code == 302  # log in first
    auth.login_trainee()
    home = client.get("/").get_data(as_text=True)
    assert f"/certificates/{mine['code']}.pdf" in home and theirs["code"] not in home
    response = client.get(f"/certificates/{mine['code']}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Trần Thị Học Viên" in pdf_text(response.data)
    assert client.get(f"/certificates/{theirs['code']}.pdf").status_code == 404
    assert client.get("/certificates/AAAA-AAAA-AAAA-AAAA.pdf").status_code == 404


def test_failed_trainee_has_no_certificate(app, client, auth, course):
    issued(app, course)
    auth.login(*OTHER_TRAINEE)
    assert "/certificates/" not in client.get("/").get_data(as_text=True)


def test_organizer_downloads_one_certificate_and_the_course_zip(app, client, auth, course):
    auth.login_organizer()
    page = client.get("/organizer/courses/TTCS-2026-01").get_data(as_text=True)
    with app.app_context():
        db = get_db()
        uid, failed = user_id(db, TRAINEE[0]), user_id(db, OTHER_TRAINEE[0])
    assert f"/organizer/courses/TTCS-2026-01/trainees/{uid}/certificate.pdf" in page
    single = client.get(f"/organizer/courses/TTCS-2026-01/trainees/{uid}/certificate.pdf")
    assert single.status_code == 200
    assert f"TTCS-2026-01-Tran-Thi-Hoc-Vien-{uid}.pdf" in single.headers["Content-Disposition"]
    assert "Trần Thị Học Viên" in pdf_text(single.data)
    missing = client.get(f"/organizer/courses/TTCS-2026-01/trainees/{failed}/certificate.pdf")
    assert missing.status_code == 404
    archive = zipfile.ZipFile(io.BytesIO(
        client.get("/organizer/courses/TTCS-2026-01/certificates.zip").data))
    names = sorted(archive.namelist())
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    texts = [pdf_text(archive.read(n)) for n in names]
    assert any("Trần Thị Học Viên" in t for t in texts)
    assert any(FORMULA_NAME in t for t in texts)
    with app.app_context():
        actions = [e["action"] for e in audit.recent(get_db())]
    assert actions[:2] == ["certificate.zip", "certificate.download"]


def test_completion_list_carries_the_certificate_codes(app, client, auth, course):
    auth.login_organizer()
    sheet = load_workbook(io.BytesIO(
        client.get("/organizer/courses/TTCS-2026-01/completions.xlsx").data)).active
    certs = issued(app, course)
    codes = {row[10].value for row in sheet.iter_rows(min_row=2)}
    assert codes == {c["code"] for c in certs.values()} | {None}
