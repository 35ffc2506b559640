"""Importing a reviewed spreadsheet: the same checks as ``handbook check``, then all files or none.

The rows become chapter files in a scratch copy of the questions folder; the whole check runs on
that copy, and its problems are put back on the rows they came from, in the reviewer's language.
Only a bank with no problem at all is written, chapter by chapter with an atomic rename.
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from . import checks
from .bank import LANGUAGES, chapter_yaml, read_bank
from .problems import Problem
from .spreadsheet import read_workbook

LABELS = {"vi": ("Dòng", "Toàn ngân hàng"), "en": ("Row", "Whole bank")}
KEY_SEPARATORS = re.compile(r"[\s,;]+")


def question_data(values, problem):
    """The YAML mapping of a row; what cannot be mapped is reported through ``problem``."""
    difficulty = values["difficulty"]  # a wrong value is reported by the loader
    choice_keys = "ab" if values["type"] == "true_false" else "abcd"
    if values["type"] == "true_false" and any(values[f"{lang}_{k}"] for lang in LANGUAGES
                                              for k in "cd"):
        problem("extra_choices")
    data = {field: values[field] for field in ("id", "heading", "topic", "pool", "kind")}
    data.update(difficulty=int(difficulty) if difficulty.isdigit() else difficulty,
                type=values["type"], answer=sorted(k.lower() for k in
                                                   KEY_SEPARATORS.split(values["key"]) if k))
    for lang in LANGUAGES:
        data[lang] = {"text": values[f"{lang}_text"],
                      "choices": {k: values[f"{lang}_{k}"] for k in choice_keys
                                  if values[f"{lang}_{k}"]},
                      "explanation": values[f"{lang}_explanation"]}
    return data


def files_from_rows(rows, chapters, errors):
    """``{chapter: file data}`` and ``{question id: row}``; row-level problems go to ``errors``."""
    files = {slug: {"chapter": slug, "title": title, "questions": []}
             for slug, title in chapters.items()}
    row_of = {}
    for number, values in rows:
        qid = values["id"]

        def problem(code, number=number, qid=qid, **params):
            errors.append((number, qid, code, params))
        if not qid:
            problem("no_id")
            continue
        if qid in row_of:
            problem("same_id", id=qid, row=row_of[qid])
            continue
        row_of[qid] = number
        if values["chapter"] not in files:
            problem("unknown_chapter", chapter=values["chapter"])
            continue
        files[values["chapter"]]["questions"].append(question_data(values, problem))
    return files, row_of


def _scratch_bank(files, questions_dir, scratch):
    """The bank as it would be after the import, as files in ``scratch``."""
    if Path(questions_dir).is_dir():
        for path in Path(questions_dir).glob("*.yml"):
            shutil.copy(path, scratch / path.name)
    for slug, data in files.items():
        (scratch / f"{slug}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def import_workbook(path, root=".", questions_dir=None):
    """``(errors, written)``: errors as ``(row, question id, code, params)``; files if none."""
    root = Path(root)
    questions_dir = Path(questions_dir or root / "handbook" / "questions")
    rows, chapters, errors = read_workbook(path)
    files, row_of = files_from_rows(rows, chapters, errors)
    if errors or not files:
        return errors, []
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        _scratch_bank(files, questions_dir, scratch)
        problems = checks.examine_bank(root, scratch)[2]
        if problems:
            errors = [(row_of.get(p.qid), p.qid, p.code, p.params) for p in problems]
            return sorted(errors, key=by_row), []
        bank, _ = read_bank(scratch)
        return [], _write(bank, files, questions_dir)


def _write(bank, files, questions_dir):
    """Write each imported chapter in canonical form; unchanged files are left untouched."""
    questions_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for slug in files:
        target = questions_dir / f"{slug}.yml"
        text = chapter_yaml(slug, bank.titles[slug], bank.chapter(slug))
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        partial = target.with_suffix(".yml.part")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
        written.append(target)
    return written


def by_row(error):
    """Rows in order, then what concerns the whole bank."""
    return error[0] is None, error[0] or 0


def describe(errors, lang="vi"):
    """Error lines for the reviewer, row by row, in ``lang``."""
    row_label, bank_label = LABELS[lang]
    lines = []
    for row, qid, code, params in sorted(errors, key=by_row):
        message = Problem("", code, **params).text(lang)
        place = f"{row_label} {row}" if row else bank_label
        lines.append(f"{place} ({qid}): {message}" if qid else f"{place}: {message}")
    return lines
