"""An organizer runs a course end to end in Chromium: course, roster, login slips, a trainee
passes, completion list, certificate and the public verify page."""

import io
import re

from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from handbook.bank import load_bank

from .conftest import ORGANIZER

CODE = "TTCS-2026-09"
TITLE = "Khóa bồi dưỡng kỹ năng phát ngôn và cung cấp thông tin"
TRAINEE_NAME = "Hoàng Thị Ngọc Ánh"
OTHER_NAME = "=Lường Văn Đức"
NEW_PASSWORD = "chè xanh Thái Nguyên 2026"  # noqa: S105


def log_in(page, base, username, password):
    page.goto(base + "/quiz/login?lang=en")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    if "/privacy/consent" in page.url:  # a trainee's first login asks to confirm the notice
        page.locator("button[name=decision][value=accept]").click()
    if "/account/password" in page.url:  # and to replace the password printed on the slip
        page.get_by_label("Current password").fill(password)
        page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("New password again").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Change password").click()
        expect(page).not_to_have_url(re.compile(r"/account/password"))


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/quiz/login"))


def download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return info.value.suggested_filename, open(info.value.path(), "rb").read()


def pdf_text(data):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def roster_file(path):
    book = Workbook()
    book.active.append(["STT", "Họ tên", "Đơn vị", "Tỉnh/Thành phố", "Email"])
    book.active.append([1, TRAINEE_NAME, "Sở Văn hóa và Thể thao", "Lai Châu", "anh@example.vn"])
    book.active.append([2, OTHER_NAME, "UBND xã Mường Nhé", "Điện Biên", ""])
    book.active["B3"].data_type = "s"  # text, not a formula, as a typed name would be
    book.save(path)
    return path


def test_organizer_runs_a_course_end_to_end(page, live_server, tmp_path):
    base = live_server["url"]
    bank = load_bank()

    # The organizer creates a course with the defaults: every chapter, open now.
    log_in(page, base, *ORGANIZER)
    page.get_by_role("link", name="New course").click()
    page.get_by_label("Course code", exact=True).fill(CODE)
    page.get_by_label("Title in Vietnamese", exact=True).fill(TITLE)
    page.get_by_label("First day", exact=True).fill("2026-12-01")
    page.get_by_label("Last day", exact=True).fill("2026-12-03")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/organizer/courses/{CODE}$"))

    # It imports a roster and downloads the login slips, each format once.
    page.get_by_role("link", name="Import a roster").click()
    page.get_by_label("Roster file (CSV or XLSX)").set_input_files(
        str(roster_file(tmp_path / "danh-sach.xlsx")))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("table.roster-new")).to_contain_text(TRAINEE_NAME)
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("status")).to_contain_text("2 new account(s), 2 trainee(s)")
    name, data = download(page, "Login slips (XLSX)")
    assert name == f"{CODE}-login-slips.xlsx"
    slips = {row[0].value: (row[1].value, row[2].value)
             for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2)}
    assert set(slips) == {TRAINEE_NAME, OTHER_NAME}
    username, password = slips[TRAINEE_NAME]
    _, pdf = download(page, "Login slips (PDF, to print)")
    text = pdf_text(pdf)
    assert TRAINEE_NAME in text and OTHER_NAME in text and password in text
    page.reload()
    expect(page.get_by_role("link", name="Login slips (PDF, to print)")).to_have_count(0)
    log_out(page)

    # The trainee logs in with the slip, takes the final test and passes it.
    log_in(page, base, username, password)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Start the final test").click()
    expect(page).to_have_url(re.compile(r"/quiz/attempt/\d+$"))
    fieldsets = page.locator("fieldset.question")
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        question = bank.questions[fieldset.get_attribute("data-question-id")]
        for key in sorted(question.answer):
            fieldset.locator(f"input[value='{key}']").check()
    page.get_by_role("button", name="Finish and submit…").click()
    expect(page.locator("main")).to_contain_text("Every question is answered.")
    page.get_by_role("button", name="Submit now").click()
    expect(page.locator(".score")).to_contain_text("(100.0%)")
    expect(page.locator(".score")).to_contain_text("Passed")
    page.goto(base + "/quiz/")
    _, own = download(page, re.compile("^Certificate \\(PDF\\)"))
    assert TRAINEE_NAME in pdf_text(own)
    log_out(page)

    # The organizer downloads the completion list and the certificate; the QR's page checks it.
    log_in(page, base, *ORGANIZER)
    page.goto(base + f"/quiz/organizer/courses/{CODE}")
    page.get_by_role("link", name=TRAINEE_NAME, exact=True).click()
    expect(page.locator("h1")).to_contain_text(TRAINEE_NAME)
    expect(page.locator("ol.review li.right").first).to_contain_text("(correct)")
    expect(page.locator("ol.review li.wrong")).to_have_count(0)
    page.get_by_role("link", name="Back to the course").click()
    page.get_by_label("Province", exact=True).select_option("Điện Biên")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.trainees tbody tr")).to_have_count(1)
    expect(page.locator("table.trainees")).to_contain_text(OTHER_NAME)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})
    name, data = download(page, "Completion list (XLSX)")
    assert name == f"{CODE}-completions.xlsx"
    rows = {row[0].value: row for row in load_workbook(io.BytesIO(data)).active.iter_rows()}
    passed = rows[TRAINEE_NAME]
    assert rows["Full name"][1].value == "Username" and passed[1].value == username
    assert passed[7].value == 100.0 and passed[8].value == "Yes"
    certificate_code = passed[10].value
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", certificate_code)
    assert rows[OTHER_NAME][8].value == "No"
    text = [cell for cell in rows[OTHER_NAME][:7] if cell.value is not None]
    assert len(text) == 4 and all(cell.data_type == "s" for cell in text)  # typed text cells
    page.goto(base + f"/quiz/organizer/courses/{CODE}")  # every trainee again
    name, data = download(page, re.compile(rf"^Certificate \(PDF\)\W+{TRAINEE_NAME}$"))
    text = pdf_text(data)
    assert TRAINEE_NAME in text and TITLE in text and certificate_code in text
    number = re.search(rf"Số: (\d{{3}}/\d{{4}}/{CODE})", text).group(1)
    verify_url = re.search(r"https?://\S+/quiz/verify/\S+", text).group(0)
    assert verify_url.endswith(certificate_code)
    log_out(page)

    page.goto(base + f"/quiz/verify/{certificate_code}")
    main = page.locator("main")
    expect(main).to_contain_text(TRAINEE_NAME)
    expect(main).to_contain_text(TITLE)
    expect(main.locator("dd")).to_have_count(4)
    expect(main.locator("dd").first).to_have_text(number)  # the number printed on the paper
    expect(main).not_to_contain_text(username)
    expect(main).not_to_contain_text("anh@example.vn")
