"""Roster import: read a CSV or XLSX list of trainees, check every row, then write all or nothing.

Parsing and checking never touch the database for writing; ``plan`` decides, for each row,
whether it enrols an existing account or creates a new one. ``roster_import`` hashes the new
passwords and writes that plan, with the login slips, in one transaction.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

from quiz_server.core import roster_headers, roster_match, roster_read, text_rules, users

MAX_BYTES = roster_read.MAX_BYTES
MAX_ROWS = roster_read.MAX_ROWS
COLUMNS = ("full_name", "unit", "position", "province", "email", "phone", "username")
# The headers of the downloadable template, accepted as well as the English column names.
VI_HEADERS = ("Họ và tên", "Đơn vị", "Chức vụ", "Tỉnh/thành phố", "Email", "Số điện thoại",
              "Tên đăng nhập")
MAX_LENGTHS = {"full_name": 200, "unit": 200, "position": 200, "province": 100, "email": 254,
               "phone": 30, "username": 64}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")



@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; ``row`` is the spreadsheet row (the header is row 1)."""

    row: int
    code: str
    params: dict = field(default_factory=dict)


class RosterError(ValueError):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the roster")
        self.problems = problems


@dataclass
class Entry:
    """A checked row: the trainee's details and what importing it will do."""

    row: int
    full_name: str
    unit: str = ""
    position: str = ""
    province: str = ""
    email: str = ""
    phone: str = ""
    username: str = ""
    user_id: int | None = None  # an existing account to enrol
    password: str | None = None  # set for a new account only
    matched: str = ""  # how an existing account was found: "username" or "details"


HEADER_NAMES = {roster_headers.header_key(name): column
                for name, column in zip(COLUMNS, COLUMNS, strict=True)}
HEADER_NAMES.update({roster_headers.header_key(name): column
                     for name, column in zip(VI_HEADERS, COLUMNS, strict=True)})
HEADER_NAMES.update(roster_headers.SYNONYMS)


def read_table(data, filename=""):
    """The rows of a CSV or XLSX file as lists of text cells (see ``roster_read``)."""
    try:
        return roster_read.read_table(data, filename)
    except roster_read.ReadError as error:
        raise RosterError([Problem(error.row, error.code, error.params)]) from None


def parse(data, filename=""):
    """Checked entries of a roster file, or RosterError listing every problem with its row."""
    table = read_table(data, filename)
    while table and not any(table[-1]):
        table.pop()
    if len(table) < 2:
        raise RosterError([Problem(1, "empty")])
    problems, columns = [], []
    for text in table[0]:
        key = roster_headers.header_key(text)
        if not key or HEADER_NAMES.get(key) is roster_headers.IGNORED:
            columns.append(None)
        elif key not in HEADER_NAMES:
            problems.append(Problem(1, "unknown_column", {"column": text}))
            columns.append(None)
        elif HEADER_NAMES[key] in columns:
            problems.append(Problem(1, "duplicate_column", {"column": text}))
            columns.append(None)
        else:
            columns.append(HEADER_NAMES[key])
    if "full_name" not in columns:
        problems.append(Problem(1, "missing_column"))
    body = [(number, row) for number, row in enumerate(table[1:], 2) if any(row)]
    if len(body) > MAX_ROWS:
        problems.append(Problem(1, "too_many_rows", {"count": len(body)}))
    if problems:
        raise RosterError(problems)
    entries, seen = [], {}
    for number, row in body:
        values = {column: value for column, value in zip(columns, row, strict=False) if column}
        entry = Entry(row=number, **{c: values.get(c, "") for c in COLUMNS})
        problems += check_entry(entry, seen)
        entries.append(entry)
    if problems:
        raise RosterError(problems)
    return entries


