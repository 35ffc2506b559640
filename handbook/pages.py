"""Reading handbook pages: language twins, explicit heading ids, words, cited documents."""

import re
from dataclasses import dataclass
from pathlib import Path

HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
# 07/CT-TTg, 09/2017/NĐ-CP, 103/2016/QH13, 2017/BTTTT, 5547/KH-UBND, 10/2025/TT-BVHTTDL
DOC_NUMBER = re.compile(
    r"(?<![\w/])\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z0-9]*(?:-[A-ZĐ][A-ZĐa-z0-9]*)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]+>|https?://\S+")
ATTRS = re.compile(r"\{[^}]*\}")
ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class Twin:
    """A Vietnamese page and its English twin (``page.md`` and ``page.en.md``)."""

    vi: Path
    en: Path

    @property
    def name(self):
        return self.vi.with_suffix("").as_posix()


def vietnamese_pages(docs_dir):
    return sorted(p for p in Path(docs_dir).rglob("*.md") if not p.name.endswith(".en.md"))


def twin_of(path):
    return path.with_name(path.name[: -len(".md")] + ".en.md")


def heading_ids(text):
    """Explicit ids (``{ #id }``) of the page's headings, in order."""
    return HEADING_ID.findall(FENCE.sub("", text))


def body(text):
    """The page without front matter."""
    return FRONT_MATTER.sub("", text, count=1)


def prose(text):
    """Readable text: no front matter, code blocks, link targets or attribute lists."""
    text = FENCE.sub(" ", body(text))
    return ATTRS.sub(" ", LINK_TARGET.sub(" ", text))


def count_words(text):
    """Words as a reader counts them (Vietnamese syllables count one each), code included."""
    text = ATTRS.sub(" ", LINK_TARGET.sub(" ", body(text)))
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


def cited_documents(text):
    return set(DOC_NUMBER.findall(body(text)))


def abbreviations_used(text):
    """All-capital words of two letters or more (UBND, NĐ), outside code blocks and links.

    Document numbers (09/2017/NĐ-CP, 2761/BNV-TC) are identifiers, not words, and are skipped.
    """
    tokens = re.findall(r"[^\W\d_]+", DOC_NUMBER.sub(" ", prose(text)))
    return {t for t in tokens if len(t) >= 2 and t.isupper() and not ROMAN.match(t)}


def defined_abbreviations(path):
    """Abbreviations defined in the snippets file (``*[UBND]: Ủy ban nhân dân``)."""
    path = Path(path)
    if not path.exists():
        return {}
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", path.read_text(encoding="utf-8"), re.M))
