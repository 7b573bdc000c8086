"""The bundled DejaVu Sans family, registered once, and a check for text it cannot print.

ReportLab embeds a subset of each TrueType font it uses, so a PDF looks the same on every
machine and printer. What the fonts cannot show (Chinese, say) would print as empty boxes, and
right-to-left scripts would print in the wrong order, unshaped, even though DejaVu has glyphs
for them. `unsupported_characters` names both kinds, so the services can warn at data entry and
on export; `markup.escape` prints each such character as "?" rather than as a box.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from consult_app.paths import resources_dir

FAMILY = "ConsultSans"
BOLD = "ConsultSans-Bold"
ITALIC = "ConsultSans-Oblique"
BOLD_ITALIC = "ConsultSans-BoldOblique"

_FILES = {
    FAMILY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
# Client text is printed upright, regular or bold; never in the oblique faces, which lack
# several hundred of the regular face's glyphs.
_CLIENT_TEXT_FACES = (FAMILY, BOLD)
# Joiners change how neighbours join and have no glyph of their own to miss.
_JOINERS = frozenset("\u200c\u200d")
# Right-to-left letters and Arabic digits: ReportLab has no bidi or shaping.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})

_lock = threading.Lock()  # documents are built off the GUI thread, maybe two at once


@cache
def _fonts() -> dict[str, TTFont]:
    folder = resources_dir() / "fonts"
    return {name: TTFont(name, str(folder / file)) for name, file in _FILES.items()}


def register_fonts() -> None:
    """Register the family with ReportLab; cheap after the first call."""
    with _lock:
        if FAMILY in pdfmetrics.getRegisteredFontNames():
            return
        for font in _fonts().values():
            pdfmetrics.registerFont(font)
        # The family mapping is how <b> and <i> inside Paragraph markup find their faces.
        pdfmetrics.registerFontFamily(
            FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )


@cache
def _printable() -> frozenset[int]:
    """Code points every face used for client text has a glyph for."""
    with _lock:
        fonts = _fonts()
        maps = [set(fonts[name].face.charToGlyph) for name in _CLIENT_TEXT_FACES]
    return frozenset(set.intersection(*maps))


def is_printable(character: str) -> bool:
    """Whether one character prints as it should with the bundled fonts."""
    if character.isspace() or character in _JOINERS:
        return True
    if unicodedata.bidirectional(character) in _RIGHT_TO_LEFT:
        return False
    return ord(character) in _printable()


def unsupported_characters(text: str) -> list[str]:
    """The distinct characters of `text` that cannot be printed properly, in order of appearance.

    The text is read in NFC form, as markup.escape prints it, so "e" plus a combining accent
    counts as the "é" the font has. Whitespace and zero-width joiners are never reported.
    """
    found: dict[str, None] = {}
    for character in unicodedata.normalize("NFC", text):
        if not is_printable(character):
            found[character] = None
    return list(found)
