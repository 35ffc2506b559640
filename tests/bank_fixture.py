"""A generated bank that passes every limit of ``handbook check``, and the pages it points at.

Tests break one rule at a time on a copy of it. Options of a question all have the same length
(no "longest" cue); keys, counts and pools are spread by construction, not by chance.
"""

import random

import yaml

from handbook.bank import chapter_yaml, load_bank

CHAPTERS = ("01-alpha", "02-beta")
HEADINGS = ("sec-a", "sec-b")
# Words for question texts: random ten-word texts never come near one another.
WORDS = ("phòng", "ban", "cổng", "tin", "báo", "chí", "đài", "phát", "loa", "xã", "huyện",
         "tỉnh", "thành", "sở", "bộ", "ngành", "văn", "bản", "kế", "hoạch", "điểm", "mục",
         "nghị", "định", "quyết", "luật", "điều", "khoản", "ngày", "tháng", "năm", "họp", "báo",
         "tin", "tức", "mạng", "lưới", "người", "dân", "cán", "bộ")
MULTIPLE_KEYS = (["a", "b"], ["c", "d"], ["a", "c", "d"], ["b", "d"], ["a", "b", "c"],
                 ["b", "c", "d"])


def _phrase(rng, count):
    return " ".join(rng.choice(WORDS) for _ in range(count))


def question(chapter, n, rng):
    """Question n (1–30) of a chapter: 18 single, 6 multiple, 6 true/false; 12 situations."""
    qtype = "single" if n <= 18 else "multiple" if n <= 24 else "true_false"
    if qtype == "true_false":
        vi = {"a": "Đúng", "b": "Sai"}
        en = {"a": "True", "b": "False"}
        answer = ["a" if n % 2 else "b"]
    else:
        vi = {k: f"Phương án {k}{n:02d}" for k in "abcd"}
        en = {k: f"Option {k}{n:02d}" for k in "abcd"}
        answer = [("a", "b", "c", "d")[n % 4]] if qtype == "single" else MULTIPLE_KEYS[n % 6]
    return {
        "id": f"{chapter[:2]}-q{n:02d}", "heading": HEADINGS[n % 2],
        "topic": f"{chapter}-topic-{n}", "pool": "exam" if n % 3 else "practice",
        "kind": "situation" if n % 5 in (0, 2) else "fact", "difficulty": 1 + n % 3,
        "type": qtype, "answer": answer,
        "vi": {"text": f"Tình huống {_phrase(rng, 10)} thì sao?", "choices": vi,
               "explanation": f"Giải thích {n}."},
        "en": {"text": f"Case {_phrase(rng, 10)}: what then?", "choices": en,
               "explanation": f"Explanation {n}."},
    }


def bank_data(per_chapter=30, seed=17):
    """``{chapter: file data}`` of a bank that passes the check."""
    rng = random.Random(seed)
    return {chapter: {"chapter": chapter,
                      "title": {"vi": f"Chương {i}. Thử", "en": f"Chapter {i}. Test"},
                      "questions": [question(chapter, n, rng) for n in range(1, per_chapter + 1)]}
            for i, chapter in enumerate(CHAPTERS, 1)}


def write_root(root, data=None, legal_index=""):
    """A repository folder: ``docs/`` with the chapter twins and ``handbook/questions``.

    The YAML is written in the canonical form (``chapter_yaml``) so a round trip is comparable.
    """
    data = bank_data() if data is None else data
    chapters = root / "docs" / "chapters"
    chapters.mkdir(parents=True, exist_ok=True)
    headings = "".join(f"## {h} {{ #{h} }}\n\n" for h in HEADINGS)
    for chapter in data:
        (chapters / f"{chapter}.md").write_text(f"# {chapter}\n\n{headings}", encoding="utf-8")
        (chapters / f"{chapter}.en.md").write_text(f"# {chapter}\n\n{headings}", encoding="utf-8")
    if legal_index:
        (root / "docs" / "reference").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "reference" / "legal-index.md").write_text(legal_index, encoding="utf-8")
    questions = root / "handbook" / "questions"
    questions.mkdir(parents=True, exist_ok=True)
    for chapter, content in data.items():
        (questions / f"{chapter}.yml").write_text(
            yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bank = load_bank(questions)
    for chapter in data:
        (questions / f"{chapter}.yml").write_text(
            chapter_yaml(chapter, bank.titles[chapter], bank.chapter(chapter)), encoding="utf-8")
    return questions
