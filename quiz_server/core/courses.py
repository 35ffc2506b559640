"""Courses and enrolments: the settings of a training course and who takes it."""

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from quiz_server.core import text_rules
from quiz_server.core.hashing import check_password_hash, generate_password_hash
from quiz_server.core.users import now_iso
from quiz_server.db import transaction

MODES = ("in_person", "online", "blended")
# Letters without accents, digits and dashes: the code is part of every URL of the course.
CODE = re.compile(r"^[A-Za-z0-9-]{1,40}$")
REVIEW_RULES = ("never", "after_submit", "after_close")
# Early finishers must not pass the answers on while the rest of the room is still at it.
DEFAULT_REVIEW_RULE = "after_close"


class CourseError(ValueError):
    """A course setting is wrong; ``field`` names it and ``code`` says what is wrong."""

    def __init__(self, field, code, **params):
        super().__init__(f"{field}: {code} {params or ''}".strip())
        self.field, self.code, self.params = field, code, params


@dataclass(frozen=True)
class Course:
    id: int
    code: str
    title_vi: str
    title_en: str
    starts_on: str
    ends_on: str
    place: str
    mode: str
    audience: str
    chapters: tuple
    questions_per_chapter: int
    time_limit_minutes: int
    opens_at: str | None
    closes_at: str | None
    max_attempts: int
    pass_mark: int
    review_rule: str
    has_key: bool
    archived: bool
    enrol_key: str = ""  # shown to organizers; older courses have only the hash
    attendance_min_percent: int = 0  # share of sessions needed to complete (0: none)
    survey_required: bool = False  # completion also needs the end-of-course survey
    enrol_info: str = ""  # how to enrol, shown on the public calendar

    def title(self, locale):
        return self.title_en if locale == "en" and self.title_en else self.title_vi

    def is_open(self, now):
        """Whether the final test accepts new attempts at ``now``."""
        if self.archived:
            return False
        opens = parse_time(self.opens_at)
        closes = parse_time(self.closes_at)
        return (opens is None or now >= opens) and (closes is None or now < closes)


def parse_time(value):
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _row_to_course(row):
    return Course(
        id=row["id"], code=row["code"], title_vi=row["title_vi"], title_en=row["title_en"] or "",
        starts_on=row["starts_on"], ends_on=row["ends_on"], place=row["place"] or "",
        mode=row["mode"], audience=row["audience"] or "",
        chapters=tuple(json.loads(row["chapters"] or "[]")),
        questions_per_chapter=row["questions_per_chapter"],
        time_limit_minutes=row["time_limit_minutes"], opens_at=row["opens_at"],
        closes_at=row["closes_at"], max_attempts=row["max_attempts"], pass_mark=row["pass_mark"],
        review_rule=row["review_rule"], has_key=bool(row["enrol_key_hash"]),
        archived=bool(row["archived"]), enrol_key=row.get("enrol_key") or "",
        attendance_min_percent=row["attendance_min_percent"] or 0,
        survey_required=bool(row["survey_required"]), enrol_info=row["enrol_info"] or "",
    )


class CourseErrors(CourseError):
    """Every wrong setting at once; it reads as the first one where one is expected."""

    def __init__(self, errors):
        first = errors[0]
        super().__init__(first.field, first.code, **first.params)
        self.errors = errors


LIMITS = {"questions_per_chapter": (1, 50), "time_limit_minutes": (1, 600),
          "max_attempts": (1, 20), "pass_mark": (1, 100), "retention_years": (1, 50),
          "attendance_min_percent": (0, 100)}


MULTILINE_FIELDS = ("audience", "enrol_info")


def validate_settings(settings, bank):
    """Normalise course settings; raise CourseErrors naming every wrong one."""
    clean, errors = dict(settings), []
    code = str(clean.get("code", "")).strip()
    if not CODE.fullmatch(code):
        errors.append(CourseError("code", "invalid"))
    clean["code"] = code
    for field in ("title_vi", "title_en", "place", "audience", "enrol_info"):
        clean[field] = unicodedata.normalize("NFC", str(clean.get(field) or "").strip())
        if text_rules.has_control(clean[field], multiline=field in MULTILINE_FIELDS):
            errors.append(CourseError(field, "control"))
    if not clean["title_vi"]:
        errors.append(CourseError("title_vi", "required"))
    for field in ("starts_on", "ends_on"):
        try:
            clean[field] = datetime.strptime(str(clean.get(field)), "%Y-%m-%d").date().isoformat()
        except ValueError:
            errors.append(CourseError(field, "date"))
            clean[field] = None
    if clean["starts_on"] and clean["ends_on"] and clean["ends_on"] < clean["starts_on"]:
        errors.append(CourseError("ends_on", "before_start"))
    if clean.get("mode", "in_person") not in MODES:
        errors.append(CourseError("mode", "choice"))
    clean["review_rule"] = clean.get("review_rule") or DEFAULT_REVIEW_RULE
    if clean["review_rule"] not in REVIEW_RULES:
        errors.append(CourseError("review_rule", "choice"))
    clean["chapters"] = list(clean.get("chapters") or bank.chapters)
    unknown = [c for c in clean["chapters"] if c not in bank.chapters]
    if unknown:
        errors.append(CourseError("chapters", "unknown", chapters=", ".join(unknown)))
    errors += _check_numbers(clean)
    errors += _check_bank(clean, bank)
    errors += _check_window(clean)
    clean["survey_required"] = int(bool(clean.get("survey_required")))
    if errors:
        raise CourseErrors(errors)
    return clean


