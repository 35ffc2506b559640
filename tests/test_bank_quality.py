"""``handbook check`` on generated banks: a good one passes, and each limit fails when broken."""

import pytest
from bank_fixture import bank_data, write_root

from handbook import bank_quality, checks
from handbook.__main__ import main

LEGAL_INDEX = """| Số hiệu | Ngày | Cơ quan | Người ký | Trích yếu | Tình trạng | Nguồn |
|---|---|---|---|---|---|---|
| `09/2017/NĐ-CP` | 09/02/2017 | Chính phủ | — | Phát ngôn; hiệu lực 30/3/2017 | Còn hiệu lực | 19 |
| `07/CT-TTg` | 21/3/2023 | Thủ tướng | — | Truyền thông chính sách | Chưa kiểm chứng | 1 |
"""


def examine(tmp_path, mutate=None, legal_index=""):
    data = bank_data()
    if mutate:
        mutate([q for chapter in data.values() for q in chapter["questions"]])
    write_root(tmp_path, data, legal_index)
    return checks.examine_bank(tmp_path)


def failing(tmp_path, mutate, legal_index=""):
    """The statistics that fail, and all problems, after ``mutate`` changed the questions."""
    _, measures, problems = examine(tmp_path, mutate, legal_index)
    return [s.name for s in measures.statistics if not s.ok], problems


def of_type(questions, qtype):
    return [q for q in questions if q["type"] == qtype]


def test_generated_bank_passes(tmp_path):
    bank, measures, problems = examine(tmp_path)
    assert problems == [] and len(bank) == 60
    assert all(s.ok for s in measures.statistics)


def test_longest_option_always_right_fails(tmp_path):
    def longest_right(questions):
        for q in of_type(questions, "single"):
            (key,) = q["answer"]
            for lang in ("vi", "en"):
                q[lang]["choices"][key] += " (theo đúng quy định hiện hành)"
    names, problems = failing(tmp_path, longest_right)
    assert names == ["single: right option uniquely longest (VI)"]
    assert any("uniquely longest (VI): 36/36 (100%); EN 36/36 (100%), limit ≤ 30%" in p
               for p in problems)


def test_per_chapter_counts_pools_and_situations(tmp_path):
    data = bank_data(per_chapter=29)
    for q in data["02-beta"]["questions"]:
        q["kind"], q["pool"] = "fact", "practice"
    for q in data["01-alpha"]["questions"][:25]:
        q["pool"] = "exam"
    write_root(tmp_path, data)
    problems = checks.examine_bank(tmp_path)[2]
    assert "01-alpha: questions: 29, limit ≥ 30" in problems
    assert "01-alpha: practice pool: 1, limit ≥ 5" in problems
    assert "02-beta: exam pool: 0, limit ≥ 20" in problems
    assert "02-beta: situations: 0/29 (0%), limit ≥ 40%" in problems


def test_single_keys_must_spread_over_positions(tmp_path):
    def mostly_c(questions):
        for q in of_type(questions, "single")[:20]:
            q["answer"] = ["c"]
    assert failing(tmp_path, mostly_c)[0] == ["single: keys by position"]


def test_multiple_needs_varied_counts(tmp_path):
    def always_two(questions):
        for q, keys in zip(of_type(questions, "multiple"),
                           [["a", "b"], ["c", "d"], ["a", "c"], ["b", "d"], ["a", "d"], ["b", "c"]]
                           * 2, strict=True):
            q["answer"] = keys
    assert failing(tmp_path, always_two)[0] == ["multiple: number of right options"]


def test_multiple_no_position_always_right(tmp_path):
    def a_always(questions):
        for q, keys in zip(of_type(questions, "multiple"),
                           [["a", "b"], ["a", "c"], ["a", "d"], ["a", "b", "c"], ["a", "c", "d"],
                            ["a", "b", "d"]] * 2, strict=True):
            q["answer"] = keys
    assert failing(tmp_path, a_always)[0] == ["multiple: position right"]


def test_true_false_balance(tmp_path):
    def all_false(questions):
        for q in of_type(questions, "true_false"):
            q["answer"] = ["b"]
    assert failing(tmp_path, all_false)[0] == ["true/false: keyed true"]


