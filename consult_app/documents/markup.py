"""The one escaping helper: every piece of client or clinic text passes it before layout.

ReportLab's Paragraph reads a small XML-like markup, so a name such as "<b>Ann & Co</b>" must be
escaped or it would turn bold, or break the build. Characters the bundled fonts cannot print
(see fonts.unsupported_characters) are printed as "?", never as empty boxes and never dropped
silently: base.document_warnings lists the fields they came from, so the services can warn.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape as _xml_escape

from consult_app.documents.fonts import is_printable


def printable(text: str) -> str:
    """Text for drawing directly on the canvas: NFC, odd spaces plain, unprintables as "?"."""
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


def escape(text: str) -> str:
    """Paragraph markup that prints `text` literally, one line break per newline."""
    return _xml_escape(printable(text)).replace("\n", "<br/>")
