"""Content checks run by ``python -m handbook check``: each returns a list of problems.

Every chapter (VI and EN) carries exactly one dated "points to check" box, written exactly so:

    !!! question "Điểm cần kiểm tra (cập nhật 12/2026)"
    !!! question "Points to check (as of December 2026)"

The date says when the open points were last checked: "cập nhật MM/YYYY" in Vietnamese,
"as of <Month> YYYY" in English. Open questions of a chapter go in that one box, not in
notes scattered through the text.
"""

import unicodedata
from pathlib import Path

import yaml

from . import bank as question_bank
from . import bank_quality, legal_dates, pages, voice
from .problems import Problem
from .template_checks import check_built_templates, check_templates

MIN_CHAPTER_WORDS = 2000


def check_twins(docs_dir):
    problems = []
    for vi in pages.vietnamese_pages(docs_dir):
        en = pages.twin_of(vi)
        if not en.exists():
            problems.append(f"{vi}: no English twin {en.name}")
            continue
        vi_ids = pages.heading_ids(vi.read_text(encoding="utf-8"))
        en_ids = pages.heading_ids(en.read_text(encoding="utf-8"))
        if vi_ids != en_ids:
            only_vi = sorted(set(vi_ids) - set(en_ids))
            only_en = sorted(set(en_ids) - set(vi_ids))
            detail = f"only in Vietnamese {only_vi}, only in English {only_en}"
            if not only_vi and not only_en:
                detail = "same ids in a different order"
            problems.append(f"{vi}: heading ids differ from {en.name}: {detail}")
    for en in sorted(Path(docs_dir).rglob("*.en.md")):
        vi = en.with_name(en.name[: -len(".en.md")] + ".md")
        if not vi.exists():
            problems.append(f"{en}: English page without a Vietnamese original {vi.name}")
    return problems


def check_nfc(docs_dir):
    problems = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if unicodedata.normalize("NFC", line) != line:
                problems.append(f"{path}:{number}: text is not in Unicode NFC")
    return problems


def check_front_matter(docs_dir):
    """Every page opens with YAML front matter that parses and gives a description.

    An unquoted ": " in a description breaks the YAML silently: MkDocs then prints the
    front matter as text and the page loses its meta description.
    """
    problems = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        match = pages.FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if not match:
            problems.append(f"{path}: no front matter with a description")
            continue
        try:
            meta = yaml.safe_load(match.group(0).strip().strip("-"))
        except yaml.YAMLError as error:
            problems.append(f"{path}: front matter is not valid YAML ({error.problem}); "
                            "quote the value")
            continue
        if not isinstance(meta, dict) or not str(meta.get("description") or "").strip():
            problems.append(f"{path}: front matter has no description")
    return problems


def chapter_pages(docs_dir):
    return [p for p in pages.vietnamese_pages(Path(docs_dir) / "chapters")]


def check_chapters(docs_dir):
    """Every chapter has its legal basis and enough words."""
    problems = []
    for vi in chapter_pages(docs_dir):
        for path in (vi, pages.twin_of(vi)):
            if path.exists() and "legal-basis" not in pages.heading_ids(
                    path.read_text(encoding="utf-8")):
                problems.append(f"{path}: no legal-basis section (## … {{ #legal-basis }})")
        words = pages.count_words(vi.read_text(encoding="utf-8"))
        if words < MIN_CHAPTER_WORDS:
            problems.append(f"{vi}: {words} words, a chapter needs at least {MIN_CHAPTER_WORDS}")
    return problems


def check_legal_index(docs_dir):
    """Every document number cited in a chapter is listed in the legal documents index."""
    index = Path(docs_dir) / "reference" / "legal-index.md"
    chapters = chapter_pages(docs_dir)
    if not chapters:
        return []
    if not index.exists():
        return [f"{index}: missing, but chapters cite documents"]
    listed = pages.cited_documents(index.read_text(encoding="utf-8"))
    problems = []
    for vi in chapters:
        for path in (vi, pages.twin_of(vi)):
            if not path.exists():
                continue
            for number in sorted(pages.cited_documents(path.read_text(encoding="utf-8")) - listed):
                problems.append(f"{path}: cites {number}, which is not in {index}")
    return problems


def check_abbreviations(docs_dir, abbreviations_file):
    """Every abbreviation used is defined (for the hover) and listed in the glossary."""
    defined = pages.defined_abbreviations(abbreviations_file)
    problems = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        used = pages.abbreviations_used(path.read_text(encoding="utf-8"))
        for abbr in sorted(used - set(defined)):
            problems.append(f"{path}: abbreviation {abbr} is not defined in {abbreviations_file}")
    for glossary in (Path(docs_dir) / "reference" / "glossary.md",
                     Path(docs_dir) / "reference" / "glossary.en.md"):
        if not glossary.exists():
            continue
        text = glossary.read_text(encoding="utf-8")
        for abbr in sorted(defined):
            if abbr not in text:
                problems.append(f"{glossary}: abbreviation {abbr} is missing from the glossary")
    return problems


def check_headings(bank, docs_dir, questions_dir):
    """Every question points at a heading of both chapter twins (one problem per question)."""
    problems, ids_by_page = [], {}
    for chapter, question_ids in bank.chapters.items():
        vi = Path(docs_dir) / "chapters" / f"{chapter}.md"
        if not vi.exists():
            problems.append(Problem(f"{questions_dir}/{chapter}.yml", "no_page", page=vi))
            continue
        for path in (vi, pages.twin_of(vi)):
            if path not in ids_by_page:
                text = path.read_text(encoding="utf-8") if path.exists() else ""
                ids_by_page[path] = set(pages.heading_ids(text))
        for qid in question_ids:
            heading = bank.questions[qid].heading
            missing = [str(p) for p in (vi, pages.twin_of(vi)) if heading not in ids_by_page[p]]
            if missing:
                problems.append(Problem(qid, "heading_missing", qid, heading=heading,
                                        pages=", ".join(missing)))
    return problems


def check_bank(docs_dir, questions_dir):
    """The bank reads cleanly and every question points at a heading of both chapter twins."""
    bank, problems = question_bank.read_bank(questions_dir)
    return problems + check_headings(bank, docs_dir, questions_dir)


def examine_bank(root, questions_dir=None):
    """``(bank, measures, problems)``: all the check says about a bank (import uses it too)."""
    root = Path(root)
    questions_dir = Path(questions_dir or root / "handbook" / "questions")
    bank, problems = question_bank.read_bank(questions_dir)
    problems += check_headings(bank, root / "docs", questions_dir)
    index = legal_dates.read_index(root / "docs" / "reference" / "legal-index.md")
    measures = bank_quality.measure(bank, index)
    return bank, measures, problems + measures.problems


def run_all(root="."):
    """``(problems, report)``: every content problem, and the bank's statistics to print."""
    root = Path(root)
    docs = root / "docs"
    problems = []
    problems += check_twins(docs)
    problems += check_nfc(docs)
    problems += check_front_matter(docs)
    problems += check_chapters(docs)
    problems += check_legal_index(docs)
    problems += check_abbreviations(docs, root / "includes" / "abbreviations.md")
    problems += voice.check_first_person(docs)
    problems += voice.check_points_to_check(chapter_pages(docs))
    problems += voice.check_legal_index_rows(docs)
    problems += check_templates(docs)
    problems += check_built_templates(root / "site", docs)
    bank, measures, bank_problems = examine_bank(root)
    return problems + bank_problems, bank_quality.report(bank, measures)
