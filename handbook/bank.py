"""The question bank: YAML files in ``handbook/questions/``, one per chapter, made immutable.

The bank lives outside ``docs/`` so MkDocs never publishes the answers. Every question names the
explicit heading id that teaches it, so a wrong answer can link to the exact place to reread.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

QUESTIONS_DIR = Path(__file__).parent / "questions"
LANGUAGES = ("vi", "en")
TYPES = ("single", "multiple", "true_false")
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


def _question(chapter, raw, where, problems):
    """Build one Question from its YAML mapping, appending what is wrong to ``problems``."""
    qid = str(raw.get("id", ""))
    where = f"{where} {qid or '(no id)'}"
    qtype = raw.get("type")
    if qtype not in TYPES:
        problems.append(f"{where}: type must be one of {', '.join(TYPES)}")
    per_language = {}
    for lang in LANGUAGES:
        part = raw.get(lang) or {}
        choices = part.get("choices") or {}
        if not part.get("text") or not part.get("explanation") or not choices:
            problems.append(f"{where}: {lang} needs text, choices and explanation")
        per_language[lang] = (part, {str(k): str(v) for k, v in choices.items()})
    vi_keys = list(per_language["vi"][1])
    if vi_keys != list(per_language["en"][1]):
        problems.append(f"{where}: choice keys differ between languages "
                        f"({vi_keys} / {list(per_language['en'][1])})")
    answer = frozenset(str(k) for k in raw.get("answer") or [])
    if not answer <= set(vi_keys):
        problems.append(f"{where}: answer {sorted(answer - set(vi_keys))} is not a choice key")
    if qtype in ("single", "true_false") and len(answer) != 1:
        problems.append(f"{where}: a {qtype} question needs exactly one correct key")
    if qtype == "multiple" and len(answer) < 2:
        problems.append(f"{where}: a multiple question needs at least two correct keys")
    if qtype == "true_false" and len(vi_keys) != 2:
        problems.append(f"{where}: a true_false question has exactly two choices")
    if not raw.get("heading"):
        problems.append(f"{where}: no heading id")
    return Question(
        id=qid, chapter=chapter, heading=str(raw.get("heading", "")), type=qtype,
        text=MappingProxyType({lang: str(per_language[lang][0].get("text", ""))
                               for lang in LANGUAGES}),
        choices=tuple(Choice(key, MappingProxyType(
            {lang: per_language[lang][1].get(key, "") for lang in LANGUAGES})) for key in vi_keys),
        answer=answer,
        explanation=MappingProxyType({lang: str(per_language[lang][0].get("explanation", ""))
                                      for lang in LANGUAGES}),
    )


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
            problems.append(f"{path}: not valid YAML ({error})")
            continue
        chapter = data.get("chapter")
        if chapter != path.stem:
            problems.append(f"{path}: chapter must be {path.stem!r}, found {chapter!r}")
        ids = []
        for raw in data.get("questions") or []:
            question = _question(path.stem, raw, path.name, problems)
            if question.id in questions:
                problems.append(f"{path.name}: duplicate question id {question.id}")
                continue
            questions[question.id] = question
            ids.append(question.id)
        if len(ids) < MIN_PER_CHAPTER:
            problems.append(f"{path}: {len(ids)} questions, a chapter needs at least "
                            f"{MIN_PER_CHAPTER}")
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


def grade(question, chosen_keys):
    """True when the chosen keys are exactly the correct ones (no partial credit)."""
    return frozenset(chosen_keys or ()) == question.answer
