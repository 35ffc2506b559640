"""The year's report on task II.5.a of Decision 765: courses held in a date range with their
trainees, attendance, completion, pass rates and survey results.

``gather`` computes the figures once (language-free); ``tables`` lays them out in the reader's
language for the XLSX (one sheet per table) and the PDF (``core/annual_pdf.py``). Trainees are
counted per enrolment: a person in two courses of the year counts in each.
"""

import unicodedata
from collections import defaultdict
from datetime import date

from quiz_server.core import reports, surveys, xlsx_tables
from quiz_server.core.courses import get_course_by_id
from quiz_server.core.survey_export import SECTIONS

# A unit's type read from the first words of its name, as Vietnamese unit names begin with it.
UNIT_TYPES = (
    (("bộ ",), "Bộ, cơ quan ngang bộ", "Ministry"),
    (("cục ", "vụ ", "tổng cục "), "Cục, vụ", "Department of a ministry"),
    (("sở ",), "Sở", "Provincial department"),
    (("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân"), "Ủy ban nhân dân", "People's Committee"),
    (("báo ", "đài ", "tạp chí", "thông tấn"), "Cơ quan báo chí", "Press agency"),
    (("phòng ",), "Phòng", "District office"),
    (("trung tâm",), "Trung tâm", "Centre"),
)
OTHER = ("Khác", "Other")
MODES = {"vi": {"in_person": "Trực tiếp", "online": "Trực tuyến", "blended": "Kết hợp"},
         "en": {"in_person": "In person", "online": "Online", "blended": "Blended"}}


def unit_type(unit, locale):
    name = unicodedata.normalize("NFC", (unit or "").strip()).casefold()
    for prefixes, vi, en in UNIT_TYPES:
        if name.startswith(prefixes):
            return vi if locale == "vi" else en
    return OTHER[0] if locale == "vi" else OTHER[1]


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _course_figures(db, course, today):
    rows = reports.trainee_rows(db, course.id)
    sessions = rows[0]["sessions"] if rows else 0
    attended = sum(r["attended"] for r in rows)
    by_kind = {}
    for survey in surveys.of_course(db, course.id):
        # An open survey's figures would change with each answer: only closed ones count.
        result = surveys.results(db, survey.id) if survey.has_closed(today) else []
        by_kind[survey.kind] = {"respondents": surveys.respondents(db, survey.id),
                                "mean": surveys.overall_mean(result), "questions": result}
    passed = sum(1 for r in rows if r["passed"])
    completed = sum(1 for r in rows if r["completed_at"])
    return {"course": course, "rows": rows, "enrolled": len(rows), "sessions": sessions,
            "attendance": rate(attended, len(rows) * sessions), "passed": passed,
            "pass_rate": rate(passed, len(rows)), "completed": completed,
            "completion_rate": rate(completed, len(rows)), "surveys": by_kind}


def gather(db, start, end, today):
    """Figures for the courses that start between ``start`` and ``end`` (dates, inclusive);
    surveys still open on ``today`` give their number of answers only."""
    found = [get_course_by_id(db, row[0]) for row in db.execute(
        "SELECT id FROM courses WHERE starts_on BETWEEN ? AND ? ORDER BY starts_on, code",
        [start.isoformat(), end.isoformat()]).fetchall()]
    courses = [_course_figures(db, course, today) for course in found]
    enrolled = sum(c["enrolled"] for c in courses)
    return {"start": start, "end": end, "courses": courses,
            "totals": {"courses": len(courses), "enrolled": enrolled,
                       "completed": sum(c["completed"] for c in courses),
                       "passed": sum(c["passed"] for c in courses)}}


def year_range(year):
    return date(year, 1, 1), date(year, 12, 31)


def _groups(data, key):
    groups = defaultdict(lambda: [0, 0, 0])
    for figures in data["courses"]:
        for row in figures["rows"]:
            group = groups[key(row) or "—"]
            group[0] += 1
            group[1] += bool(row["completed_at"])
            group[2] += bool(row["passed"])
    return sorted(groups.items(), key=lambda item: (-item[1][0], item[0]))


