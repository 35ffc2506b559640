"""Passwords attackers try first (README, "Passwords"; licences in quiz_server/data/LISTS.md).

Three sources, compared without case or Vietnamese marks: the 30,000 most common passwords of
the list that the zxcvbn package ships (MIT, drawn from Mark Burnett's corpus of 10 million
leaked passwords), the project's list of Vietnamese and long variants, and the service's own
words. A common word dressed up the usual way (a capital, digits or symbols before or after:
``Admin@12345``, ``anhyeuem12``) counts as that word, and so does a short word padded so
(``Abc@123456``) or a few letters repeated (``abcabcabca``).
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"
OWN_LISTS = (DATA / "common-passwords.txt", DATA / "service-words.txt")
SHORT_WORD = 3  # letters: "abc" with digits around it is no password
DECORATION = re.compile(r"^([^a-z]*)([a-z]+)([^a-z]*)$")


def fold(text):
    """Case and marks removed (``Đức`` → ``duc``), so variants of one word compare equal."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _read(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return {fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")}


@cache
def words():
    """Every listed password and word, folded (loaded once, at the first password change)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    found = {fold(word) for word in FREQUENCY_LISTS["passwords"]}
    for path in OWN_LISTS:
        found |= _read(path)
    return frozenset(found)


def _repeats(folded):
    """``abcabcabca``: the password is one to four characters said again and again."""
    return any(folded == (folded[:size] * len(folded))[:len(folded)] for size in range(1, 5))


def is_common(password):
    folded = fold(password)
    if folded in words() or len(set(folded)) <= 2 or _repeats(folded):
        return True
    decorated = DECORATION.match(folded)
    if decorated is None:
        return False
    core = decorated.group(2)
    return len(core) <= SHORT_WORD or core in words()
