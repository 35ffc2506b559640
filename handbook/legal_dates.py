"""Keys that can be checked against the legal index: the dates of the documents it lists.

Rule (kept narrow so it never flags a question it does not understand): a question is checked
when its Vietnamese text names exactly one document of the index whose date is known, and says
which date it asks for — "hiệu lực" (in force) for the effective date given in the summary column,
otherwise "ban hành", "ký" or "thông qua" for the date column. A single-choice question is
checked when every choice is a date: the keyed choice must be that date, in both languages. A
true/false statement is checked when it states one date: it must be keyed true exactly when the
date is right.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .pages import DOC_NUMBER
from .problems import Problem

# | `number` | date | issuer | signer | summary | status | source |
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]*?)\s*\|(?:[^|]*\|){2}([^|]*\|[^|]*)\|", re.M)
VI_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")
EN_DATE = re.compile(r"^(?:on\s+)?(\d{1,2}) (" + "|".join(EN_MONTHS) + r") (\d{4})$", re.I)
IN_FORCE = re.compile(r"hiệu lực(?: từ(?: ngày)?)? (\d{1,2}/\d{1,2}/\d{4})")
ASKS_EFFECTIVE = re.compile(r"hiệu lực")
ASKS_ISSUED = re.compile(r"ban hành|(?<!đăng )\bký\b(?! hiệu)|thông qua")
WHAT = {"issued": ("được ban hành", "was issued"), "effective": ("có hiệu lực", "took effect")}


@dataclass(frozen=True)
class DocumentDates:
    issued: date | None
    effective: date | None


def vi_date(text):
    match = VI_DATE.fullmatch(text.strip().removeprefix("ngày ").strip())
    return _date(match.group(3), match.group(2), match.group(1)) if match else None


def en_date(text):
    match = EN_DATE.match(text.strip())
    if not match:
        return None
    return _date(match.group(3), EN_MONTHS.index(match.group(2).lower()) + 1, match.group(1))


def _date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_index(path):
    """Document number -> its dates, from the tables of ``docs/reference/legal-index.md``."""
    path = Path(path)
    if not path.exists():
        return {}
    index = {}
    for number, issued, summary_and_status in ROW.findall(path.read_text(encoding="utf-8")):
        effective = IN_FORCE.search(summary_and_status)  # the summary's date comes first
        index[number] = DocumentDates(vi_date(issued), effective and vi_date(effective.group(1)))
    return index


def _asked(question, index):
    """(number, which date, the date) the question asks about, or None if it cannot be checked."""
    text = question.text["vi"]
    which = ("effective" if ASKS_EFFECTIVE.search(text) else
             "issued" if ASKS_ISSUED.search(text) else None)
    if which is None:
        return None
    named = {n for n in DOC_NUMBER.findall(text)
             if n in index and getattr(index[n], which) is not None}
    if len(named) != 1:
        return None
    number = named.pop()
    return number, which, getattr(index[number], which)


def check_question(question, index):
    """``(checked, problems)`` for one question against the index."""
    asked = _asked(question, index)
    if asked is None or not question.answer:
        return False, []
    number, which, expected = asked
    keyed = question.choice(min(question.answer))
    if question.type == "single":
        if not all(vi_date(c.text["vi"]) for c in question.choices):
            return False, []
        keyed_en = en_date(keyed.text["en"])  # an English date it cannot read is not checked
        right = vi_date(keyed.text["vi"]) == expected and keyed_en in (expected, None)
    elif question.type == "true_false":
        stated = VI_DATE.findall(question.text["vi"])
        if len(stated) != 1:
            return False, []
        stated_right = _date(stated[0][2], stated[0][1], stated[0][0]) == expected
        right = stated_right == (keyed.key == "a")
    else:
        return False, []
    if right:
        return True, []
    return True, [Problem(question.id, "legal_date", question.id, keyed=keyed.text["vi"],
                          number=number, what=WHAT[which][0], what_en=WHAT[which][1],
                          date=f"{expected.day:02d}/{expected.month:02d}/{expected.year}")]
