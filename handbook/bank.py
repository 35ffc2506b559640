"""The question bank: YAML files in ``handbook/questions/``, one per chapter, made immutable.

The bank lives outside ``docs/`` so MkDocs never publishes the answers. Every question names the
explicit heading id that teaches it, so a wrong answer can link to the exact place to reread.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from .problems import FIELDS_VI, Problem

QUESTIONS_DIR = Path(__file__).parent / "questions"
LANGUAGES = ("vi", "en")
TYPES = ("single", "multiple", "true_false")
# Fixed keys: the spreadsheet has columns a–d, and a true/false key "a" always means true.
CHOICE_KEYS = {"single": tuple("abcd"), "multiple": tuple("abcd"), "true_false": ("a", "b")}
TRUE_FALSE_CHOICES = {"vi": {"a": "Đúng", "b": "Sai"}, "en": {"a": "True", "b": "False"}}
POOLS = ("exam", "practice")  # exam: keys never shown before the course's review rule allows
KINDS = ("situation", "fact")
DIFFICULTIES = (1, 2, 3)  # easy, medium, hard
FIELDS = {"pool": POOLS, "kind": KINDS, "difficulty": DIFFICULTIES}
MIN_PER_CHAPTER = 12


class BankError(ValueError):
    """The bank has problems; ``problems`` lists them one per line."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Choice:
    key: str
    text: MappingProxyType  # language -> text


@dataclass(frozen=True)
class Question:
    id: str
    chapter: str
    heading: str
    topic: str  # one fact or skill; unique across the whole bank
    pool: str  # exam | practice
    kind: str  # situation | fact
    difficulty: int
    type: str
    text: MappingProxyType
    choices: tuple  # of Choice, in the written order
    answer: frozenset
    explanation: MappingProxyType

    @property
    def keys(self):
        return tuple(choice.key for choice in self.choices)

    def choice(self, key):
        return next(c for c in self.choices if c.key == key)


@dataclass(frozen=True)
class Bank:
    questions: MappingProxyType  # id -> Question
    chapters: MappingProxyType  # chapter slug -> tuple of question ids
    titles: MappingProxyType  # chapter slug -> {language: title}
    version: str  # sha256 of the files, stored with every attempt

    def __len__(self):
        return len(self.questions)

    def chapter(self, slug):
        return tuple(self.questions[qid] for qid in self.chapters.get(slug, ()))

    def pool(self, slug, pool):
        """Ids of a chapter's questions in one pool ("exam" or "practice"), in written order."""
        return tuple(qid for qid in self.chapters.get(slug, ()) if self.questions[qid].pool == pool)


def _question(chapter, raw, where, problems):
    """Build one Question from its YAML mapping, appending what is wrong to ``problems``."""
    qid = str(raw.get("id", ""))
    where = f"{where} {qid or '(no id)'}"

    def problem(code, **params):
        problems.append(Problem(where, code, qid, **params))

    qtype = raw.get("type")
    if qtype not in TYPES:
        problem("bad_type", types=", ".join(TYPES))
    per_language = {}
    for lang in LANGUAGES:
        part = raw.get(lang) or {}
        choices = part.get("choices") or {}
        if not part.get("text") or not part.get("explanation") or not choices:
            problem("lang_parts", lang=lang)
        per_language[lang] = (part, {str(k): str(v) for k, v in choices.items()})
        for key in (k for k, v in per_language[lang][1].items() if not v.strip()):
            problem("empty_choice", key=key, lang=lang)
    vi_keys = list(per_language["vi"][1])
    if vi_keys != list(per_language["en"][1]):
        problem("keys_differ", vi=vi_keys, en=list(per_language["en"][1]))
    answer = frozenset(str(k) for k in raw.get("answer") or [])
    if not answer <= set(vi_keys):
        problem("answer_not_choice", keys=sorted(answer - set(vi_keys)))
    if qtype in ("single", "true_false") and len(answer) != 1:
        problem("one_key", qtype=qtype)
    if qtype == "multiple" and len(answer) < 2:
        problem("two_keys")
    if qtype in CHOICE_KEYS and vi_keys != list(CHOICE_KEYS[qtype]):
        problem("choice_keys", qtype=qtype, keys=", ".join(CHOICE_KEYS[qtype]))
    if qtype == "true_false" and not _true_false_labels(per_language):
        problem("true_false_labels")
    if not raw.get("heading"):
        problem("no_heading")
    if not str(raw.get("topic") or "").strip():
        problem("no_topic")
    for field, allowed in FIELDS.items():
        if raw.get(field) not in allowed:
            problem("bad_field", field=field, field_vi=FIELDS_VI[field],
                    allowed=", ".join(map(str, allowed)))
    return Question(
        id=qid, chapter=chapter, heading=str(raw.get("heading", "")),
        topic=str(raw.get("topic") or "").strip(), pool=raw.get("pool"), kind=raw.get("kind"),
        difficulty=raw.get("difficulty"), type=qtype,
        text=MappingProxyType({lang: str(per_language[lang][0].get("text", ""))
                               for lang in LANGUAGES}),
        choices=tuple(Choice(key, MappingProxyType(
            {lang: per_language[lang][1].get(key, "") for lang in LANGUAGES})) for key in vi_keys),
        answer=answer,
        explanation=MappingProxyType({lang: str(per_language[lang][0].get("explanation", ""))
                                      for lang in LANGUAGES}),
    )


