"""Template blocks of the handbook's pages, and what each part of a template is.

Convention (the same in every chapter and in both languages):

- A template is a fenced ``text`` block whose opening fence names its download::

      ```text docx="annual-plan"
      ```text docx="crisis-checklist" layout="form"

  ``docx`` is the file's stable name (lowercase letters, digits, hyphens; unique in the site and
  the same in a page and its English twin). The Vietnamese page's file is ``<docx>.docx``, the
  English one ``<docx>-en.docx``, each written beside its page. ``layout`` is ``admin`` (the
  default: an administrative document in the layout of Decree 30/2020/NĐ-CP) or ``form`` (a
  checklist, log, script, survey or sheet that is filled in, not issued). The build strips the
  annotation, so Markdown sees a plain ``text`` block with its copy button.
- A ``text`` block without ``docx=`` is a template without its download: the check refuses it.

What a block may write, read from its first lines (``split``): the national motto lines (never
needed: the document always prints them); the number line (``Số:`` / ``No.:``); the place and
date line (``[Địa danh], ngày …``, ``Hà Nội, ngày …`` / ``[Place], [day] …``); the subject of an
official letter (``V/v …`` / ``Re: …``, printed under the number); one or more lines in capitals.
The last capitals line is the title (the document type; none for an official letter unless it
writes ``CÔNG VĂN`` / ``OFFICIAL LETTER``); in an administrative document the capitals lines
before it are the agency. Lines right after the title, up to a blank line within two lines, are
the summary (trích yếu). The block's last ``Nơi nhận:`` / ``Recipients:`` line starts the
footer: its ``-`` lines are the recipients, the lines after them the signature block. Whatever a
block does not write is filled with the language's placeholders (``PLACEHOLDERS``). A form with no
capitals first line takes the heading above the block as its title.
"""

import re
from dataclasses import dataclass, field

OPENING = re.compile(r"^(?P<indent>[ \t]*)```text(?P<attrs>(?:\s+[a-z]+=\"[^\"]*\")*)\s*$")
ATTR = re.compile(r'([a-z]+)="([^"]*)"')
HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*(?:\{[^}]*\})?\s*$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LAYOUTS = ("admin", "form")
MOTTO = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
}
PLACEHOLDERS = {
    "vi": {"agency": ["[TÊN CƠ QUAN, ĐƠN VỊ]"], "number": "Số: …/…",
           "place_date": "[Địa danh], ngày … tháng … năm …",
           "recipients": ["- [Cơ quan, đơn vị nhận];", "- Lưu: VT, [đơn vị soạn thảo]."],
           "signature": ["[QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ]", "(Chữ ký, dấu)", "[Họ và tên]"],
           "recipients_label": "Nơi nhận:",
           "source": "Mẫu của Sổ tay truyền thông chính sách: {title}"},
    "en": {"agency": ["[NAME OF AGENCY OR UNIT]"], "number": "No.: …/…",
           "place_date": "[Place], [day] [month] [year]",
           "recipients": ["- [Agencies and units receiving it];",
                          "- Filed: records office, [drafting unit]."],
           "signature": ["[AUTHORITY AND TITLE OF THE SIGNER]", "(Signature and seal)",
                         "[Full name]"],
           "recipients_label": "Recipients:",
           "source": "Template from the Policy communication handbook: {title}"},
}
NUMBER = re.compile(r"^(Số|No\.)\s*:")
# "[Địa danh], ngày …", "Hà Nội, ngày …", "[Place], [day] …", "Hanoi, 5 May 2026"
PLACE_DATE = re.compile(r"^[^,]{1,40}, (ngày\b|\[(giờ|day|time|date)\]|\d{1,2} [A-Z]|…)")
LETTER = re.compile(r"^(V/v|Re:)\s")
RECIPIENTS = re.compile(r"^(Nơi nhận|Recipients)\s*:\s*$")
BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")


@dataclass
class Block:
    """A template block as the page writes it."""

    name: str | None
    layout: str
    lines: list
    heading: str
    first_line: int  # 1-based line of the opening fence
    indent: str
    end_line: int  # 1-based line of the closing fence


@dataclass
class Template:
    """The parts of one template, ready to be laid out."""

    lang: str
    layout: str
    agency: list
    number: str
    place_date: str
    title: list
    summary: list
    body: list
    recipients: list
    signature: list
    source: str = ""
    written: set = field(default_factory=set)  # parts the block itself writes


def language_of(src_uri):
    return "en" if src_uri.endswith(".en.md") else "vi"


