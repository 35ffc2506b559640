"""The bank as a spreadsheet, for reviewers who work in Excel or LibreOffice rather than YAML.

One row per question; every cell is written as text (a question that begins with "=" stays a
question, never becomes a formula), and reading refuses formula and date cells instead of
guessing what the reviewer meant.
"""

import unicodedata
import zipfile
from datetime import date, datetime, time

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .bank import DIFFICULTIES, KINDS, LANGUAGES, POOLS, TYPES

QUESTIONS_SHEET = "Câu hỏi - Questions"
CHAPTERS_SHEET = "Chương - Chapters"
HELP_SHEET = "Hướng dẫn - Instructions"
# (field, header, width); the header names the field so a moved column is noticed.
COLUMNS = (
    ("id", "Mã câu hỏi / ID", 11), ("chapter", "Chương / Chapter", 26),
    ("heading", "Mã đề mục / Heading id", 22), ("topic", "Chủ đề / Topic", 28),
    ("pool", "Kho / Pool", 10), ("kind", "Loại nội dung / Kind", 12),
    ("type", "Dạng câu / Type", 12), ("difficulty", "Độ khó / Difficulty", 10),
    ("vi_text", "Câu hỏi (VI)", 60), *((f"vi_{k}", f"Lựa chọn {k} (VI)", 30) for k in "abcd"),
    ("en_text", "Question (EN)", 60), *((f"en_{k}", f"Choice {k} (EN)", 30) for k in "abcd"),
    ("key", "Đáp án / Key", 9), ("vi_explanation", "Giải thích (VI)", 60),
    ("en_explanation", "Explanation (EN)", 60),
)
FIELDS = tuple(c[0] for c in COLUMNS)
HEADERS = tuple(c[1] for c in COLUMNS)
CHAPTER_HEADERS = ("Chương / Chapter", "Tên chương (VI)", "Chapter title (EN)")
SPARE_ROWS = 200  # rows below the bank already formatted as text, for new questions
INSTRUCTIONS = (
    ("Tiếng Việt", True),
    ("Mỗi dòng của trang «Câu hỏi - Questions» là một câu hỏi. Không đổi tên, thứ tự các cột "
     "và không thêm công thức; mọi ô là văn bản.", False),
    ("Kho (pool): exam là câu thi cuối khóa, không bao giờ hiện đáp án khi luyện tập; practice "
     "là câu luyện tập. Loại nội dung (kind): situation là tình huống, fact là kiến thức. Độ "
     "khó: 1 dễ, 2 trung bình, 3 khó.", False),
    ("Dạng câu (type): single một đáp án; multiple nhiều đáp án; true_false Đúng/Sai với lựa "
     "chọn a = Đúng, b = Sai, để trống c và d. Đáp án ghi các chữ cái, ví dụ «b» hoặc «a, c».",
     False),
    ("Mã đề mục phải có trong cả hai bản tiếng Việt và tiếng Anh của chương; mỗi chủ đề "
     "(topic) chỉ được hỏi một lần trong toàn bộ ngân hàng.", False),
    ("Cả ngân hàng còn phải đạt các giới hạn của python -m handbook check, ví dụ đáp án đúng "
     "không được quá thường xuyên là phương án dài nhất; lỗi loại này được ghi «Toàn ngân hàng».",
     False),
    ("Nhập lại: python -m handbook questions import TỆP.xlsx. Nếu có lỗi, các lỗi được liệt kê "
     "theo số dòng và không tệp nào bị ghi.", False),
    ("English", True),
    ("Each row of the «Câu hỏi - Questions» sheet is one question. Do not rename or reorder the "
     "columns and do not add formulas; every cell is text.", False),
    ("Pool: exam questions are for the final test and their keys are never shown in practice; "
     "practice questions are for practice. Kind: situation (a case to handle) or fact. "
     "Difficulty: 1 easy, 2 medium, 3 hard.", False),
    ("Type: single (one right option), multiple (several), true_false (a = True, b = False, "
     "c and d empty). The key lists letters, for example «b» or «a, c».", False),
    ("The heading id must exist in both the Vietnamese and the English chapter; each topic is "
     "asked once in the whole bank.", False),
    ("The whole bank must also meet the limits of python -m handbook check, for example the "
     "right option must not be the longest too often; such errors are marked «Whole bank».",
     False),
    ("Import: python -m handbook questions import FILE.xlsx. On any error the errors are listed "
     "by row and no file is written.", False),
)