@pytest.mark.parametrize("vi, en, flagged", [
    ("Mọi cơ quan phải họp báo", "Agencies hold press conferences", "mọi"),
    ("Cơ quan chỉ đăng tin trên cổng", "The agency posts news on its portal", "chỉ"),
    ("Cơ quan đăng tin trên cổng", "The agency never posts news", "never"),
    ("Chỉ thị 07/CT-TTg đặt chỉ tiêu cho địa chỉ cổng tin", "Directive 07 sets targets", None),
])
def test_absolute_words_in_true_false(tmp_path, vi, en, flagged):
    def absolute(questions):
        statement = of_type(questions, "true_false")[0]
        statement["vi"]["text"], statement["en"]["text"] = vi, en
    names, problems = failing(tmp_path, absolute)
    if flagged:
        assert names == ["true/false: absolute words"]
        assert f"01-q25: true/false statement has absolute words ({flagged})" in problems[0]
    else:
        assert names == [] and problems == []


def test_same_topic_twice(tmp_path):
    def repeat(questions):
        questions[40]["topic"] = questions[3]["topic"]
    names, problems = failing(tmp_path, repeat)
    assert names == ["topics asked twice"]
    assert problems == ["02-q11: topic 01-alpha-topic-4 is already asked by 01-q04"]


def test_near_identical_text(tmp_path):
    def reworded(questions):
        copy = questions[40]
        copy["vi"]["text"] = questions[3]["vi"]["text"].replace("thì sao", "thì làm gì")
        copy["answer"] = questions[3]["answer"]
        copy["vi"]["choices"] = questions[3]["vi"]["choices"]
    names, problems = failing(tmp_path, reworded)
    assert names == ["near-identical texts (≥ 0.9)"]
    assert problems[0].startswith("02-q11: nearly identical to 01-q04")


def _date_question(q, text, dates, key):
    q["vi"]["text"] = text
    q["vi"]["choices"] = dict(zip("abcd", dates, strict=True))
    q["en"]["choices"] = dict(zip("abcd", ("9 February 2017", "30 March 2017", "21 March 2023",
                                           "1 July 2018"), strict=True))
    q["answer"] = [key]


def test_keys_against_legal_index_dates(tmp_path):
    dates = ("09/02/2017", "30/3/2017", "21/3/2023", "01/7/2018")

    def dated(questions):
        single = of_type(questions, "single")
        _date_question(single[0], "Nghị định 09/2017/NĐ-CP được ban hành ngày nào?", dates, "a")
        _date_question(single[1], "Nghị định 09/2017/NĐ-CP có hiệu lực từ ngày nào?", dates, "a")
        _date_question(single[2], "Chỉ thị 07/CT-TTg được ký ngày nào?", dates, "c")
        _date_question(single[3], "Chỉ thị 07/CT-TTg và Nghị định 09/2017/NĐ-CP: ký ngày nào?",
                       dates, "d")  # two documents: not checkable
        statement = of_type(questions, "true_false")[0]  # keyed true
        statement["vi"]["text"] = "Chỉ thị 07/CT-TTg được ban hành ngày 21/3/2021."
    _, measures, problems = examine(tmp_path, dated, LEGAL_INDEX)
    assert measures.statistics[-1].value == "4 checked, 2 contradicted"
    assert problems == [
        "01-q02: key 09/02/2017 contradicts the legal index: 09/2017/NĐ-CP took effect on "
        "30/03/2017",
        "01-q25: key Đúng contradicts the legal index: 07/CT-TTg was issued on 21/03/2023"]


def test_english_key_must_agree_with_the_index_too(tmp_path):
    def english_wrong(questions):
        q = of_type(questions, "single")[0]
        _date_question(q, "Nghị định 09/2017/NĐ-CP được ban hành ngày nào?",
                       ("09/02/2017", "30/3/2017", "21/3/2023", "01/7/2018"), "a")
        q["en"]["choices"]["a"] = "9 March 2017"
    assert len(examine(tmp_path, english_wrong, LEGAL_INDEX)[2]) == 1


def test_check_prints_the_statistics(tmp_path, capsys):
    examine(tmp_path)
    assert main(["check", "--root", str(tmp_path)]) == 1  # the generated docs lack a home page
    out = capsys.readouterr().out
    assert "Question bank: 60 questions in 2 chapters" in out
    assert "| 01-alpha | 30 | 20 | 10 | 12/30 (40%) | ok |" in out
    assert "| single: right option uniquely longest (VI) | 0/36 (0%); EN 0/36 (0%) | ≤ 30% | ok |" \
        in out


def test_limits_are_the_documented_ones():
    assert (bank_quality.MIN_QUESTIONS, bank_quality.MIN_EXAM) == (30, 20)
    assert bank_quality.MAX_LONGEST_RIGHT == 0.30 and bank_quality.POSITION_SHARE == (0.15, 0.35)