def check_entry(entry, seen):
    """Problems of one row; ``seen`` maps usernames given so far (case-folded) to their row."""
    problems = []
    if not entry.full_name:
        problems.append(Problem(entry.row, "missing_name"))
    for column, limit in MAX_LENGTHS.items():
        if text_rules.has_control(getattr(entry, column)):
            problems.append(Problem(entry.row, "control_character", {"column": column}))
        elif len(getattr(entry, column)) > limit:
            problems.append(Problem(entry.row, "too_long", {"column": column, "max": limit}))
    if entry.email and not EMAIL.match(entry.email):
        problems.append(Problem(entry.row, "bad_email", {"value": entry.email}))
    phone = text_rules.normalise_phone(entry.phone)
    if phone is None:
        problems.append(Problem(entry.row, "bad_phone", {"value": entry.phone}))
    else:
        entry.phone = phone
    if entry.username:
        key = text_rules.username_key(entry.username)
        if text_rules.username_problem(entry.username):
            problems.append(Problem(entry.row, "bad_username", {"value": entry.username}))
        elif key in seen:
            problems.append(Problem(entry.row, "duplicate_username",
                                    {"value": entry.username, "other": seen[key]}))
        else:
            seen[key] = entry.row
    return problems


def ascii_letters(text):
    """``Nguyễn Văn Đức`` → ``Nguyen Van Duc``: accents dropped, đ kept as d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c.isspace()))


def username_base(full_name):
    """The usual Vietnamese short form: given name, then initials of the others (``ducnv``)."""
    words = ascii_letters(full_name).lower().split()
    if not words:
        return "hocvien"
    return (words[-1] + "".join(w[0] for w in words[:-1]))[:56]


def _same_person(row, entry):
    return text_rules.username_key(row["full_name"]) == text_rules.username_key(entry.full_name)


def _match_details(db, entries):
    """Rows without a username reuse the one account with the same name and details."""
    problems, claimed = [], {}
    for entry in entries:
        if entry.username or entry.user_id is not None:
            continue
        found = roster_match.candidates(db, entry)
        if len(found) > 1:
            problems.append(Problem(entry.row, "ambiguous_person", {
                "name": entry.full_name, "usernames": ", ".join(r["username"] for r in found)}))
        elif found:
            row = found[0]
            if row["id"] in claimed:
                problems.append(Problem(entry.row, "same_person_twice",
                                        {"other": claimed[row["id"]]}))
            claimed[row["id"]] = entry.row
            entry.user_id, entry.username, entry.matched = row["id"], row["username"], "details"
    return problems


def plan(db, entries):
    """Decide which entries enrol an existing account and give the others a username.

    A given username that exists enrols that account when the name matches; another person's
    username or an organizer's is a problem. Raises RosterError with every problem found.
    """
    problems, taken = [], {e.username.casefold() for e in entries if e.username}
    for entry in entries:
        if not entry.username:
            continue
        row = users.find_row(db, entry.username)
        if row is None:
            continue
        if row["role"] != "trainee":
            problems.append(Problem(entry.row, "username_organizer", {"value": entry.username}))
        elif not _same_person(row, entry):
            problems.append(Problem(entry.row, "username_taken",
                                    {"value": entry.username, "name": row["full_name"]}))
        else:
            entry.user_id, entry.matched = row["id"], "username"
    problems += _match_details(db, entries)
    if problems:
        raise RosterError(problems)
    for entry in entries:
        if entry.user_id is not None:
            continue
        if not entry.username:
            base, number = username_base(entry.full_name), 1
            candidate = base
            while candidate in taken or users.find_row(db, candidate) is not None:
                number += 1
                candidate = f"{base}{number}"
            entry.username = candidate
            taken.add(candidate)
        entry.password = users.generate_password()
    return entries


def new_accounts(entries):
    return [e for e in entries if e.user_id is None]


def template(fmt):
    """The downloadable template: the Vietnamese headers only (an example row could be
    imported by mistake), as CSV with a BOM or as XLSX with text-formatted cells."""
    if fmt == "csv":
        return (",".join(VI_HEADERS) + "\r\n").encode("utf-8-sig")
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sach"
    sheet.append(VI_HEADERS)
    for index, width in enumerate((28, 32, 18, 18, 28, 16, 18)):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = "@"  # phone numbers keep their 0
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
