"""The bundled fonts, registered once; which face prints each character; text it cannot print.

DejaVu Sans prints Latin (Vietnamese too), Greek and Cyrillic. Other scripts fall back, run by
run, to a font made for them (resources/fonts/README.txt): Noto Sans Hebrew and Noto Sans
Arabic, shaped and set right to left (see shaping.py), Droid Sans Fallback for Chinese and
Japanese, Nanum Gothic for Korean. ReportLab embeds only the glyphs a document uses, so a
document in Latin letters carries none of the larger fonts. What no bundled font has (emoji,
say) is named by `unsupported_characters`, so the services can warn at data entry, in the
preview and before signing; `markup.escape` prints each such character as "?".
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics

from consult_app.documents.shaping import ShapingFont
from consult_app.paths import resources_dir

FAMILY = "ConsultSans"
BOLD = "ConsultSans-Bold"
ITALIC = "ConsultSans-Oblique"
BOLD_ITALIC = "ConsultSans-BoldOblique"
HEBREW = "ConsultHebrew"
HEBREW_BOLD = "ConsultHebrew-Bold"
ARABIC = "ConsultArabic"
ARABIC_BOLD = "ConsultArabic-Bold"
CJK = "ConsultCJK"  # Chinese and Japanese; one weight only, so bold prints regular
KOREAN = "ConsultKorean"  # one weight only too

_FILES = {
    FAMILY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    HEBREW_BOLD: "NotoSansHebrew-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    KOREAN: "NanumGothic.ttf",
}
# Right to left: harfbuzz shapes their words (joining forms, ligatures, marks).
SHAPED = frozenset({HEBREW, HEBREW_BOLD, ARABIC, ARABIC_BOLD})
# Joiners change how neighbours join and have no glyph of their own to miss.
_JOINERS = frozenset("\u200c\u200d")

_lock = threading.Lock()  # documents are built off the GUI thread, maybe two at once


def _within(*ranges: tuple[int, int]) -> Callable[[int], bool]:
    return lambda code: any(low <= code <= high for low, high in ranges)


@dataclass(frozen=True, slots=True)
class _Fallback:
    """A script's own faces, and which code points belong to it."""

    regular: str
    bold: str
    holds: Callable[[int], bool]


# In this order: a character of a script goes to its own font even when DejaVu has a glyph
# (DejaVu's Hebrew and Arabic cannot be shaped; its few CJK signs would not match).
_FALLBACKS = (
    _Fallback(HEBREW, HEBREW_BOLD, _within((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    _Fallback(
        ARABIC,
        ARABIC_BOLD,
        _within((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF)),
    ),
    _Fallback(
        KOREAN,
        KOREAN,
        _within((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)),
    ),
    _Fallback(
        CJK,
        CJK,
        _within(
            (0x2E80, 0x2FDF), (0x3000, 0x312F), (0x31A0, 0x9FFF), (0xF900, 0xFAFF),
            (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
        ),
    ),
)  # fmt: skip
_BOLD_FACES = frozenset({BOLD, BOLD_ITALIC, *(f.bold for f in _FALLBACKS)})


_loaded: dict[str, ShapingFont] = {}
_loading = threading.Lock()


def _fonts() -> dict[str, ShapingFont]:
    """The fonts, loaded once: two documents made at once must share the same font objects,
    since shaping adds code points to the one ReportLab has registered."""
    with _loading:
        if not _loaded:
            folder = resources_dir() / "fonts"
            _loaded.update({n: ShapingFont(n, str(folder / f)) for n, f in _FILES.items()})
        return _loaded


def font(name: str) -> ShapingFont:
    """One of the bundled fonts by its registered name."""
    return _fonts()[name]


def register_fonts() -> None:
    """Register every face with ReportLab; cheap after the first call."""
    with _lock:
        if FAMILY in pdfmetrics.getRegisteredFontNames():
            return
        for each in _fonts().values():
            pdfmetrics.registerFont(each)
        # The family mappings are how <b> and <i> inside Paragraph markup find their faces.
        pdfmetrics.registerFontFamily(
            FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        for fallback in _FALLBACKS:
            regular, bold = fallback.regular, fallback.bold
            pdfmetrics.registerFontFamily(
                regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
            )


@cache
def _glyphs(name: str) -> frozenset[int]:
    return _fonts()[name].code_points()


def is_bold(name: str) -> bool:
    return name in _BOLD_FACES


def face_for(character: str, bold: bool = False) -> str | None:
    """The face that prints `character` upright (regular or bold), or None if none can.

    Client text is never set in the oblique faces, which lack several hundred of the regular
    face's glyphs; DejaVu's regular and bold faces cover the same letters.
    """
    code = ord(character)
    for fallback in _FALLBACKS:
        if fallback.holds(code):
            name = fallback.bold if bold else fallback.regular
            return name if code in _glyphs(name) else _any_face(code)
    return _any_face(code, bold)


def _any_face(code: int, bold: bool = False) -> str | None:
    if code in _glyphs(FAMILY) and code in _glyphs(BOLD):
        return BOLD if bold else FAMILY
    for fallback in _FALLBACKS:
        if code in _glyphs(fallback.regular):
            return fallback.regular
    return None


@cache
def is_printable(character: str) -> bool:
    """Whether one character prints as it should with the bundled fonts."""
    if character.isspace() or character in _JOINERS:
        return True
    return face_for(character) is not None


def unsupported_characters(text: str) -> list[str]:
    """The distinct characters of `text` that cannot be printed, in order of appearance.

    The text is read in NFC form, as markup.escape prints it, so "e" plus a combining accent
    counts as the "é" the font has. Whitespace and zero-width joiners are never reported.
    """
    found: dict[str, None] = {}
    for character in unicodedata.normalize("NFC", text):
        if not is_printable(character):
            found[character] = None
    return list(found)
