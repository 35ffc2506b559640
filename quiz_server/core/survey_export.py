"""A survey's anonymous results as XLSX: one sheet of figures per question, one of comments."""

from quiz_server.core import xlsx_tables
from quiz_server.core.surveys import SCALE

XLSX_MIMETYPE = xlsx_tables.MIMETYPE
LABELS = {
    "vi": {"results": "Kết quả", "comments": "Ý kiến", "question": "Câu hỏi", "part": "Phần",
           "answers": "Số trả lời", "mean": "Điểm trung bình", "respondents": "Số người trả lời",
           "comment": "Ý kiến"},
    "en": {"results": "Results", "comments": "Comments", "question": "Question", "part": "Part",
           "answers": "Answers", "mean": "Mean", "respondents": "Respondents",
           "comment": "Comment"},
}
SECTIONS = {
    "vi": {"programme": "Chương trình", "lecturer": "Giảng viên",
           "facilities": "Cơ sở vật chất và tổ chức", "course": "Khóa bồi dưỡng",
           "effect": "Hiệu quả sau bồi dưỡng"},
    "en": {"programme": "Programme", "lecturer": "Lecturers",
           "facilities": "Facilities and organisation", "course": "The course as a whole",
           "effect": "Effect after the course"},
}


def question_text(row, locale):
    return row["text_en"] if locale == "en" and row["text_en"] else row["text_vi"]


def to_xlsx(results, locale, respondents):
    words = LABELS[locale]
    headers = [words["part"], words["question"], words["answers"], words["mean"],
               *(str(point) for point in SCALE)]
    rows = [[SECTIONS[locale][r["section"]], question_text(r, locale), r["answers"], r["mean"],
             *(r["distribution"] if r["kind"] == "scale" else [None] * len(SCALE))]
            for r in results]
    rows.append([words["respondents"], "", respondents, None, *([None] * len(SCALE))])
    comments = [[question_text(r, locale), comment]
                for r in results if r["kind"] == "text" for comment in r["comments"]]
    return xlsx_tables.workbook([(words["results"], headers, rows),
                                 (words["comments"], [words["question"], words["comment"]],
                                  comments)])
