"""Course evaluation surveys: at the end of a course and a follow-up months later.

The default forms follow the contents that Circular 10/2017/TT-BNV evaluates: the programme,
the lecturers, the facilities and organisation, the course as a whole, and the effect after the
course (README, "After the course"). Answers are anonymous to organizers: a row of
``survey_answers`` holds the question and the value only, with a random id, so neither a
column nor the order of the rows leads back to a person; ``survey_done`` says who answered
(so nobody answers twice) and holds no time that could be matched to the answers.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from quiz_server.core import record
from quiz_server.db import transaction

KINDS = ("end", "follow_up")
SECTIONS = ("programme", "lecturer", "facilities", "course", "effect")
QUESTION_KINDS = ("scale", "text")
SCALE = (1, 2, 3, 4, 5)
COMMENT_MAX = 2000
# Opened after the last session; the follow-up 3 to 6 months after the course.
WINDOWS = {"end": (0, 30), "follow_up": (90, 180)}

DEFAULT_QUESTIONS = {
    "end": [
        ("programme", "scale", "Nội dung chương trình phù hợp với yêu cầu công việc",
         "The programme's content fits what the job requires"),
        ("programme", "scale", "Chương trình được sắp xếp hợp lý, thời lượng phù hợp",
         "The programme is well ordered and its length is right"),
        ("programme", "scale", "Tài liệu bồi dưỡng đầy đủ, dễ sử dụng",
         "The course materials are complete and easy to use"),
        ("facilities", "scale",
         "Phòng học, trang thiết bị hoặc nền tảng trực tuyến đáp ứng yêu cầu học tập",
         "The room, the equipment or the online platform meet the needs of learning"),
        ("facilities", "scale", "Công tác tổ chức, quản lý lớp và hỗ trợ học viên",
         "The organisation, the class management and the support to trainees"),
        ("course", "scale", "Đánh giá chung về khóa bồi dưỡng",
         "Overall rating of the course"),
        ("course", "text", "Góp ý để nâng cao chất lượng khóa bồi dưỡng",
         "Suggestions to improve the course"),
    ],
    "follow_up": [
        ("effect", "scale", "Kiến thức, kỹ năng của khóa bồi dưỡng được vận dụng vào công việc",
         "What the course taught is used at work"),
        ("effect", "scale", "Chất lượng, hiệu quả công việc được nâng lên sau khóa bồi dưỡng",
         "The quality and results of work improved after the course"),
        ("effect", "text", "Ví dụ về việc vận dụng và đề xuất nội dung cần bồi dưỡng thêm",
         "Examples of use, and what further training is needed"),
    ],
}
LECTURER_QUESTIONS = (
    ("{who}: kiến thức chuyên môn và kinh nghiệm thực tiễn",
     "{who}: expertise and practical experience"),
    ("{who}: phương pháp giảng dạy, khả năng truyền đạt", "{who}: teaching methods and clarity"),
)


class SurveyError(ValueError):
    """A survey change or an answer is refused; ``code`` says why."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Survey:
    id: int
    course_id: int
    kind: str
    opens_on: str
    closes_on: str
    closed: bool = False  # closed by the organizer before its last day

    def is_open(self, today):
        return not self.closed and self.opens_on <= today.isoformat() <= self.closes_on

    def has_opened(self, today):
        return self.closed or today.isoformat() >= self.opens_on

    def has_closed(self, today):
        """Results are shown only then: comparing figures before and after one trainee
        answered would otherwise give away that trainee's answers."""
        return self.closed or today.isoformat() > self.closes_on


def _survey(row):
    return Survey(row["id"], row["course_id"], row["kind"], row["opens_on"], row["closes_on"],
                  bool(row["closed"]))


def default_questions(kind, lecturers=()):
    """The default form; one pair of questions per named lecturer goes after the programme."""
    questions = list(DEFAULT_QUESTIONS[kind])
    if kind == "end":
        names = [n.strip() for n in lecturers if n.strip()] or [""]
        asked = [("lecturer", "scale", vi.format(who=f"Giảng viên {name}".strip()),
                  en.format(who=f"Lecturer {name}".strip()))
                 for name in names for vi, en in LECTURER_QUESTIONS]
        questions[3:3] = asked
    return questions


def create(db, course, kind, lecturers=()):
    """Attach a survey with its default form and dates; one of each kind per course."""
    if kind not in KINDS:
        raise SurveyError("kind")
    start, stop = WINDOWS[kind]
    ends = date.fromisoformat(course.ends_on)
    with transaction(db):
        if db.execute("SELECT 1 FROM surveys WHERE course_id = ? AND kind = ?",
                      [course.id, kind]).fetchone():
            raise SurveyError("exists")
        survey_id = db["surveys"].insert({
            "course_id": course.id, "kind": kind,
            "opens_on": (ends + timedelta(days=start)).isoformat(),
            "closes_on": (ends + timedelta(days=stop)).isoformat()}).last_pk
        for position, (section, qkind, vi, en) in enumerate(default_questions(kind, lecturers)):
            db["survey_questions"].insert({"survey_id": survey_id, "position": position,
                                           "section": section, "kind": qkind,
                                           "text_vi": vi, "text_en": en})
    return survey_id


def of_course(db, course_id):
    return [_survey(r) for r in db.query(
        "SELECT * FROM surveys WHERE course_id = ? ORDER BY kind", [course_id])]


def get(db, course_id, survey_id):
    rows = list(db.query("SELECT * FROM surveys WHERE id = ? AND course_id = ?",
                         [survey_id, course_id]))
    return _survey(rows[0]) if rows else None


