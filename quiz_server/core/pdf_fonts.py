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
