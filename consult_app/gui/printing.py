"""Printing stored PDFs from the print dialog, off the GUI thread.

A CUPS queue (Linux, macOS) gets the stored PDF itself with the dialog's options (print_jobs);
"print to file" writes the stored bytes. Only where the system offers nothing else (Windows, or
no `lp`) are pages rendered by Qt's PDF module and painted onto the printer, one at a time.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QMainWindow, QWidget

from consult_app.gui.errors import show_error
from consult_app.gui.print_jobs import (
    Printed,
    PrintError,
    chosen_pages,
    cups_job,
    lp_command,
    save_pdf_file,
    submit_to_cups,
)
from consult_app.gui.tasks import run_in_background

__all__ = ["PrintError", "Printed", "load_pdf", "print_pdf", "print_with_dialog", "render_page"]

# A page is rasterised before it reaches the printer (Qt's PDF module has no vector output).
# An A4 page at a HighResolution printer's 1200 dpi would be a 557 MB image; 600 dpi (139 MB,
# one page at a time) is already finer than the eye reads text on paper.
MAX_PRINT_DPI = 600.0


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
    chosen_pages(printer, page_count)  # refuses a range wholly outside the document
    ranges = printer.pageRanges()  # what setFromTo() and the print dialog's page range set
    pages = [p - 1 for p in range(1, page_count + 1) if ranges.isEmpty() or ranges.contains(p)]
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


def plan_job(printer: QPrinter, pdf: bytes, document_name: str) -> Callable[[], Printed]:
    """The work that sends `pdf` where the print dialog left `printer`, for any thread.

    The dialog's choices are read here, on the GUI thread: a CUPS queue gets the stored PDF
    with them; a PDF file of the whole document gets the stored bytes; anything else (Windows,
    no `lp`, or a few pages of the document into a file) gets the pages drawn one by one.

    Raises:
        PrintError: the PDF cannot be read, or the page range is outside it.
    """
    document = load_pdf(pdf)
    page_count = document.pageCount()
    document.close()
    pages = chosen_pages(printer, page_count)  # a range outside the document fails here
    native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    lp = lp_command()
    if native and printer.printerName() and lp is not None:
        job = cups_job(printer, page_count, document_name)
        return lambda: submit_to_cups(pdf, job, lp)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and not pages:
        path = printer.outputFileName()
        return lambda: save_pdf_file(pdf, path)
    name = printer.printerName() or printer.outputFileName()
    return lambda: Printed(name, pages=print_pdf(pdf, printer, document_name))


def _status_bar_of(widget: QWidget | None) -> Callable[[str], None]:
    """Shows a message in the status bar of the main window `widget` belongs to, if any."""
    while widget is not None and not isinstance(widget, QMainWindow):
        widget = widget.parentWidget()
    window = widget

    def show(text: str) -> None:
        if window is not None and shiboken6.isValid(window):
            window.statusBar().showMessage(text, 15_000)

    return show


def print_with_dialog(
    parent: QWidget | None,
    pdf: bytes,
    document_name: str,
    on_sent: Callable[[Printed], object] | None = None,
    job_name: str = "",
) -> bool:
    """Ask which printer, pages and copies with the system print dialog, then send the job
    off the GUI thread. Returns whether a job was started (False when cancelled).

    `document_name` is what the dialog and the status bar call it; `job_name` (if given) what
    the printing system lists the job as, which anyone on the network may read.

    Once it is handed over, the main window's status bar says where (with CUPS's job id) and
    `on_sent` hears it; a failure is shown to the user, naming the printer and what to check.

    Raises:
        PrintError: the PDF cannot be read, or the page range chosen is outside it.
    """
    document = load_pdf(pdf)  # a broken PDF fails before the dialog opens
    page_count = document.pageCount()
    document.close()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    job_name = job_name or document_name
    printer.setDocName(job_name)
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
    work = plan_job(printer, pdf, job_name)
    status = _status_bar_of(parent)
    status(f"Sending {document_name} to the printer…")

    def sent(printed: Printed) -> None:
        status(printed.message(document_name))
        if on_sent is not None:
            on_sent(printed)

    def failed(error: BaseException) -> None:
        status("")
        shown_on = parent if parent is not None and shiboken6.isValid(parent) else None
        show_error(shown_on, "Could not print", error)

    # `printer` stays alive in the closure until the job is done: the picture path paints on it.
    run_in_background(work, sent, failed)
    return True
