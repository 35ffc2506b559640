"""Vietnamese alphabetical order, for names, units and provinces.

Byte order puts "Âu", "Ông" and "Đinh" after "Z". The Vietnamese alphabet is
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; the tone marks count only when
the letters are equal, in the dictionary order: none, huyền, hỏi, ngã, sắc, nặng.

Names are ordered by given name first (the last word), then by the family and middle names,
as Vietnamese class lists and rosters are: "Trần Văn An" before "Nguyễn Thị Bình".
"""

import unicodedata

_BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {letter: index for index, letter in enumerate(_BASE)}
# The tone marks; the other combining marks make ă â ê ô ơ ư.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter(base, marks):
    if base == "a" and "\u0306" in marks:
        return "ă"
    if base in "aeo" and "\u0302" in marks:
        return {"a": "â", "e": "ê", "o": "ô"}[base]
    if base in "ou" and "\u031b" in marks:
        return {"o": "ơ", "u": "ư"}[base]
    return base


def _letters(word):
    """(letter, tone) pairs of a word, lower case, đ as its own letter."""
    out = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.combining(char):
            if out and char in _TONES:
                out[-1][1] = _TONES[char]
            elif out:
                out[-1][0] = _letter(out[-1][0], char)
            continue
        out.append(["đ" if char == "đ" else char, 0])
    return out


def text_key(text):
    """A sort key for any Vietnamese text: letters first, tones only to break ties."""
    pairs = _letters(unicodedata.normalize("NFC", text or "").strip())
    letters = tuple((0, _RANK[c]) if c in _RANK else (1, ord(c)) for c, _ in pairs)
    return letters, tuple(tone for _, tone in pairs)


def name_key(full_name):
    """Given name first, then the family and middle names, then the full text."""
    words = (full_name or "").split()
    if not words:
        return ((), ()), ((), ())
    return text_key(words[-1]), text_key(" ".join(words[:-1]))


def folded(text):
    """``Nguyễn Văn ĐỨC`` → ``nguyen van duc``: for searching without case or diacritics."""
    text = unicodedata.normalize("NFD", (text or "").casefold().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())
