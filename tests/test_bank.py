"""The question bank: loading, validation and grading as pure functions."""

import dataclasses

import pytest
import yaml
from conftest import make_question, write_bank

from handbook import checks
from handbook.bank import BankError, grade, load_bank, read_bank


@pytest.fixture
def bank(tmp_path):
    return load_bank(write_bank(tmp_path / "q"))


def test_loads_immutable_questions(bank):
    assert len(bank) == 44 and set(bank.chapters) == {"01-alpha", "02-beta"}
    question = bank.questions["01-q01"]
    assert question.type == "multiple" and question.answer == {"a", "c"}
    assert question.text["en"] == "Question 1 of 01-alpha?"
    with pytest.raises(dataclasses.FrozenInstanceError):
        question.answer = frozenset({"b"})
    with pytest.raises(TypeError):
        question.text["vi"] = "khác"
    assert bank.titles["02-beta"]["en"] == "Chapter 2. Test"
    assert len(bank.version) == 16


def test_grading_single(tmp_path):
    q = _one(tmp_path, make_question("01-alpha", 3))
    assert q.type == "single"
    assert grade(q, ["b"]) and not grade(q, ["a"]) and not grade(q, []) and not grade(q, None)


def test_grading_multiple_needs_exactly_the_right_set(tmp_path):
    q = _one(tmp_path, make_question("01-alpha", 1))
    assert grade(q, ["c", "a"])
    assert not grade(q, ["a"]) and not grade(q, ["a", "b", "c"])


def test_grading_true_false(tmp_path):
    q = _one(tmp_path, make_question("01-alpha", 2))
    assert q.type == "true_false" and grade(q, ["a"]) and not grade(q, ["b"])


def _one(directory, raw):
    """Load one question through the real loader (with enough others to pass the minimum)."""
    data = {"chapter": "01-alpha", "questions": [raw] + [
        make_question("01-alpha", n) for n in range(20, 32)]}
    (directory / "01-alpha.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return load_bank(directory).questions[raw["id"]]


def _problems(tmp_path, mutate, per_chapter=12):
    directory = write_bank(tmp_path / "q", per_chapter, practice=0)
    path = directory / "01-alpha.yml"
    data = yaml.safe_load(path.read_text())
    mutate(data["questions"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return read_bank(directory)[1]


def test_duplicate_ids(tmp_path):
    def dup(qs):
        qs[1]["id"] = qs[0]["id"]
    assert any("duplicate question id 01-q01" in p for p in _problems(tmp_path, dup))


def test_single_needs_exactly_one_key(tmp_path):
    def two(qs):
        qs[1]["answer"] = ["a", "b"]
    assert any("exactly one correct key" in p for p in _problems(tmp_path, two))


def test_choice_keys_must_match_between_languages(tmp_path):
    def differ(qs):
        qs[1]["en"]["choices"] = {"a": "x", "b": "y", "c": "z", "e": "w"}
    assert any("choice keys differ" in p for p in _problems(tmp_path, differ))


def test_chapter_needs_twelve_questions(tmp_path):
    problems = _problems(tmp_path, lambda qs: None, per_chapter=11)
    assert any("11 questions, a chapter needs at least 12" in p for p in problems)
    with pytest.raises(BankError):
        load_bank(tmp_path / "q")


def test_heading_must_exist_in_both_twins(tmp_path):
    directory = write_bank(tmp_path / "q")
    docs = tmp_path / "docs" / "chapters"
    docs.mkdir(parents=True)
    for chapter in ("01-alpha", "02-beta"):
        (docs / f"{chapter}.md").write_text("## Căn cứ { #legal-basis }\n")
        (docs / f"{chapter}.en.md").write_text("## Legal basis { #legal-base }\n")
    problems = checks.check_bank(tmp_path / "docs", directory)
    assert len(problems) == 44
    assert "heading #legal-basis is not in" in problems[0] and problems[0].endswith(".en.md")


def test_real_bank_loads():
    bank = load_bank()
    for chapter, ids in bank.chapters.items():
        assert len(ids) >= 12, chapter