def _true_false_labels(per_language):
    """a is "true" and b is "false" in both languages, so the share of true keys means something."""
    return all(per_language[lang][1] == TRUE_FALSE_CHOICES[lang] for lang in LANGUAGES)


def read_bank(directory=QUESTIONS_DIR):
    """``(bank, problems)``: the bank as far as it could be read, and every problem found."""
    directory = Path(directory)
    problems, questions, chapters, titles = [], {}, {}, {}
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yml")):
        raw_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw_bytes)
        try:
            data = yaml.safe_load(raw_bytes) or {}
        except yaml.YAMLError as error:
            problems.append(Problem(path, "bad_yaml", error=error))
            continue
        chapter = data.get("chapter")
        if chapter != path.stem:
            problems.append(Problem(path, "bad_chapter", expected=path.stem, found=chapter))
        ids = []
        for raw in data.get("questions") or []:
            question = _question(path.stem, raw, path.name, problems)
            if question.id in questions:
                problems.append(Problem(path.name, "duplicate_id", question.id, id=question.id))
                continue
            questions[question.id] = question
            ids.append(question.id)
        if len(ids) < MIN_PER_CHAPTER:
            problems.append(Problem(path, "too_few", count=len(ids), minimum=MIN_PER_CHAPTER))
        chapters[path.stem] = tuple(ids)
        title = data.get("title") or {}
        titles[path.stem] = MappingProxyType(
            {lang: str(title.get(lang) or path.stem) for lang in LANGUAGES})
    bank = Bank(MappingProxyType(questions), MappingProxyType(chapters),
                MappingProxyType(titles), digest.hexdigest()[:16])
    return bank, problems


def load_bank(directory=QUESTIONS_DIR):
    """The bank, or BankError listing every problem (the server refuses a broken bank)."""
    bank, problems = read_bank(directory)
    if problems:
        raise BankError(problems)
    return bank


def question_data(question):
    """The YAML mapping of a question, fields in the order the writers use."""
    def part(lang):
        return {"text": question.text[lang],
                "choices": {c.key: c.text[lang] for c in question.choices},
                "explanation": question.explanation[lang]}
    return {"id": question.id, "heading": question.heading, "topic": question.topic,
            "pool": question.pool, "kind": question.kind, "difficulty": question.difficulty,
            "type": question.type, "answer": sorted(question.answer),
            "vi": part("vi"), "en": part("en")}


def chapter_yaml(chapter, title, questions):
    """The canonical text of a chapter file: what ``questions import`` writes, byte for byte."""
    data = {"chapter": chapter, "title": {lang: title[lang] for lang in LANGUAGES},
            "questions": [question_data(q) for q in questions]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def grade(question, chosen_keys):
    """True when the chosen keys are exactly the correct ones (no partial credit)."""
    return frozenset(chosen_keys or ()) == question.answer