def questions(db, survey_id):
    return list(db.query("SELECT * FROM survey_questions WHERE survey_id = ? "
                         "ORDER BY position, id", [survey_id]))


def _editable(survey, today):
    if survey.has_opened(today):
        raise SurveyError("opened")


def set_dates(db, survey, opens_on, closes_on, today):
    """New dates for a survey that has not opened yet."""
    _editable(survey, today)
    try:
        opens, closes = date.fromisoformat(str(opens_on)), date.fromisoformat(str(closes_on))
    except ValueError:
        raise SurveyError("date") from None
    if closes < opens:
        raise SurveyError("before_open")
    db["surveys"].update(survey.id, {"opens_on": opens.isoformat(),
                                     "closes_on": closes.isoformat()})


def add_question(db, survey, section, kind, text_vi, text_en, today):
    _editable(survey, today)
    text_vi, text_en = (text_vi or "").strip()[:300], (text_en or "").strip()[:300]
    if section not in SECTIONS or kind not in QUESTION_KINDS:
        raise SurveyError("choice")
    if not text_vi:
        raise SurveyError("text")
    with transaction(db):
        last = db.execute("SELECT coalesce(max(position), -1) FROM survey_questions "
                          "WHERE survey_id = ?", [survey.id]).fetchone()[0]
        db["survey_questions"].insert({"survey_id": survey.id, "position": last + 1,
                                       "section": section, "kind": kind,
                                       "text_vi": text_vi, "text_en": text_en})


def remove_question(db, survey, question_id, today):
    _editable(survey, today)
    db.execute("DELETE FROM survey_questions WHERE id = ? AND survey_id = ?",
               [question_id, survey.id])


def move_question(db, survey, question_id, step, today):
    """Swap a question with its neighbour above (step -1) or below (step 1)."""
    _editable(survey, today)
    order = [q["id"] for q in questions(db, survey.id)]
    if question_id not in order:
        return
    index = order.index(question_id)
    other = index + step
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        with transaction(db):
            for position, qid in enumerate(order):
                db.execute("UPDATE survey_questions SET position = ? WHERE id = ?",
                           [position, qid])


def close(db, survey):
    """Close a survey now (everyone has answered, or the time is up); it cannot reopen."""
    db["surveys"].update(survey.id, {"closed": 1})


def is_done(db, survey_id, user_id):
    return db.execute("SELECT 1 FROM survey_done WHERE survey_id = ? AND user_id = ?",
                      [survey_id, user_id]).fetchone() is not None


def _clean_answers(db, survey_id, answers):
    rows = []
    for question in questions(db, survey_id):
        given = answers.get(question["id"])
        if question["kind"] == "scale":
            if given not in SCALE:
                raise SurveyError("missing", question=question["id"])
            rows.append((question["id"], given, None))
        elif given and str(given).strip():
            rows.append((question["id"], None, str(given).strip()[:COMMENT_MAX]))
    return rows


def submit(db, survey, user_id, answers, today, now=None):
    """Store one trainee's answers anonymously and mark them done, in one transaction.

    ``answers`` maps question ids to 1–5 (scale) or text. Refused with ``SurveyError``:
    "closed", "not_enrolled", "done" (answered already), "missing" (a scale left empty).
    """
    if not survey.is_open(today):
        raise SurveyError("closed")
    rows = _clean_answers(db, survey.id, answers)
    secrets.SystemRandom().shuffle(rows)
    with transaction(db):
        if db.execute("SELECT 1 FROM enrolments WHERE course_id = ? AND user_id = ?",
                      [survey.course_id, user_id]).fetchone() is None:
            raise SurveyError("not_enrolled")
        if db.execute("INSERT OR IGNORE INTO survey_done (survey_id, user_id) VALUES (?, ?)",
                      [survey.id, user_id]).rowcount == 0:
            raise SurveyError("done")
        for question_id, value, comment in rows:
            db.execute("INSERT INTO survey_answers (id, survey_id, question_id, value, comment) "
                       "VALUES (?, ?, ?, ?, ?)",
                       [secrets.randbelow(2 ** 62) + 1, survey.id, question_id, value, comment])
        record.settle(db, survey.course_id, user_id, now or datetime.now(UTC), "requirements")


def results(db, survey_id):
    """Per question: number of answers, mean and distribution (scale) or the comments (text).

    Comments come sorted, so their order says nothing about who wrote them when.
    """
    out = []
    for question in questions(db, survey_id):
        found = db.execute("SELECT value, comment FROM survey_answers WHERE question_id = ?",
                           [question["id"]]).fetchall()
        values = [v for v, _ in found if v is not None]
        out.append({**question, "answers": len(values) if question["kind"] == "scale"
                    else sum(1 for _, c in found if c),
                    "mean": round(sum(values) / len(values), 2) if values else None,
                    "distribution": [values.count(point) for point in SCALE],
                    "comments": sorted(c for _, c in found if c)})
    return out


def respondents(db, survey_id):
    return db.execute("SELECT count(*) FROM survey_done WHERE survey_id = ?",
                      [survey_id]).fetchone()[0]


def open_for(db, course_id, user_id, today):
    """The course's surveys open today that this trainee has not answered."""
    return [s for s in of_course(db, course_id)
            if s.is_open(today) and not is_done(db, s.id, user_id)]


def overall_mean(result_rows):
    """Mean of every scale answer of a survey, for the annual report."""
    total = sum(sum(p * n for p, n in zip(SCALE, r["distribution"], strict=True))
                for r in result_rows if r["kind"] == "scale")
    count = sum(r["answers"] for r in result_rows if r["kind"] == "scale")
    return round(total / count, 2) if count else None
