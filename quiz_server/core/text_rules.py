"""Rules for text that comes from people: no control characters, safe usernames, phones.

A NUL or control character in a name breaks exports and terminals; an invisible or
look-alike character in a username lets ``org1`` + zero-width space or ``оrg1`` (Cyrillic
о) pose as ``org1``. Usernames are therefore NFC, made of a–z letters with their accents
(Vietnamese ones included) and ``đ``, digits and ``. _ @ -``, and compared without regard to
case (``Đức`` = ``đức``).
"""

import re
import unicodedata

# Cc control, Cf format (zero-width, bidi), Co private use, Cs surrogates, Cn unassigned.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}
USERNAME_PUNCTUATION = set("._@-")
MAX_USERNAME = 64


# Line breaks and tabs belong in a multi-line answer; no other control or invisible character
# belongs in anything a person types (they break exports and hide look-alike text).
MULTILINE_ALLOWED = str.maketrans("", "", "\n\r\t")


def has_control(text, multiline=False):
    """True when ``text`` holds a control, format (invisible) or unassigned character (line
    breaks and tabs allowed in ``multiline`` text)."""
    text = (text or "").translate(MULTILINE_ALLOWED) if multiline else text or ""
    return any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in text)


def _is_latin_letter(char):
    """An a–z letter, bare or with accents (``ắ``, ``é``), or ``đ``: never a Latin look-alike
    such as ``ɡ`` (script g), ``ᴏ`` (small capital o) or ``ı`` (dotless i), which would let
    ``orɡ1`` pose as ``org1``."""
    if char in "đĐ":
        return True
    base, *marks = unicodedata.normalize("NFD", char)
    return (base.isascii() and base.isalpha()
            and all(unicodedata.category(mark) == "Mn" for mark in marks))


def username_problem(username):
    """Why ``username`` cannot be used ("empty", "too_long", "characters"), or None.

    Combining marks are accepted only as part of an NFC letter, so ``Đức`` typed decomposed
    is the same username as typed precomposed.
    """
    text = unicodedata.normalize("NFC", username or "")
    if not text:
        return "empty"
    if len(text) > MAX_USERNAME:
        return "too_long"
    for char in text:
        if not (_is_latin_letter(char) or char in USERNAME_PUNCTUATION
                or (char.isascii() and char.isdigit())):
            return "characters"
    return None


def username_key(username):
    """The form two usernames are compared in: NFC, Vietnamese case folded."""
    return unicodedata.normalize("NFC", (username or "").strip()).casefold()


_PHONE_JUNK = re.compile(r"[\s.\-()/]")


def normalise_phone(text):
    """A Vietnamese phone number in its domestic form ``0912345678``, or None if it is not one.

    ``+84 912 345 678``, ``84912345678`` and ``912345678`` (a number cell that lost its 0)
    all become ``0912345678``; an empty cell stays empty.
    """
    digits = _PHONE_JUNK.sub("", text or "")
    if not digits:
        return ""
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):  # a foreign number: kept in international form
            return "+" + digits if digits.isdigit() and 8 <= len(digits) <= 15 else None
    if not digits.isdigit():
        return None
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    return digits if digits.startswith("0") and 10 <= len(digits) <= 11 else None
