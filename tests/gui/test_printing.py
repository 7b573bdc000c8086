"""Printing for real: QtPdf renders pages and QPainter prints them (the path where the system has
no lp) to a PDF file and to CUPS; "print to file" from the dialog writes the stored PDF.
The stored PDF sent to CUPS with lp: test_print_jobs."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPageRanges, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from consult_app.gui.print_jobs import Printed
from consult_app.gui.printing import PrintError, load_pdf, print_pdf, print_with_dialog, render_page
from consult_app.paths import resources_dir
from tests.gui import cups

NAME = "Zoë Łukasiewicz"
WORDS = ("one", "two", "three")


def three_page_pdf() -> bytes:
    """A real three-page A4 PDF: "Page one/two/three" in large type, and a client's name."""
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        font = resources_dir() / "fonts" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    pdf.setTitle("Consent form")
    for number, word in enumerate(WORDS, start=1):
        pdf.setFont("DejaVuSans", 48)
        pdf.drawString(72, 700, f"Page {word}")
        pdf.setFont("DejaVuSans", 20)
        pdf.drawString(72, 640, NAME)
        pdf.drawString(72, 72, f"{number} of {len(WORDS)}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return three_page_pdf()


def pdf_printer(path: Path) -> QPrinter:
    """A HighResolution printer whose job becomes a PDF file: QPainter printing, to disk."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def _thumbnail(document: QPdfDocument, page: int) -> bytes:
    """A small greyscale picture of a page, as one byte a pixel (the width is a multiple of 4,
    so rows carry no padding)."""
    image = render_page(document, page, 36).scaled(
        200, 280, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(grey.constBits())[: 200 * 280]


def _difference(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def assert_pages_look_like(printed: bytes, original: bytes, pages: list[int]) -> None:
    """Each printed page looks like the original page it should be, and unlike the others.

    Printing rasterises pages (QtPdf has no vector output), so the printed PDF holds pictures,
    not text that pypdf could extract; comparing renders is how we check the right page came out.
    """
    printed_doc, original_doc = load_pdf(printed), load_pdf(original)
    originals = [_thumbnail(original_doc, page) for page in range(original_doc.pageCount())]
    assert printed_doc.pageCount() == len(pages)
    for index, expected in enumerate(pages):
        thumbnail = _thumbnail(printed_doc, index)
        assert sum(1 for value in thumbnail if value < 128) > 200, f"printed page {index} is blank"
        differences = [_difference(thumbnail, other) for other in originals]
        closest = min(range(len(originals)), key=differences.__getitem__)
        assert closest == expected, f"printed page {index} looks like page {closest}: {differences}"
        # The same page differs only by resampling (about 0.2 here), a blank page by about 1.5.
        assert differences[expected] < 1.0, differences


def test_render_page_is_opaque_white_paper_with_dark_text(qapp: QApplication, pdf: bytes) -> None:
    document = load_pdf(pdf)
    image = render_page(document, 1, 100)
    points = document.pagePointSize(1)
    assert (image.width(), image.height()) == (
        round(points.width() * 100 / 72),
        round(points.height() * 100 / 72),
    )
    assert not image.hasAlphaChannel()
    for x, y in ((0, 0), (image.width() - 1, image.height() - 1), (image.width() // 2, 5)):
        assert image.pixelColor(x, y) == QColor(Qt.GlobalColor.white)
    # "Page two" at 48 pt, baseline 700 pt from the bottom: dark pixels along that line of text.
    baseline = round((points.height() - 700) * 100 / 72) - 5
    dark = [x for x in range(image.width()) if image.pixelColor(x, baseline).lightness() < 100]
    assert len(dark) > 20


def test_load_pdf_refuses_bytes_that_are_not_a_pdf(qapp: QApplication) -> None:
    with pytest.raises(PrintError, match="could not be read as a PDF"):
        load_pdf(b"%PDF-1.4 this is not really a PDF")


def test_print_pdf_prints_every_page_through_qpainter(
    qapp: QApplication, pdf: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)

    assert print_pdf(pdf, printer, "Consent form") == 3

    assert printer.docName() == "Consent form"
    assert printer.fullPage()
    assert len(PdfReader(out).pages) == 3
    assert_pages_look_like(out.read_bytes(), pdf, [0, 1, 2])


def test_print_pdf_prints_only_the_chosen_range(
    qapp: QApplication, pdf: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)

    assert print_pdf(pdf, printer, "Pages 2 to 3") == 2

    assert_pages_look_like(out.read_bytes(), pdf, [1, 2])


def test_print_pdf_prints_separate_ranges_last_page_first(
    qapp: QApplication, pdf: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "pages 1 and 3.pdf"
    printer = pdf_printer(out)
    ranges = QPageRanges()  # what a native dialog sets for "1, 3"
    ranges.addPage(1)
    ranges.addPage(3)
    printer.setPageRanges(ranges)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)

    assert print_pdf(pdf, printer, "Pages 1 and 3") == 2

    assert_pages_look_like(out.read_bytes(), pdf, [2, 0])


def test_a_range_outside_the_document_is_refused_before_printing(
    qapp: QApplication, pdf: bytes, tmp_path: Path
) -> None:
    printer = pdf_printer(tmp_path / "never.pdf")
    printer.setFromTo(5, 6)

    with pytest.raises(PrintError, match="has 3 pages"):
        print_pdf(pdf, printer, "Out of range")
    assert not (tmp_path / "never.pdf").exists()


def test_a_broken_pdf_raises_a_clear_print_error(qapp: QApplication, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "never.pdf")

    with pytest.raises(PrintError) as raised:
        print_pdf(b"garbage, not a PDF", printer, "Broken")

    assert "could not be read as a PDF" in str(raised.value)
    assert not (tmp_path / "never.pdf").exists()


def test_a_printer_that_cannot_start_says_what_to_check(
    qapp: QApplication, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName("Front desk")
    named = printer.printerName()  # Qt keeps the name only if such a queue exists
    monkeypatch.setattr(QPainter, "begin", lambda _painter, _device: False)

    with pytest.raises(PrintError) as raised:
        print_pdf(pdf, printer, "Consent form")

    printer_words = f"The printer {named}" if named else "The printer"
    assert str(raised.value) == (
        f"{printer_words} could not start the job; check it is switched on and connected."
    )


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt's own warning for the refused file
def test_an_unwritable_pdf_file_says_which_file(
    qapp: QApplication, pdf: bytes, tmp_path: Path
) -> None:
    missing = tmp_path / "no such folder" / "out.pdf"

    with pytest.raises(PrintError, match="could not be written"):
        print_pdf(pdf, pdf_printer(missing), "Consent form")


def test_print_with_dialog_prints_what_the_dialog_chose(
    qtbot: QtBot, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "chosen.pdf"
    seen: dict[str, object] = {}

    def choose_pdf_file(dialog: QPrintDialog) -> int:
        seen["range"] = (dialog.minPage(), dialog.maxPage())
        seen["doc_name"] = dialog.printer().docName()
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_file)
    sent: list[Printed] = []

    assert print_with_dialog(None, pdf, "consent-zoe", on_sent=sent.append) is True

    assert seen == {"range": (1, 3), "doc_name": "consent-zoe"}
    qtbot.waitUntil(lambda: bool(sent), timeout=10_000)
    assert out.read_bytes() == pdf  # "print to file" writes the stored PDF itself
    assert sent == [Printed("chosen.pdf")]


def test_print_with_dialog_cancelled_prints_nothing(
    qapp: QApplication, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    printed: list[object] = []
    monkeypatch.setattr("consult_app.gui.printing.print_pdf", lambda *args: printed.append(args))

    assert print_with_dialog(None, pdf, "consent-zoe") is False
    assert printed == []


@pytest.mark.slow  # Ghostscript in cups-pdf takes a few seconds
def test_printing_to_a_real_cups_queue_produces_the_pages(qapp: QApplication, pdf: bytes) -> None:
    if not cups.queue_available():
        pytest.skip(cups.SKIP_REASON)
    # Letters and digits only: cups-pdf rewrites other characters when it names the file.
    token = f"consulttest{uuid.uuid4().hex[:12]}"
    printer = QPrinter(QPrinterInfo.printerInfo(cups.QUEUE), QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    assert printer.printerName() == cups.QUEUE

    assert print_pdf(pdf, printer, token) == 3

    out = cups.wait_for_output(token)
    try:
        reader = PdfReader(out)
        assert len(reader.pages) == 3
        # Qt's print path rasterises each page, so "Page two" arrives as a picture, not as text
        # pypdf could extract: check instead that every page carries drawing operations and an
        # image, and that each looks like the page it should be (page two like page two).
        for page in reader.pages:
            assert len(page.get_contents().get_data()) > 0
            assert page["/Resources"]["/XObject"]
        assert_pages_look_like(out.read_bytes(), pdf, [0, 1, 2])
    finally:
        out.unlink()
