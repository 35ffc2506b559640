"""DejaVu Sans for PDFs: the core PDF fonts have no Vietnamese letters (they print "?").

The TrueType files ship in ``quiz_server/fonts/`` with their licence; reportlab embeds the
glyphs used, so a PDF prints the same on any machine.
"""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).parents[1] / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def register():
    """Register the fonts once per process; returns (regular, bold) names for setFont."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (REGULAR, BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / f"{name}.ttf")))
    return REGULAR, BOLD


def fit_size(text, font, size, width, smallest=10):
    """The largest font size up to ``size`` at which ``text`` fits in ``width`` points."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def fit_lines(text, font, size, width, smallest=10):
    """``(size, lines)``: ``text`` on one line at the largest size down to ``smallest``, else
    split between words into two lines of about equal width, shrinking further if need be,
    so a long name or agency never runs off the page."""
    one = fit_size(text, font, size, width, smallest)
    if pdfmetrics.stringWidth(text, font, one) <= width:
        return one, [text]
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    if not splits:
        return fit_size(text, font, one, width, 1), [text]
    lines = min(splits, key=lambda pair: max(pdfmetrics.stringWidth(part, font, size)
                                             for part in pair))
    current = size
    while current > 1 and max(pdfmetrics.stringWidth(part, font, current)
                              for part in lines) > width:
        current -= 1
    return current, list(lines)
