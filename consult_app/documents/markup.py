"""The one escaping helper: every piece of client or clinic text passes it before layout.

ReportLab's Paragraph reads a small XML-like markup, so a name such as "<b>Ann & Co</b>" must be
escaped or it would turn bold, or break the build. Each line is also put in visual order
(python-bidi, the Unicode bidirectional algorithm: right-to-left words and the numbers among
them read correctly, mixed with Latin), split into runs by the font that prints them
(fonts.face_for), and right-to-left runs are shaped (shaping.py). Characters no bundled font
has are printed as "?", never as empty boxes and never dropped silently:
base.document_warnings names the fields they came from, so the services can warn.

A right-to-left passage longer than a line is ordered before it is wrapped, so its lines
follow each other top to bottom from its end; names, addresses and short notes fit a line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.sax.saxutils import escape as _xml_escape

from bidi import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from consult_app.documents.fonts import (
    BOLD,
    FAMILY,
    SHAPED,
    face_for,
    font,
    is_bold,
    is_printable,
)

_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})
_SHAPED_CLASSES = frozenset({"R", "AL", "NSM"})  # what harfbuzz shapes; digits stay as drawn


def printable(text: str) -> str:
    """Text in typed order: NFC, odd spaces plain, what no font has as "?"."""
    if text.isascii() and text.isprintable():
        return text  # most of the clinic's wording: nothing to do
    out = []
    for character in unicodedata.normalize("NFC", text.replace("\r\n", "\n")):
        if character == "\n":
            out.append(character)
        elif character.isspace():
            # Ideographic and other exotic spaces have no glyph; a plain space reads the same.
            out.append(" ")
        else:
            out.append(character if is_printable(character) else "?")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Run:
    """Characters of one face, in the order they are drawn, left to right."""

    face: str
    text: str


@cache
def _face(character: str, bold: bool) -> str:
    return face_for(character, bold) or (BOLD if bold else FAMILY)


@lru_cache(maxsize=4096)  # a name is set on every page, in its header and footer
def runs(line: str, face: str = FAMILY) -> tuple[Run, ...]:
    """One printable line (no newline) as runs to draw left to right in `face`'s weight."""
    if line.isascii():
        return (Run(face, line),) if line else ()
    bold = is_bold(face)
    if any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in line):
        # Left to right at heart, as the English around it: a name or note in Hebrew or
        # Arabic still reads right to left, with its numbers, inside that line.
        line = get_display(line, base_dir="L")
    found: list[Run] = []
    start = 0
    for end in range(1, len(line) + 1):
        here = _face(line[start], bold)
        if end < len(line) and _face(line[end], bold) == here:
            continue
        text = line[start:end]
        found.append(Run(here, _shaped(text, here) if here in SHAPED else text))
        start = end
    return tuple(found)


def _shaped(visual: str, face: str) -> str:
    """Each right-to-left stretch of a run, back in typed order, shaped by harfbuzz."""
    out: list[str] = []
    stretch: list[str] = []
    for character in [*visual, ""]:
        if character and unicodedata.bidirectional(character) in _SHAPED_CLASSES:
            stretch.append(character)
            continue
        if stretch:
            out.append(font(face).shape("".join(reversed(stretch))))
            stretch = []
        out.append(character)
    return "".join(out)


def _markup(run: Run, face: str) -> str:
    text = _xml_escape(run.text)
    return text if run.face == face else f'<font name="{run.face}">{text}</font>'


def escape(text: str, face: str = FAMILY) -> str:
    """Paragraph markup that prints `text` literally in a paragraph set in `face`.

    One line break per newline; runs in other scripts name their own face, in the same weight.
    """
    lines = printable(text).split("\n")
    return "<br/>".join("".join(_markup(run, face) for run in runs(line, face)) for line in lines)


def text_width(text: str, face: str, size: float) -> float:
    """The width of one printable line as draw_text draws it."""
    width: float = sum(stringWidth(run.text, run.face, size) for run in runs(text, face))
    return width


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, face: str, size: float, right: bool = False
) -> None:
    """One printable line on the canvas, starting at x (or ending there, if `right`)."""
    found = runs(text, face)
    if right:
        x -= sum(stringWidth(run.text, run.face, size) for run in found)
    for run in found:
        canvas.setFont(run.face, size)
        canvas.drawString(x, y, run.text)
        x += stringWidth(run.text, run.face, size)
