"""Printing stored PDFs: each page rendered by Qt's PDF module and painted onto the printer."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from consult_app.errors import ConsultError

# A page is rasterised before it reaches the printer (Qt's PDF module has no vector output).
# An A4 page at a HighResolution printer's 1200 dpi would be a 557 MB image; 600 dpi (139 MB,
# one page at a time) is already finer than the eye reads text on paper.
MAX_PRINT_DPI = 600.0


class PrintError(ConsultError):
    """A PDF could not be read, shown or printed; the message says what to check."""


def load_pdf(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QPdfDocument reading `pdf` from memory, ready to render.

    The QBuffer the document reads from is made its child: QtPdf reads pages from the device
    lazily, so the buffer must live exactly as long as the document.

    Raises:
        PrintError: the bytes are not a PDF that Qt can read, or it has no pages.
    """
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)  # synchronous for a QBuffer: status is Ready or Error on return
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        reason = document.error().name.rstrip("_")
        document.close()
        raise PrintError(
            f"This document could not be read as a PDF ({reason}). "
            "Create the document again, then try once more."
        )
    return document


def render_page(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """Page `page` (0-based) at `dpi`, on an opaque white background.

    QPdfDocument.render() leaves the paper transparent, which shows as black on a printer or
    in a viewer that ignores alpha, so white is painted in behind the render. That happens in
    place, so a 600-dpi A4 page needs one 139 MB image, not two.
    """
    points = document.pagePointSize(page)
    size = QSize(
        max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72))
    )
    image = document.render(page, size)
    if image.isNull():  # out of memory, or a page QtPdf cannot draw
        raise PrintError(
            f"Page {page + 1} could not be drawn at {dpi:.0f} dpi. "
            "Close other programs to free memory, then try again."
        )
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), Qt.GlobalColor.white)
    painter.end()
    image.convertTo(QImage.Format.Format_RGB32)  # now opaque: drop the alpha channel
    return image


def _the_printer(printer: QPrinter) -> str:
    """'The printer <name>' for messages, or 'The printer' when it has no name."""
    return f"The printer {printer.printerName()}" if printer.printerName() else "The printer"


def _pages_to_print(printer: QPrinter, page_count: int) -> list[int]:
    """0-based pages in the order to print: the chosen page ranges (none chosen: all pages)."""
    ranges = printer.pageRanges()  # what setFromTo() and the print dialog's page range set
    pages = [p - 1 for p in range(1, page_count + 1) if ranges.isEmpty() or ranges.contains(p)]
    if not pages:
        raise PrintError(
            f"The pages asked for ({ranges.toString()}) are not in this document, which has "
            f"{page_count} page{'s' if page_count != 1 else ''}. Choose pages inside it."
        )
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def print_pdf(pdf: bytes, printer: QPrinter, document_name: str) -> int:
    """Print `pdf` on `printer` and return how many pages were sent.

    Every page in the printer's page ranges (fromPage() to toPage(), or several ranges from a
    native dialog; all pages when none are set) is rendered at the printer's resolution,
    capped at MAX_PRINT_DPI, and drawn as large as fits the paper, keeping its proportions,
    centred. Pages go one at a time, so memory holds one page image.
    The printer works in full-page mode, so the PDF's own margins are the only margins. Copies
    and collation are left to the printer driver, which QPrintDialog has already told.

    Raises:
        PrintError: the PDF cannot be read, the page range is outside it, or the printer
            could not start or finish the job.
    """
    document = load_pdf(pdf)
    try:
        pages = _pages_to_print(printer, document.pageCount())
        printer.setDocName(document_name)
        printer.setFullPage(True)
        dpi = min(float(printer.resolution()), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
                raise PrintError(
                    f"The PDF file {printer.outputFileName()} could not be written; "
                    "check the folder exists and that you may save files there."
                )
            raise PrintError(
                f"{_the_printer(printer)} could not start the job; "
                "check it is switched on and connected."
            )
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            # In full-page mode the page rect is the whole sheet, with (0, 0) at its corner.
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            for index, page in enumerate(pages):
                if index and not printer.newPage():
                    raise PrintError(
                        f"{_the_printer(printer)} stopped after "
                        f"{index} page{'s' if index != 1 else ''}; "
                        "check it has paper and is still connected, then print again."
                    )
                image = render_page(document, page, dpi)
                painter.drawImage(_fitted(QRectF(image.rect()), target), image)
        except BaseException:
            printer.abort()
            painter.end()
            raise
        if not painter.end():
            raise PrintError(
                f"{_the_printer(printer)} could not finish the job; "
                "check it is switched on and connected, then print again."
            )
        return len(pages)
    finally:
        document.close()


def _fitted(source: QRectF, target: QRectF) -> QRectF:
    """The largest rectangle with `source`'s proportions that fits in `target`, centred."""
    scale = min(target.width() / source.width(), target.height() / source.height())
    fitted = QRectF(0, 0, source.width() * scale, source.height() * scale)
    fitted.moveCenter(target.center())
    return fitted


def print_with_dialog(parent: QWidget | None, pdf: bytes, document_name: str) -> bool:
    """Ask which printer, pages and copies with the system print dialog, then print.

    Returns whether anything was printed (False when the dialog is cancelled).

    Raises:
        PrintError: as print_pdf.
    """
    document = load_pdf(pdf)  # a broken PDF fails before the dialog opens
    page_count = document.pageCount()
    document.close()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {document_name}")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setMinMax(1, page_count)
    accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not accepted:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        print_pdf(pdf, printer, document_name)
    finally:
        QApplication.restoreOverrideCursor()
    return True