def question_row(question):
    """The cells of one question, in the order of ``COLUMNS``."""
    values = {"id": question.id, "chapter": question.chapter, "heading": question.heading,
              "topic": question.topic, "pool": question.pool, "kind": question.kind,
              "type": question.type, "difficulty": str(question.difficulty),
              "key": ", ".join(sorted(question.answer))}
    for lang in LANGUAGES:
        values[f"{lang}_text"] = question.text[lang]
        values[f"{lang}_explanation"] = question.explanation[lang]
        for choice in question.choices:
            values[f"{lang}_{choice.key}"] = choice.text[lang]
    return [values.get(name, "") for name in FIELDS]


def _text_cell(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column)
    cell.value = value if value != "" else None
    cell.data_type = "s"  # never a formula, whatever the text begins with
    cell.number_format = "@"
    return cell


def _table(sheet, headers, widths, rows, spare=0):
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        _text_cell(sheet, 1, column, header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            _text_cell(sheet, number, column, value).alignment = wrap
    for number in range(len(rows) + 2, len(rows) + 2 + spare):
        for column in range(1, len(headers) + 1):
            sheet.cell(row=number, column=column).number_format = "@"
    sheet.freeze_panes = "B2"


def _dropdowns(sheet, last_row):
    for name, allowed in (("pool", POOLS), ("kind", KINDS), ("type", TYPES),
                          ("difficulty", DIFFICULTIES)):
        letter = get_column_letter(FIELDS.index(name) + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(map(str, allowed)) + '"')
        rule.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(rule)


def export_workbook(bank, path):
    """Write the bank to ``path`` (.xlsx): questions, chapter titles and instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = QUESTIONS_SHEET
    rows = [question_row(bank.questions[qid]) for ids in bank.chapters.values() for qid in ids]
    _table(sheet, HEADERS, [c[2] for c in COLUMNS], rows, SPARE_ROWS)
    _dropdowns(sheet, len(rows) + 1 + SPARE_ROWS)
    chapters = book.create_sheet(CHAPTERS_SHEET)
    _table(chapters, CHAPTER_HEADERS, (26, 50, 50),
           [[slug, bank.titles[slug]["vi"], bank.titles[slug]["en"]] for slug in bank.chapters])
    guide = book.create_sheet(HELP_SHEET)
    guide.column_dimensions["A"].width = 110
    for number, (text, title) in enumerate(INSTRUCTIONS, 1):
        cell = _text_cell(guide, number, 1, text)
        cell.font, cell.alignment = Font(bold=title), Alignment(wrap_text=True, vertical="top")
    book.save(path)


def cell_text(cell):
    """``(text, problem code)``: the cell as text, or why it cannot be read as text."""
    value = cell.value
    if value is None:
        return "", None
    if cell.data_type == "f":
        return "", "formula_cell"
    if isinstance(value, datetime | date | time):
        return "", "date_cell"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip(), None


def read_workbook(path):
    """``(rows, chapters, errors)``: each question row as ``(number, {field: text})``.

    ``chapters`` maps slug to ``{language: title}``; ``errors`` are ``(row or None, question id,
    code, params)`` for what could not be read at all.
    """
    try:
        book = load_workbook(path, data_only=False)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        return [], {}, [(None, "", "not_workbook", {"error": error})]
    errors, rows, chapters = [], [], {}
    for name in (QUESTIONS_SHEET, CHAPTERS_SHEET):
        if name not in book.sheetnames:
            errors.append((None, "", "no_sheet", {"sheet": name}))
    if errors:
        return [], {}, errors
    for _, (slug, title_vi, title_en) in _sheet_rows(book[CHAPTERS_SHEET], CHAPTER_HEADERS,
                                                     errors):
        chapters[slug] = {"vi": title_vi or slug, "en": title_en or slug}
    for number, values in _sheet_rows(book[QUESTIONS_SHEET], HEADERS, errors):
        rows.append((number, dict(zip(FIELDS, values, strict=True))))
    return rows, chapters, errors


def _sheet_rows(sheet, headers, errors):
    """The non-empty rows of a sheet under the expected header, cells read as text."""
    found = tuple(cell_text(c)[0] for c in sheet[1][:len(headers)])
    if found != headers:
        errors.append((None, "", "bad_header", {"sheet": sheet.title}))
        return
    for cells in sheet.iter_rows(min_row=2, max_col=len(headers)):
        read = [cell_text(c) for c in cells]
        if all(not text and not code for text, code in read):
            continue
        number = cells[0].row
        for (_, code), header in zip(read, headers, strict=False):
            if code:
                errors.append((number, read[0][0], code, {"column": header}))
        yield number, [text for text, _ in read] + [""] * (len(headers) - len(read))
