"""Problems found in the question bank, readable in Vietnamese or English.

A problem is a ``str`` (its English form, ``"where: message"``) so that every caller that prints or
joins problems keeps working; it also carries the question id and a message code, so that the
spreadsheet import can place it on a row and say it in the reviewer's language.
"""

MESSAGES = {
    "bad_type": ("type phải là một trong {types}",
                 "type must be one of {types}"),
    "lang_parts": ("phần {lang} cần có text, choices và explanation",
                   "{lang} needs text, choices and explanation"),
    "keys_differ": ("các khóa lựa chọn khác nhau giữa hai ngôn ngữ ({vi} / {en})",
                    "choice keys differ between languages ({vi} / {en})"),
    "empty_choice": ("lựa chọn {key} ({lang}) để trống", "choice {key} ({lang}) is empty"),
    "answer_not_choice": ("đáp án {keys} không phải là khóa lựa chọn",
                          "answer {keys} is not a choice key"),
    "one_key": ("câu hỏi dạng {qtype} cần đúng một đáp án",
                "a {qtype} question needs exactly one correct key"),
    "two_keys": ("câu hỏi dạng multiple cần ít nhất hai đáp án đúng",
                 "a multiple question needs at least two correct keys"),
    "choice_keys": ("câu hỏi dạng {qtype} phải có các lựa chọn {keys}",
                    "a {qtype} question has the choices {keys}"),
    "true_false_labels": ("câu Đúng/Sai: lựa chọn a là Đúng/True, b là Sai/False",
                          "a true_false question has a: Đúng/True and b: Sai/False"),
    "no_heading": ("thiếu mã đề mục (heading)", "no heading id"),
    "no_topic": ("thiếu chủ đề (topic)", "no topic"),
    "bad_field": ("{field_vi} phải là một trong {allowed}",
                  "{field} must be one of {allowed}"),
    "duplicate_id": ("mã câu hỏi {id} bị trùng", "duplicate question id {id}"),
    "too_few": ("{count} câu hỏi, mỗi chương cần ít nhất {minimum}",
                "{count} questions, a chapter needs at least {minimum}"),
    "bad_yaml": ("không phải YAML hợp lệ ({error})", "not valid YAML ({error})"),
    "bad_chapter": ("chapter phải là {expected!r}, đang là {found!r}",
                    "chapter must be {expected!r}, found {found!r}"),
    "no_page": ("không có trang chương {page}", "no chapter page {page}"),
    "heading_missing": ("đề mục #{heading} không có trong {pages}",
                        "heading #{heading} is not in {pages}"),
    "duplicate_topic": ("chủ đề {topic} đã được hỏi ở {other}",
                        "topic {topic} is already asked by {other}"),
    "near_identical": ("gần trùng với {other} (độ giống {ratio:.2f})",
                       "nearly identical to {other} (similarity {ratio:.2f})"),
    "absolute_words": ("câu Đúng/Sai có từ tuyệt đối ({words}), người làm bài đoán được đáp án",
                       "true/false statement has absolute words ({words}) that give the key away"),
    "legal_date": ("đáp án {keyed} mâu thuẫn với chỉ mục văn bản: {number} {what} ngày {date}",
                   "key {keyed} contradicts the legal index: {number} {what_en} on {date}"),
    "limit": ("{statistic_vi}: {value}, giới hạn {limit}",
              "{statistic}: {value}, limit {limit}"),
    # reading a spreadsheet
    "not_workbook": ("không đọc được tệp bảng tính ({error})", "not a readable workbook ({error})"),
    "no_sheet": ("thiếu trang «{sheet}»", "the sheet «{sheet}» is missing"),
    "bad_header": ("dòng tiêu đề của trang «{sheet}» đã bị sửa hoặc các cột đã bị đổi chỗ",
                   "the header of the sheet «{sheet}» was changed or its columns moved"),
    "formula_cell": ("ô «{column}» chứa công thức; chỉ nhập văn bản",
                     "the cell «{column}» holds a formula; enter text only"),
    "date_cell": ("ô «{column}» được hiểu là ngày tháng; định dạng ô là văn bản rồi nhập lại",
                  "the cell «{column}» was read as a date; format it as text and type it again"),
    "no_id": ("thiếu mã câu hỏi", "no question id"),
    "same_id": ("mã câu hỏi {id} đã dùng ở dòng {row}",
                "question id {id} already used on row {row}"),
    "unknown_chapter": ("chương {chapter!r} không có trong trang Chương",
                        "chapter {chapter!r} is not in the Chapters sheet"),
    "extra_choices": ("câu Đúng/Sai chỉ có lựa chọn a và b; để trống c và d",
                      "a true_false question has only choices a and b; leave c and d empty"),
}


FIELDS_VI = {"pool": "kho (pool)", "kind": "loại nội dung (kind)",
             "difficulty": "độ khó (difficulty)"}


class Problem(str):
    """One problem: the English line, plus ``qid``, ``code`` and ``params`` for other languages."""

    def __new__(cls, where, code, qid="", **params):
        self = super().__new__(cls, f"{where}: {MESSAGES[code][1].format(**params)}")
        self.where, self.code, self.qid, self.params = where, code, qid, params
        return self

    def text(self, lang="en"):
        """The message alone (without where it was found) in ``lang``."""
        return MESSAGES[self.code][0 if lang == "vi" else 1].format(**self.params)
