"""The reader's decimal sign, in one place: 55,4 in Vietnamese, 55.4 in English.

The organizer's pages (``web/numbers.py``) and the PDFs written in core (the annual report)
both print through ``decimal_text``, so a figure reads the same on the page and on paper.
"""


def decimal_text(value, places=1, locale="vi"):
    """``55.42`` → ``55,4`` (vi) or ``55.4`` (en); whole numbers stay whole (``3`` → ``3``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = f"{value:.{places}f}"
    return text if locale == "en" else text.replace(".", ",")
