"""Checks of the handbook's voice and sourcing: official guidance speaks impersonally, keeps its
open questions in one dated box per chapter, and cites public pages a reader can open."""

import re
import unicodedata
from pathlib import Path

from . import pages

FIRST_PERSON = re.compile(r"\bchúng\s+tôi\b", re.IGNORECASE)
BOX_TITLE = re.compile(r'^[!?]{3}\+?\s+\w+\s+"(Điểm cần kiểm tra|Points to check)\b[^"]*"',
                       re.MULTILINE)
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
          "|December")
DATED_BOX = {
    "vi": re.compile(r'^!!! question "Điểm cần kiểm tra \(cập nhật (0?[1-9]|1[0-2])/\d{4}\)"\s*$',
                     re.MULTILINE),
    "en": re.compile(rf'^!!! question "Points to check \(as of ({MONTHS}) \d{{4}}\)"\s*$',
                     re.MULTILINE),
}
PUBLIC_LINK = re.compile(r"\[[^\]]+\]\(https?://[^\s)]+\)")
BLANK_DATES = {"", "—", "–", "-", "?"}
DATE_HEADERS = {"ngày", "date"}
SOURCE_HEADERS = {"nguồn", "source"}


def _lines(path):
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return text.splitlines()


def check_first_person(docs_dir):
    """No "chúng tôi" anywhere: the handbook is official guidance, not an editors' letter."""
    problems = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        for number, line in enumerate(_lines(path), 1):
            if FIRST_PERSON.search(line):
                problems.append(f'{path}:{number}: "chúng tôi" in an official handbook; '
                                "write impersonally")
    return problems


def check_points_to_check(chapters):
    """Each chapter twin has exactly one box in the exact dated form of the module docstring."""
    problems = []
    for vi in chapters:
        for language, path in (("vi", vi), ("en", pages.twin_of(vi))):
            if not path.exists():
                continue
            text = pages.FENCE.sub("", path.read_text(encoding="utf-8"))
            boxes = BOX_TITLE.findall(text)
            dated = DATED_BOX[language].findall(text)
            if len(boxes) != 1 or len(dated) != 1:
                problems.append(
                    f"{path}: needs exactly one dated points-to-check box "
                    f"({len(boxes)} box(es), {len(dated)} in the dated form "
                    f"{DATED_BOX[language].pattern!r})")
    return problems


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _tables(lines):
    """(line number, header cells, row cells) for each data row of each Markdown table."""
    header = None
    for number, line in enumerate(lines, 1):
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = [c.lower() for c in cells]
        elif not all(set(c) <= set("-: ") for c in cells):
            yield number, header, cells


def _column(header, names):
    return next((i for i, name in enumerate(header) if name in names), None)


def check_legal_index_rows(docs_dir):
    """Every legal-index row has a date and a source cell made only of links to public pages."""
    problems = []
    for name in ("legal-index.md", "legal-index.en.md"):
        path = Path(docs_dir) / "reference" / name
        if not path.exists():
            continue
        for number, header, cells in _tables(_lines(path)):
            date, source = _column(header, DATE_HEADERS), _column(header, SOURCE_HEADERS)
            where = f"{path}:{number}"
            if date is not None and cells[date].strip("` ") in BLANK_DATES:
                problems.append(f"{where}: blank date")
            if source is not None:
                rest = PUBLIC_LINK.sub("", cells[source]).strip(" ;,.")
                if not PUBLIC_LINK.search(cells[source]) or rest:
                    problems.append(f"{where}: source cell must be links to public http(s) "
                                    f"pages only, found {cells[source]!r}")
    return problems