def _check_numbers(clean):
    errors = []
    for field, (low, high) in LIMITS.items():
        if field in clean:
            try:
                clean[field] = int(clean[field])
            except (TypeError, ValueError):
                errors.append(CourseError(field, "number"))
                continue
            if not low <= clean[field] <= high:
                errors.append(CourseError(field, "range", low=low, high=high))
    return errors


def _check_bank(clean, bank):
    """Every chapter can give the final test its count from the exam pool alone."""
    wanted = clean.get("questions_per_chapter")
    chosen = [c for c in clean["chapters"] if c in bank.chapters]
    if not isinstance(wanted, int) or not chosen:
        return []
    available = min(len(bank.pool(chapter, "exam")) for chapter in chosen)
    if wanted <= available:
        return []
    return [CourseError("questions_per_chapter", "exam_pool", high=available)]


def _check_window(clean):
    errors = []
    for field in ("opens_at", "closes_at"):
        value = clean.get(field)
        clean[field] = None
        if value:
            try:
                clean[field] = parse_time(str(value)).isoformat()
            except ValueError:
                errors.append(CourseError(field, "datetime"))
    if clean["opens_at"] and clean["closes_at"] and clean["closes_at"] <= clean["opens_at"]:
        errors.append(CourseError("closes_at", "before_open"))
    return errors


def _columns(clean):
    """The row to write; the enrolment key is hashed here, before the caller's transaction
    (scrypt holding the write lock would stall every autosave)."""
    row = dict(clean)
    row["chapters"] = json.dumps(clean["chapters"])
    key = clean.get("enrol_key")
    if key is not None:
        row["enrol_key"] = key or None
        row["enrol_key_hash"] = generate_password_hash(key) if key else None
    return row


def create_course(db, bank, **settings):
    clean = validate_settings(settings, bank)
    row = _columns(clean)
    with transaction(db):
        if get_course(db, clean["code"]) is not None:
            raise CourseError("code", "taken")
        db["courses"].insert({**row, "created_at": now_iso(), "updated_at": now_iso()})
    return get_course(db, clean["code"])


def get_course(db, code):
    rows = list(db.query("SELECT * FROM courses WHERE code = ? COLLATE NOCASE", [code]))
    return _row_to_course(rows[0]) if rows else None


def get_course_by_id(db, course_id):
    rows = list(db.query("SELECT * FROM courses WHERE id = ?", [course_id]))
    return _row_to_course(rows[0]) if rows else None


def check_enrol_key(db, course, key):
    row = db.execute("SELECT enrol_key_hash FROM courses WHERE id = ?", [course.id]).fetchone()
    return bool(row and row[0] and key and check_password_hash(row[0], key))


def enrol(db, course_id, user_id):
    """Enrol a user; enrolling twice is harmless."""
    db.execute("INSERT OR IGNORE INTO enrolments (course_id, user_id, enrolled_at) "
               "VALUES (?, ?, ?)", [course_id, user_id, now_iso()])


def enrolment(db, course_id, user_id):
    rows = list(db.query("SELECT * FROM enrolments WHERE course_id = ? AND user_id = ?",
                         [course_id, user_id]))
    return rows[0] if rows else None


def courses_of(db, user_id):
    rows = db.query(
        "SELECT c.* FROM courses c JOIN enrolments e ON e.course_id = c.id "
        "WHERE e.user_id = ? ORDER BY c.starts_on DESC", [user_id])
    return [_row_to_course(row) for row in rows]


def update_course(db, bank, course_id, **settings):
    """Change a course's settings. Running attempts keep the deadline, pass mark and review
    rule they were started with (copied onto each attempt); "after close" review follows the
    course's close time as it is now, so moving the close later delays review too."""
    clean = validate_settings(settings, bank)
    if not clean.get("enrol_key"):
        clean.pop("enrol_key", None)  # an empty key field keeps the current key
    row = _columns(clean)
    with transaction(db):
        other = get_course(db, clean["code"])
        if other is not None and other.id != course_id:
            raise CourseError("code", "taken")
        db["courses"].update(course_id, {**row, "updated_at": now_iso()})
    return get_course_by_id(db, course_id)


def set_archived(db, course_id, archived):
    db["courses"].update(course_id, {"archived": int(archived), "updated_at": now_iso()})


def list_courses(db, include_archived=False):
    """All courses, newest first, grouped by the year they start in."""
    where = "" if include_archived else "WHERE archived = 0"
    rows = db.query(f"SELECT * FROM courses {where} ORDER BY starts_on DESC, code")  # noqa: S608
    by_year = {}
    for row in rows:
        by_year.setdefault(row["starts_on"][:4], []).append(_row_to_course(row))
    return by_year

