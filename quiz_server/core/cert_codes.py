"""Verification codes as people type them: any case, with or without dashes or spaces.

A code is printed as ``GNQJ-4K2M-XY7P-ABCD``; read from paper it is often typed
``gnqj4k2mxy7pabcd`` or ``GNQJ 4K2M …``. The letters are base32 (A–Z, 2–7), so nothing is
lost by folding case and dropping separators.
"""

import re

_SEPARATORS = re.compile(r"[\s\-–—._]+")


def normalise(text):
    """The printed form of a typed code (upper case, groups of four), or the text upper-cased
    when it has not the 16 characters of a code."""
    bare = _SEPARATORS.sub("", (text or "").strip()).upper()
    if len(bare) != 16:
        return bare
    return "-".join(bare[i:i + 4] for i in range(0, 16, 4))
