"""Whether the bank measures learning: its statistics, and the limits past which the check fails.

Every limit is below, with the reason for its value. ``measure(bank)`` gives the statistics and
the problems; ``report(...)`` prints them in a form that can be pasted into a note.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from . import legal_dates
from .problems import Problem

# A final test draws from a chapter; 30 questions, 20 of them never shown in practice, leave a
# ten-question draw from unseen questions for two retakes.
MIN_QUESTIONS = 30
MIN_EXAM = 20
# The handbook links every chapter to its practice quiz, which draws from the practice pool only.
MIN_PRACTICE = 5
# The course trains what an officer does; at least 40% of a chapter asks it through a case.
MIN_SITUATIONS = 0.40
# With four options "pick the longest" is right 25% of the time by chance; 30% leaves room for
# answers that are naturally a little longer, and the bank had 44% before the rebuild.
MAX_LONGEST_RIGHT = 0.30
# Each of a–d keys 25% of single-choice questions by chance; 15–35% is about three standard
# deviations at 180 questions, so a random key passes and a habit ("c when unsure") fails.
POSITION_SHARE = (0.15, 0.35)
# Multiple choice: "always three of four" and "a is always right" are both strategies.
MAX_SAME_COUNT = 0.60
MAX_POSITION_RIGHT = 0.70
# True/false: "when unsure, answer false" must not pay.
TRUE_SHARE = (0.40, 0.60)
# Same question asked twice, worded slightly differently (text with its right answer).
NEAR_IDENTICAL = 0.90
# Absolute words make a statement guessable whatever its key: a test-wise reader answers
# "false", so a true absolute statement tests that habit, not knowledge. They are flagged in
# every true/false statement. "chỉ" is "only" unless it begins a compound (chỉ thị, chỉ tiêu...).
ABSOLUTE_WORDS = {
    "vi": (r"(?<!địa )\bchỉ\b(?! (?:thị|tiêu|đạo|số|định|ra|rõ|dẫn|huy|trích|báo|mục)\b)",
           r"\bmọi\b", r"\btoàn bộ\b", r"\btất cả\b", r"\bkhông cần\b", r"\bluôn luôn\b",
           r"\bkhông bao giờ\b"),
    "en": (r"\bonly\b", r"\ball\b", r"\bevery(?:one|thing|where)?\b", r"\bnever\b",
           r"\balways\b", r"\bno need\b"),
}


@dataclass
class Statistic:
    name: str  # English
    name_vi: str
    value: str
    limit: str
    ok: bool = True


@dataclass
class Measures:
    chapters: list = field(default_factory=list)  # (chapter, total, exam, practice, situations)
    statistics: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def share(part, whole):
    return part / whole if whole else 0.0


def ratio(part, whole):
    return f"{part}/{whole} ({share(part, whole):.0%})"


def uniquely_longest_right(question, lang):
    lengths = {c.key: len(c.text[lang].strip()) for c in question.choices}
    (key,) = question.answer
    return all(lengths[key] > n for k, n in lengths.items() if k != key)


def _limit(measures, name, name_vi, value, limit, ok):
    measures.statistics.append(Statistic(name, name_vi, value, limit, ok))
    if not ok:
        measures.problems.append(Problem("bank", "limit", statistic=name, statistic_vi=name_vi,
                                         value=value, limit=limit))


def measure_chapters(bank, measures):
    for chapter, ids in bank.chapters.items():
        questions = [bank.questions[qid] for qid in ids]
        exam = sum(q.pool == "exam" for q in questions)
        practice = sum(q.pool == "practice" for q in questions)
        situations = sum(q.kind == "situation" for q in questions)
        measures.chapters.append((chapter, len(questions), exam, practice, situations))
        for name, name_vi, value, limit, ok in (
                ("questions", "số câu hỏi", str(len(questions)), f"≥ {MIN_QUESTIONS}",
                 len(questions) >= MIN_QUESTIONS),
                ("exam pool", "kho thi", str(exam), f"≥ {MIN_EXAM}", exam >= MIN_EXAM),
                ("practice pool", "kho luyện tập", str(practice), f"≥ {MIN_PRACTICE}",
                 practice >= MIN_PRACTICE),
                ("situations", "câu tình huống", ratio(situations, len(questions)),
                 f"≥ {MIN_SITUATIONS:.0%}", share(situations, len(questions)) >= MIN_SITUATIONS)):
            if not ok:
                measures.problems.append(Problem(
                    chapter, "limit", statistic=name, statistic_vi=name_vi, value=value,
                    limit=limit))


def measure_single(questions, measures):
    single = [q for q in questions if q.type == "single" and len(q.answer) == 1]
    longest = {lang: sum(uniquely_longest_right(q, lang) for q in single) for lang in ("vi", "en")}
    _limit(measures, "single: right option uniquely longest (VI)",
           "một đáp án: đáp án đúng dài nhất (VI)", ratio(longest["vi"], len(single))
           + f"; EN {ratio(longest['en'], len(single))}", f"≤ {MAX_LONGEST_RIGHT:.0%}",
           share(longest["vi"], len(single)) <= MAX_LONGEST_RIGHT)
    positions = Counter(min(q.answer) for q in single)
    low, high = POSITION_SHARE
    _limit(measures, "single: keys by position", "một đáp án: vị trí đáp án đúng",
           " ".join(f"{k} {ratio(positions[k], len(single))}" for k in "abcd"),
           f"each {low:.0%}–{high:.0%}",
           not single or all(low <= share(positions[k], len(single)) <= high for k in "abcd"))


def measure_multiple(questions, measures):
    multiple = [q for q in questions if q.type == "multiple"]
    counts = Counter(len(q.answer) for q in multiple)
    top = max(counts.values(), default=0)
    _limit(measures, "multiple: number of right options", "nhiều đáp án: số đáp án đúng",
           " ".join(f"{n} right {ratio(c, len(multiple))}" for n, c in sorted(counts.items())),
           f"no count > {MAX_SAME_COUNT:.0%}", share(top, len(multiple)) <= MAX_SAME_COUNT)
    right = Counter(key for q in multiple for key in q.answer)
    _limit(measures, "multiple: position right", "nhiều đáp án: vị trí là đáp án đúng",
           " ".join(f"{k} {ratio(right[k], len(multiple))}" for k in "abcd"),
           f"each ≤ {MAX_POSITION_RIGHT:.0%}",
           all(share(right[k], len(multiple)) <= MAX_POSITION_RIGHT for k in "abcd"))


def absolute_words(question):
    found = []
    for lang, patterns in ABSOLUTE_WORDS.items():
        text = question.text[lang].lower()
        found += [m.group(0) for p in patterns for m in re.finditer(p, text)]
    return found


def measure_true_false(questions, measures):
    statements = [q for q in questions if q.type == "true_false" and len(q.answer) == 1]
    true = sum(q.answer == {"a"} for q in statements)
    low, high = TRUE_SHARE
    _limit(measures, "true/false: keyed true", "Đúng/Sai: đáp án Đúng",
           ratio(true, len(statements)), f"{low:.0%}–{high:.0%}",
           not statements or low <= share(true, len(statements)) <= high)
    flagged = 0
    for question in statements:
        words = absolute_words(question)
        if words:
            flagged += 1
            measures.problems.append(Problem(question.id, "absolute_words", question.id,
                                             words=", ".join(dict.fromkeys(words))))
    measures.statistics.append(Statistic("true/false: absolute words", "Đúng/Sai: từ tuyệt đối",
                                         str(flagged), "0", not flagged))


def normalised(question):
    """The words of the Vietnamese text and its right answers, lower case."""
    keyed = " ".join(c.text["vi"] for c in question.choices if c.key in question.answer)
    text = unicodedata.normalize("NFC", f"{question.text['vi']} {keyed}").lower()
    return re.findall(r"\w+", text)  # compared word by word: fast, and words are what repeat


def measure_repeats(questions, measures):
    seen_topics, repeated = {}, 0
    for question in (q for q in questions if q.topic):  # a missing topic is the loader's problem
        other = seen_topics.setdefault(question.topic, question.id)
        if other != question.id:
            repeated += 1
            measures.problems.append(Problem(question.id, "duplicate_topic", question.id,
                                             topic=question.topic, other=other))
    texts = [(q.id, normalised(q)) for q in questions]
    similar = 0
    for i, (qid, text) in enumerate(texts):
        for other, other_text in texts[:i]:
            matcher = SequenceMatcher(None, other_text, text, autojunk=False)
            if (matcher.real_quick_ratio() >= NEAR_IDENTICAL
                    and matcher.quick_ratio() >= NEAR_IDENTICAL
                    and matcher.ratio() >= NEAR_IDENTICAL):
                similar += 1
                measures.problems.append(Problem(qid, "near_identical", qid, other=other,
                                                 ratio=matcher.ratio()))
    measures.statistics.append(Statistic("topics asked twice", "chủ đề hỏi lại", str(repeated),
                                         "0", not repeated))
    measures.statistics.append(Statistic(f"near-identical texts (≥ {NEAR_IDENTICAL})",
                                         "câu gần trùng", str(similar), "0", not similar))


def measure_legal_dates(questions, index, measures):
    checked = contradicted = 0
    for question in questions:
        was_checked, problems = legal_dates.check_question(question, index)
        checked += was_checked
        contradicted += bool(problems)
        measures.problems += problems
    measures.statistics.append(Statistic(
        "keys against legal-index dates", "đáp án so với ngày trong chỉ mục văn bản",
        f"{checked} checked, {contradicted} contradicted", "0 contradicted", not contradicted))


def measure(bank, index):
    """The statistics and problems of a bank, ``index`` being the legal index's dates."""
    measures = Measures()
    questions = list(bank.questions.values())
    measure_chapters(bank, measures)
    measure_single(questions, measures)
    measure_multiple(questions, measures)
    measure_true_false(questions, measures)
    measure_repeats(questions, measures)
    measure_legal_dates(questions, index, measures)
    return measures


