"""A template (``handbook.templates``) as a .docx, and the check that a .docx has its parts.

The layout follows Decree 30/2020/NĐ-CP on clerical work: A4, Times New Roman; at the top a
two-column table (agency and number on the left; the national motto lines and the place and date
on the right); the title and summary centred; the body; at the foot a two-column table
(recipients on the left, the signature block on the right). A form (``layout="form"``) has the
agency, the title, the body and a last line naming the handbook page it comes from, so a copy
that circulates can be traced to the page that keeps it up to date.

Every part is written in a paragraph style of its own (``STYLES``): the check reads a .docx back
and looks for those styles, and for the exact motto lines, instead of guessing from the text.
Lines of the body that start with ``|`` (or hold two `` | `` separators) become a Word table;
lines in capitals are bold.
"""

import re
from io import BytesIO

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from .templates import MOTTO, is_capitals

ITEM = re.compile(r"^(\d+[.)]|[IVX]+\.|[A-Z]\.|[-•*]|\[ \]|\|)")
WRAPPED = 60  # a line at least this long, ending mid-sentence, was wrapped for the page

FONT = "Times New Roman"
STYLES = {
    "agency": "ND30 Agency", "number": "ND30 Number", "motto": "ND30 Motto",
    "place_date": "ND30 Place and date", "title": "ND30 Title", "body": "ND30 Body",
    "recipients": "ND30 Recipients", "signature": "ND30 Signature", "source": "ND30 Source",
}
STYLE_IDS = {part: name.replace(" ", "") for part, name in STYLES.items()}
REQUIRED = {
    "admin": ("agency", "number", "motto", "place_date", "title", "body", "recipients",
              "signature"),
    "form": ("agency", "title", "body", "source"),
}
SIZES = {"agency": 13, "number": 13, "motto": 13, "place_date": 13, "title": 14, "body": 13,
         "recipients": 11, "signature": 13, "source": 10}
CENTRED = {"agency", "number", "motto", "place_date", "title", "signature"}


def add_styles(document):
    base = document.styles["Normal"]
    base.font.name, base.font.size = FONT, Pt(13)
    for part, name in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = STYLE_IDS[part]
        style.base_style = base
        style.font.name, style.font.size = FONT, Pt(SIZES[part])
        style.font.bold = part in {"title", "motto", "signature"}
        style.font.italic = part in {"place_date", "source"}
        format_ = style.paragraph_format
        format_.space_after = Pt(0 if part in {"recipients", "agency", "motto"} else 4)
        if part in CENTRED:
            format_.alignment = WD_ALIGN_PARAGRAPH.CENTER


def set_page(document):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def write(cell_or_doc, part, text, first=False):
    """A paragraph of ``text`` in the part's style; ``first`` reuses a table cell's paragraph."""
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    # The style id is set directly: assigning by name searches every style each time.
    paragraph._p.get_or_add_pPr().style = STYLE_IDS[part]
    paragraph.add_run(text)
    return paragraph


def two_columns(document, widths):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
    return table.rows[0].cells


def write_header(document, template):
    if template.layout == "form":
        for line in template.agency:
            write(document, "agency", line).alignment = WD_ALIGN_PARAGRAPH.LEFT
        return
    left, right = two_columns(document, (6.5, 10))
    for number, line in enumerate(template.agency):
        write(left, "agency", line, first=number == 0).runs[0].bold = number > 0 or len(
            template.agency) == 1
    write(left, "number", template.number)
    if not template.title:  # an official letter's subject (V/v) stands under its number
        for line in template.summary:
            write(left, "title", line).runs[0].font.size = Pt(12)
    write(right, "motto", MOTTO[template.lang][0], first=True)
    write(right, "motto", MOTTO[template.lang][1])
    write(right, "place_date", template.place_date)


def write_table(document, rows):
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    width = max(len(row) for row in cells)
    table = document.add_table(rows=len(cells), cols=width)
    table.style = document.styles["Table Grid"]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            write(cell, "body", value, first=True).runs[0].font.size = Pt(11)


def unwrap(lines):
    """Lines wrapped to fit the page joined again, so Word reflows them as one paragraph."""
    joined = []
    for line in lines:
        previous = joined[-1] if joined else ""
        text = line.strip()
        if (len(previous.strip()) >= WRAPPED and text and not ITEM.match(text)
                and previous.rstrip()[-1] not in ".;:!?" and not is_capitals(previous)
                and not is_capitals(text) and not is_row(previous) and not is_row(text)
                and "  " not in previous.strip()):
            joined[-1] = f"{previous.rstrip()} {text}"
        else:
            joined.append(line)
    return joined


def is_row(line):
    """A table row: ``| a | b |``, or ``a | b | c`` with at least two separators."""
    return line.lstrip().startswith("|") or line.count(" | ") >= 2


def write_body(document, lines):
    rows = []
    for line in [*unwrap(lines), ""]:
        if is_row(line):
            rows.append(line)
            continue
        if rows:
            write_table(document, rows)
            rows = []
        if not line.strip():
            continue
        paragraph = write(document, "body", line.strip())
        indent = len(line) - len(line.lstrip())
        if indent:
            paragraph.paragraph_format.left_indent = Cm(0.3 * indent)
        paragraph.runs[0].bold = is_capitals(line) or None


def write_footer(document, template):
    if template.layout == "form":
        write(document, "source", template.source)
        return
    left, right = two_columns(document, (8, 8.5))
    label = write(left, "recipients", "Nơi nhận:" if template.lang == "vi" else "Recipients:",
                  first=True)
    label.runs[0].bold = label.runs[0].italic = True
    for line in template.recipients:
        write(left, "recipients", line)
    for number, line in enumerate(template.signature):
        paragraph = write(right, "signature", line, first=number == 0)
        paragraph.runs[0].bold = not line.startswith("(")
        paragraph.runs[0].italic = line.startswith("(")


def build(template):
    """The .docx of a template, as bytes."""
    document = docx.Document()
    set_page(document)
    add_styles(document)
    document.core_properties.title = " ".join(template.title)
    document.core_properties.language = template.lang
    write_header(document, template)
    document.add_paragraph()
    for line in template.title:
        write(document, "title", line)
    for line in template.summary if template.title else ():
        write(document, "title", line).runs[0].font.size = Pt(13)
    write_body(document, template.body)
    document.add_paragraph()
    write_footer(document, template)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def paragraphs(document):
    """Every paragraph, those of table cells included, in order."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def layout_problems(data, layout, lang):
    """What a .docx lacks of its layout (empty when it opens and has every required part)."""
    try:
        document = docx.Document(BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        return [f"does not open with python-docx ({type(error).__name__})"]
    found = {}
    for paragraph in paragraphs(document):
        if paragraph.text.strip():
            found.setdefault(paragraph.style.name, []).append(paragraph.text.strip())
    problems = [f"lacks its {part.replace('_', ' ')} ({STYLES[part]})"
                for part in REQUIRED.get(layout, ()) if not found.get(STYLES[part])]
    if layout == "admin" and found.get(STYLES["motto"]) and found[STYLES["motto"]][:2] != list(
            MOTTO[lang]):
        problems.append(f"national motto lines are not {' / '.join(MOTTO[lang])}")
    return problems
