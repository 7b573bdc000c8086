"""A signed consent's seal on every page: the QR code in the bottom right-hand corner and the
short fingerprint at the foot (what they hold, and why not the PDF's own hash: domain/seal.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from consult_app.documents.fonts import FAMILY
from consult_app.documents.styles import GREY
from consult_app.domain.documents import DocumentInfo
from consult_app.domain.seal import qr_payload, short_fingerprint

# 85 upper-case characters make a version 4 code (33 modules); at 0.36 mm a module it is
# 12 mm square, which a phone reads from paper, and it fits in the 18 mm side margin.
QR_SIZE = 12 * mm
_QUIET = 1.5 * mm  # the code's own white border (four modules), kept clear of the text column
_FROM_BOTTOM = 4.5 * mm  # above the strip many printers cannot print
_SMALL = 8

FINGERPRINT_LABEL = "Fingerprint"


def fingerprint_text(info: DocumentInfo) -> str:
    """ "Fingerprint 4F2A 91C3 77D0 B2E1": what is read or typed from paper to check it."""
    return f"{FINGERPRINT_LABEL} {short_fingerprint(info.seal)}"


def keywords(info: DocumentInfo) -> str:
    """The PDF's Keywords entry: the QR code's text, so `verify` finds the id in a file too."""
    return qr_payload(info.document_id, info.seal) if info.seal else ""


def _qr_drawing(payload: str) -> Drawing:
    code = QrCodeWidget(payload, barLevel="M", barBorder=0, barWidth=QR_SIZE, barHeight=QR_SIZE)
    drawing = Drawing(QR_SIZE, QR_SIZE)
    # The renderer sets its starting font on the page even with no text to draw; left as
    # Helvetica that is an unembedded font, which an archival (PDF/A) file may not name.
    drawing.initialFontName = FAMILY
    drawing.add(code)
    return drawing


def seal_marks(info: DocumentInfo) -> Callable[[Canvas, Any, int], None] | None:
    """Draws the seal on a page given the footer band (right edge, second line); None when the
    document has no seal (everything but a signed consent)."""
    if not info.seal:
        return None
    drawing = _qr_drawing(keywords(info))  # made once, drawn on every page
    text = fingerprint_text(info)

    def draw(canvas: Canvas, band: Any, _page: int) -> None:
        canvas.setFont(FAMILY, _SMALL)
        canvas.setFillColor(GREY)
        canvas.drawRightString(band.right, band.second_line, text)
        renderPDF.draw(drawing, canvas, band.right + _QUIET, _FROM_BOTTOM)

    return draw