def report(bank, measures):
    """The statistics as Markdown tables, to paste into a note; failing rows say FAIL."""
    questions = list(bank.questions.values())
    types = Counter(q.type for q in questions)
    levels = Counter(q.difficulty for q in questions)
    lines = [f"Question bank: {len(questions)} questions in {len(bank.chapters)} chapters "
             f"({', '.join(f'{t} {types[t]}' for t in sorted(types))}; difficulty "
             f"{', '.join(f'{d}: {levels[d]}' for d in sorted(levels, key=str))})", "",
             "| chapter | questions | exam | practice | situations | |",
             "|---|---:|---:|---:|---:|---|"]
    for chapter, total, exam, practice, situations in measures.chapters:
        ok = (total >= MIN_QUESTIONS and exam >= MIN_EXAM and practice >= MIN_PRACTICE
              and share(situations, total) >= MIN_SITUATIONS)
        lines.append(f"| {chapter} | {total} | {exam} | {practice} | {ratio(situations, total)} "
                     f"| {'ok' if ok else 'FAIL'} |")
    lines += ["", f"Limits per chapter: ≥ {MIN_QUESTIONS} questions, ≥ {MIN_EXAM} in the exam "
              f"pool, ≥ {MIN_PRACTICE} in the practice pool, ≥ {MIN_SITUATIONS:.0%} situations.",
              "",
              "| statistic | value | limit | |", "|---|---|---|---|"]
    lines += [f"| {s.name} | {s.value} | {s.limit} | {'ok' if s.ok else 'FAIL'} |"
              for s in measures.statistics]
    return lines
