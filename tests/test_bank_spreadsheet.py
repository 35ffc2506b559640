"""The bank as a spreadsheet: export, a reviewer's edits, import with the check's own rules."""

from pathlib import Path

import yaml
from bank_fixture import bank_data, write_root
from openpyxl import load_workbook

from handbook import spreadsheet
from handbook.__main__ import main
from handbook.bank import load_bank, question_data
from handbook.bank_import import describe, import_workbook

FIRST_ROW = 2  # row 1 is the header


def snapshot(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*.yml"))}


def exported(tmp_path, data=None):
    questions = write_root(tmp_path, data)
    path = tmp_path / "bank.xlsx"
    assert main(["questions", "export", str(path), "--root", str(tmp_path)]) == 0
    return questions, path


def edit(path, changes):
    """Set cells (row, field) -> value in the questions sheet, as a reviewer would."""
    book = load_workbook(path)
    sheet = book[spreadsheet.QUESTIONS_SHEET]
    for (row, field), value in changes.items():
        sheet.cell(row=row, column=spreadsheet.FIELDS.index(field) + 1).value = value
    book.save(path)


def test_round_trip_gives_identical_yaml(tmp_path):
    questions, path = exported(tmp_path)
    before = snapshot(questions)
    for yml in questions.glob("*.yml"):
        yml.unlink()
    errors, written = import_workbook(path, tmp_path)
    assert errors == [] and len(written) == 2
    assert snapshot(questions) == before
    assert import_workbook(path, tmp_path) == ([], [])  # nothing changed, nothing rewritten


def test_export_writes_text_cells_with_frozen_header_and_instructions(tmp_path):
    data = bank_data()
    data["01-alpha"]["questions"][0]["vi"]["text"] = '=HYPERLINK("http://x.invalid","bấm")'
    questions, path = exported(tmp_path, data)
    book = load_workbook(path)
    sheet = book[spreadsheet.QUESTIONS_SHEET]
    assert [c.value for c in sheet[1]] == list(spreadsheet.HEADERS)
    assert sheet.freeze_panes == "B2" and sheet.column_dimensions["I"].width == 60
    assert sheet.max_row == 61 + spreadsheet.SPARE_ROWS
    assert {c.data_type for row in sheet.iter_rows(max_row=61) for c in row
            if c.value is not None} == {"s"}
    assert sheet.cell(row=FIRST_ROW, column=9).value.startswith("=HYPERLINK")
    assert [r[0].value for r in book[spreadsheet.CHAPTERS_SHEET].iter_rows(min_row=2)] == [
        "01-alpha", "02-beta"]
    guide = [r[0].value for r in book[spreadsheet.HELP_SHEET].iter_rows()]
    assert "Tiếng Việt" in guide and "English" in guide
    before = snapshot(questions)
    assert import_workbook(path, tmp_path) == ([], []) and snapshot(questions) == before


def test_broken_heading_missing_key_and_duplicate_topic_are_refused(tmp_path, capsys):
    questions, path = exported(tmp_path)
    capsys.readouterr()
    before = snapshot(questions)
    edit(path, {(FIRST_ROW + 4, "heading"): "no-such-heading",
                (FIRST_ROW + 9, "key"): None,
                (FIRST_ROW + 40, "topic"): "01-alpha-topic-2"})
    errors, written = import_workbook(path, tmp_path)
    assert written == [] and snapshot(questions) == before
    assert [(row, qid, code) for row, qid, code, _ in errors] == [
        (6, "01-q05", "heading_missing"), (11, "01-q10", "one_key"),
        (42, "02-q11", "duplicate_topic")]
    assert main(["questions", "import", str(path), "--root", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"Dòng 6 (01-q05): đề mục #no-such-heading không có trong "
        f"{tmp_path}/docs/chapters/01-alpha.md, {tmp_path}/docs/chapters/01-alpha.en.md",
        "Dòng 11 (01-q10): câu hỏi dạng single cần đúng một đáp án",
        "Dòng 42 (02-q11): chủ đề 01-alpha-topic-2 đã được hỏi ở 01-q02"]
    assert "3 lỗi; không tệp nào được ghi." in out.err
    assert main(["questions", "import", str(path), "--root", str(tmp_path), "--lang", "en"]) == 1
    assert "Row 11 (01-q10): a single question needs exactly one correct key" in \
        capsys.readouterr().out
    assert snapshot(questions) == before


def test_formula_and_date_cells_are_refused(tmp_path):
    from datetime import datetime
    questions, path = exported(tmp_path)
    edit(path, {(FIRST_ROW, "vi_a"): "=1+1", (FIRST_ROW + 1, "vi_b"): datetime(2023, 3, 21)})
    errors, written = import_workbook(path, tmp_path)
    assert written == []
    assert describe(errors, "en") == [
        "Row 2 (01-q01): the cell «Lựa chọn a (VI)» holds a formula; enter text only",
        "Row 3 (01-q02): the cell «Lựa chọn b (VI)» was read as a date; format it as text and "
        "type it again"]


def test_bank_limits_refuse_an_import_too(tmp_path):
    questions, path = exported(tmp_path)
    edit(path, {(FIRST_ROW + n, "kind"): "fact" for n in range(30)})
    errors, _ = import_workbook(path, tmp_path)
    assert describe(errors) == [
        "Toàn ngân hàng: câu tình huống: 0/30 (0%), giới hạn ≥ 40%"]


def test_a_moved_column_and_a_reused_id_are_reported(tmp_path):
    questions, path = exported(tmp_path)
    edit(path, {(FIRST_ROW + 1, "id"): "01-q01"})
    assert describe(import_workbook(path, tmp_path)[0]) == [
        "Dòng 3 (01-q01): mã câu hỏi 01-q01 đã dùng ở dòng 2"]
    edit(path, {(1, "topic"): "Chủ đề"})
    assert describe(import_workbook(path, tmp_path)[0]) == [
        "Toàn ngân hàng: dòng tiêu đề của trang «Câu hỏi - Questions» đã bị sửa hoặc các cột "
        "đã bị đổi chỗ"]


def test_a_file_that_is_not_a_workbook_and_a_bank_that_does_not_load(tmp_path, capsys):
    (tmp_path / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    errors, written = import_workbook(tmp_path / "notes.xlsx", tmp_path)
    assert written == [] and describe(errors, "en")[0].startswith(
        "Whole bank: not a readable workbook")
    data = bank_data()
    data["01-alpha"]["questions"][0]["type"] = "essay"
    questions = tmp_path / "handbook" / "questions"
    questions.mkdir(parents=True)
    (questions / "01-alpha.yml").write_text(yaml.safe_dump(data["01-alpha"]), encoding="utf-8")
    assert main(["questions", "export", str(tmp_path / "b.xlsx"), "--root", str(tmp_path)]) == 1
    assert "01-q01: type must be one of single, multiple, true_false" in capsys.readouterr().out
    assert not (tmp_path / "b.xlsx").exists()


def test_a_wrong_difficulty_is_one_error_in_the_loader_s_words(tmp_path):
    questions, path = exported(tmp_path)
    edit(path, {(FIRST_ROW, "difficulty"): "khó"})
    assert describe(import_workbook(path, tmp_path)[0]) == [
        "Dòng 2 (01-q01): độ khó (difficulty) phải là một trong 1, 2, 3"]


def test_the_real_bank_survives_a_round_trip(tmp_path):
    """Export → import of the bank in the repository: the same questions, field for field."""
    root = Path(__file__).resolve().parent.parent
    bank = load_bank()
    spreadsheet.export_workbook(bank, tmp_path / "bank.xlsx")
    errors, written = import_workbook(tmp_path / "bank.xlsx", root, tmp_path / "questions")
    assert errors == [] and len(written) == len(bank.chapters)
    again = load_bank(tmp_path / "questions")
    assert list(again.questions) == list(bank.questions)
    assert [question_data(q) for q in again.questions.values()] == [
        question_data(q) for q in bank.questions.values()]
    assert {s: dict(t) for s, t in again.titles.items()} == {
        s: dict(t) for s, t in bank.titles.items()}