def file_name(name, lang):
    return f"{name}.docx" if lang == "vi" else f"{name}-en.docx"


def find_blocks(markdown):
    """Every ``text`` block of a page, with its annotation and the heading above it."""
    lines = markdown.splitlines()
    blocks, heading, number = [], "", 0
    while number < len(lines):
        line = lines[number]
        found = HEADING.match(line)
        if found:
            heading = found["text"]
        opening = OPENING.match(line)
        if not opening:
            number += 1
            continue
        indent, attrs = opening["indent"], dict(ATTR.findall(opening["attrs"]))
        end = number + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        content = [text[len(indent):] if text.startswith(indent) else text.lstrip()
                   for text in lines[number + 1:end]]
        blocks.append(Block(attrs.get("docx"), attrs.get("layout", "admin"), content, heading,
                            number + 1, indent, end + 1))
        number = end + 1
    return blocks


def annotation_problems(block):
    """Why a block's annotation is not usable, or an empty list."""
    if block.name is None:
        return ['template block without its .docx (open it with ```text docx="name")']
    problems = []
    if not NAME.match(block.name):
        problems.append(f'docx="{block.name}": use lowercase letters, digits and hyphens')
    if block.layout not in LAYOUTS:
        problems.append(f'layout="{block.layout}": use one of {", ".join(LAYOUTS)}')
    return problems


def is_capitals(line):
    """A line in capitals once its [placeholders] and (glosses) are set aside."""
    letters = [c for c in BRACKETS.sub("", line) if c.isalpha()]
    letters = letters or [c for c in line if c.isalpha()]  # "[TÊN CƠ QUAN]" is all placeholder
    return bool(letters) and all(c.isupper() for c in letters)


def split(block, lang):
    """The block's parts (``Template``), placeholders filling what it does not write."""
    defaults = PLACEHOLDERS[lang]
    lines = [line.rstrip() for line in block.lines]
    while lines and not lines[-1].strip():
        lines.pop()
    capitals, number, place_date, letter, start = [], None, None, None, len(lines)
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or text.replace("–", "-") in MOTTO[lang]:
            continue
        if NUMBER.match(text):
            number = text
        elif PLACE_DATE.match(text):
            place_date = text
        elif LETTER.match(text):
            letter = text
        elif is_capitals(text) and not text.startswith(("[ ]", "|")):
            capitals.append(text)
        else:
            start = index
            break
    title, agency = capitals[-1:], capitals[:-1]
    if block.layout == "form":
        title, agency = capitals, []
    if letter:  # an official letter: its subject (V/v) stands under the number
        named = capitals[-1:] == ["CÔNG VĂN"] or capitals[-1:] == ["OFFICIAL LETTER"]
        title, agency = (capitals[-1:], capitals[:-1]) if named else ([], capitals)
    body = lines[start:]
    summary = []
    blank = next((i for i, line in enumerate(body[:3]) if not line.strip()), None)
    if letter:
        summary = [letter]
    elif title and blank and block.layout == "admin":
        summary, body = [line.strip() for line in body[:blank]], body[blank + 1:]
    recipients, signature = [], []
    marks = [i for i, line in enumerate(body) if RECIPIENTS.match(line.strip())]
    if marks and block.layout == "admin":
        footer, body = body[marks[-1] + 1:], body[:marks[-1]]
        recipients = [line.strip() for line in footer if line.strip().startswith("-")]
        signature = [line.strip() for line in footer
                     if line.strip() and not line.strip().startswith("-")]
    written = {part for part, value in (("agency", agency), ("number", number),
                                        ("place_date", place_date), ("title", title),
                                        ("recipients", recipients), ("signature", signature))
               if value}
    if not title and not letter:
        title = [block.heading]
    return Template(lang, block.layout, agency or defaults["agency"],
                    number or defaults["number"], place_date or defaults["place_date"],
                    title, summary, body, recipients or defaults["recipients"],
                    signature or defaults["signature"],
                    defaults["source"].format(title=block.heading), written)


def strip_annotations(markdown, link_for):
    """The page's Markdown with plain ``text`` fences and a download link after each block.

    ``link_for(block)`` gives the Markdown (raw HTML) of the link, or None for no link.
    """
    lines = markdown.splitlines()
    for block in reversed(find_blocks(markdown)):
        lines[block.first_line - 1] = f"{block.indent}```text"
        link = link_for(block)
        if link:
            lines[block.end_line:block.end_line] = ["", f"{block.indent}{link}", ""]
    return "\n".join(lines) + "\n"
