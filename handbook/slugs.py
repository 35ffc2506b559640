"""Readable heading ids for Vietnamese: "Điểm mới" becomes "diem-moi", not "iem-moi"."""

import re
import unicodedata


def fold(text):
    """Lowercase ASCII letters without diacritics; "đ" becomes "d"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(value, separator="-"):
    """The id for a heading without an explicit one (Python-Markdown's toc calls this)."""
    words = re.findall(r"[a-z0-9]+", fold(value))
    return separator.join(words)