WORDS = {
    "vi": {
        "courses": "Khóa bồi dưỡng", "code": "Mã", "title": "Tên khóa", "starts": "Từ ngày",
        "ends": "Đến ngày", "place": "Địa điểm", "mode": "Hình thức", "audience": "Đối tượng",
        "enrolled": "Số học viên", "sessions": "Số buổi", "attendance": "Chuyên cần (%)",
        "completed": "Hoàn thành", "completion_rate": "Tỷ lệ hoàn thành (%)", "passed": "Đạt",
        "pass_rate": "Tỷ lệ đạt (%)", "survey_n": "Số phiếu khảo sát",
        "survey_mean": "Điểm khảo sát (1–5)", "follow_mean": "Khảo sát sau khóa (1–5)",
        "province": "Theo tỉnh/thành phố", "unit_type": "Theo loại đơn vị",
        "position": "Theo chức vụ", "group": "Nhóm", "surveys": "Kết quả khảo sát",
        "survey": "Phiếu", "part": "Phần", "question": "Câu hỏi", "answers": "Số trả lời",
        "mean": "Điểm trung bình", "end": "Cuối khóa", "follow_up": "Sau khóa 3–6 tháng",
        "summary": "Tổng hợp", "item": "Chỉ tiêu", "value": "Số liệu",
        "period": "Thời gian",
    },
    "en": {
        "courses": "Courses", "code": "Code", "title": "Title", "starts": "From",
        "ends": "To", "place": "Place", "mode": "Mode", "audience": "Audience",
        "enrolled": "Trainees", "sessions": "Sessions", "attendance": "Attendance (%)",
        "completed": "Completed", "completion_rate": "Completion rate (%)", "passed": "Passed",
        "pass_rate": "Pass rate (%)", "survey_n": "Survey answers",
        "survey_mean": "Survey mean (1–5)", "follow_mean": "Follow-up mean (1–5)",
        "province": "By province", "unit_type": "By unit type", "position": "By position",
        "group": "Group", "surveys": "Survey results", "survey": "Survey", "part": "Part",
        "question": "Question", "answers": "Answers", "mean": "Mean", "end": "End of course",
        "follow_up": "Follow-up (3–6 months)", "summary": "Summary", "item": "Item",
        "value": "Figure", "period": "Period",
    },
}


def _title(course, locale):
    return course.title(locale)


def course_table(data, locale):
    w = WORDS[locale]
    headers = [w[k] for k in ("code", "title", "starts", "ends", "place", "mode", "audience",
                              "enrolled", "sessions", "attendance", "completed",
                              "completion_rate", "passed", "pass_rate", "survey_n",
                              "survey_mean", "follow_mean")]
    rows = []
    for f in data["courses"]:
        c, end, follow = f["course"], f["surveys"].get("end", {}), f["surveys"].get("follow_up", {})
        rows.append([c.code, _title(c, locale), date.fromisoformat(c.starts_on),
                     date.fromisoformat(c.ends_on), c.place, MODES[locale][c.mode], c.audience,
                     f["enrolled"], f["sessions"], f["attendance"], f["completed"],
                     f["completion_rate"], f["passed"], f["pass_rate"],
                     end.get("respondents", 0), end.get("mean"), follow.get("mean")])
    return w["courses"], headers, rows


def group_tables(data, locale):
    w = WORDS[locale]
    keys = {"province": lambda r: r["province"],
            "unit_type": lambda r: unit_type(r["unit"], locale),
            "position": lambda r: r["position"]}
    headers = [w["group"], w["enrolled"], w["completed"], w["passed"], w["pass_rate"]]
    return [(w[name], headers, [[group, n, done, ok, rate(ok, n)]
                                for group, (n, done, ok) in _groups(data, key)])
            for name, key in keys.items()]


def survey_table(data, locale):
    w = WORDS[locale]
    headers = [w["code"], w["survey"], w["part"], w["question"], w["answers"], w["mean"]]
    rows = []
    for f in data["courses"]:
        for kind, found in sorted(f["surveys"].items()):
            for q in found["questions"]:
                if q["kind"] == "scale":
                    text = q["text_en"] if locale == "en" and q["text_en"] else q["text_vi"]
                    rows.append([f["course"].code, w[kind], SECTIONS[locale][q["section"]],
                                 text, q["answers"], q["mean"]])
    return w["surveys"], headers, rows


def summary_table(data, locale):
    w, t = WORDS[locale], data["totals"]
    period = f"{data['start'].strftime('%d/%m/%Y')} – {data['end'].strftime('%d/%m/%Y')}"
    return w["summary"], [w["item"], w["value"]], [
        [w["period"], period], [w["courses"], t["courses"]], [w["enrolled"], t["enrolled"]],
        [w["completed"], t["completed"]], [w["passed"], t["passed"]],
        [w["pass_rate"], rate(t["passed"], t["enrolled"])]]


def tables(data, locale):
    return [summary_table(data, locale), course_table(data, locale),
            *group_tables(data, locale), survey_table(data, locale)]


def to_xlsx(data, locale):
    return xlsx_tables.workbook(tables(data, locale))
