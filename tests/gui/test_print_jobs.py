"""The stored PDF itself to a CUPS queue through lp, with the print dialog's choices, off the
GUI thread; without lp (as on Windows) the pages are drawn, also off the GUI thread."""

from __future__ import annotations

import io
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPageLayout, QPageRanges, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrintEngine, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.gui import printing
from consult_app.gui.print_jobs import (
    CupsJob,
    Printed,
    PrintError,
    chosen_pages,
    cups_job,
    lp_arguments,
    sides_for,
    submit_to_cups,
)
from consult_app.gui.printing import plan_job, print_with_dialog
from consult_app.gui.tasks import run_in_background
from tests.gui import cups
from tests.gui.test_printing import WORDS, assert_pages_look_like, pdf_printer, three_page_pdf


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return three_page_pdf()


def test_the_dialogs_choices_become_lps_options(qapp: QApplication) -> None:
    """The mapping Okular's FilePrinter uses: -d, -n, -P, sides, collate, output order."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    ranges = QPageRanges()
    ranges.addPage(1)
    ranges.addRange(3, 9)  # past the end of the document: cut to its last page
    printer.setPageRanges(ranges)
    # What the dialog's Options tab leaves for CUPS: two pages a sheet, odd pages only.
    cups_options = QPrintEngine.PrintEnginePropertyKey(0xFE00)
    printer.printEngine().setProperty(cups_options, ["number-up", "2", "page-set", "odd"])

    job = cups_job(printer, 4, "Signed consent")

    assert lp_arguments(job) == [
        "-d", printer.printerName(),
        "-t", "Signed consent",
        "-n", "2",
        "-P", "1,3-4",
        "-o", "sides=one-sided",  # Qt keeps no two-sided choice for a queue without it
        "-o", "collate=false",
        "-o", "outputorder=reverse",
        "-o", "media=A4",
        "-o", "print-color-mode=monochrome",
        "-o", "number-up=2",
        "-o", "page-set=odd",
    ]  # fmt: skip
    upright, on_its_side = QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape
    duplex = QPrinter.DuplexMode
    assert sides_for(duplex.DuplexLongSide, on_its_side) == "two-sided-long-edge"
    assert sides_for(duplex.DuplexShortSide, upright) == "two-sided-short-edge"
    assert sides_for(duplex.DuplexAuto, upright) == "two-sided-long-edge"
    assert sides_for(duplex.DuplexAuto, on_its_side) == "two-sided-short-edge"
    assert sides_for(duplex.DuplexNone, upright) == "one-sided"


def test_pages_wholly_outside_the_document_are_refused(qapp: QApplication) -> None:
    printer = QPrinter()
    assert chosen_pages(printer, 3) == ""
    printer.setFromTo(5, 6)
    with pytest.raises(PrintError, match="has 3 pages"):
        chosen_pages(printer, 3)


def test_a_queue_cups_does_not_know_is_named_with_what_to_do(pdf: bytes) -> None:
    if shutil.which("lp") is None:
        pytest.skip("no lp on this system")
    with pytest.raises(PrintError) as raised:
        submit_to_cups(pdf, CupsJob("NoSuchQueue", "Signed consent"))
    message = str(raised.value)
    assert message.startswith("The printer NoSuchQueue did not take the job (")
    assert "printer settings" in message


def _choose_queue(monkeypatch: pytest.MonkeyPatch, pages: tuple[int, ...] = ()) -> None:
    """The print dialog, answered as someone would: the ConsultPDF queue, maybe some pages."""

    def choose(dialog: QPrintDialog) -> int:
        dialog.printer().setPrinterName(cups.QUEUE)
        if pages:
            ranges = QPageRanges()
            for page in pages:
                ranges.addPage(page)
            dialog.printer().setPageRanges(ranges)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose)


def _print_while_ticking(
    qtbot: QtBot, pdf: bytes, token: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Printed, list[str], str]:
    """Print through the dialog from a main window while a timer ticks on the GUI thread.

    Returns what was sent, what the timer saw (each tick notes whether the job was still
    out) and the status bar's message once it was handed over. The job waits in the
    background until the GUI thread has ticked, so a quick lp on an idle machine and a slow
    one on a busy machine both show whether the event loop went on meanwhile.
    """
    ticked = threading.Event()

    def held_until_ticked(
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        def held() -> Any:
            ticked.wait(30)  # never set if the job keeps the GUI thread
            return work()

        run_in_background(held, on_success, on_failure)

    monkeypatch.setattr(printing, "run_in_background", held_until_ticked)
    window = QMainWindow()
    qtbot.addWidget(window)
    sent: list[Printed] = []
    ticks: list[str] = []

    def tick() -> None:
        ticks.append("done" if sent else "running")
        ticked.set()

    timer = QTimer(window)
    timer.setInterval(0)
    timer.timeout.connect(tick)
    timer.start()
    assert print_with_dialog(window, pdf, token, on_sent=sent.append) is True
    qtbot.waitUntil(lambda: bool(sent), timeout=120_000)
    timer.stop()
    return sent[0], ticks, window.statusBar().currentMessage()


def _require_queue() -> None:
    if not cups.queue_available():
        pytest.skip(cups.SKIP_REASON)


def _text(reader: PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.slow  # Ghostscript in cups-pdf takes a few seconds
def test_the_stored_pdf_itself_reaches_the_cups_queue_while_the_window_stays_responsive(
    qtbot: QtBot, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_queue()
    token = f"consulttest{uuid.uuid4().hex[:12]}"
    _choose_queue(monkeypatch)

    printed, ticks, status = _print_while_ticking(qtbot, pdf, token, monkeypatch)

    assert "running" in ticks  # the event loop went on while lp had the job
    assert printed.printer == cups.QUEUE and printed.job_id.startswith(f"{cups.QUEUE}-")
    assert status == f"{token} sent to the printer {cups.QUEUE} (job {printed.job_id})."
    out = cups.wait_for_output(token)
    try:
        reader = PdfReader(out)
        assert len(reader.pages) == len(PdfReader(io.BytesIO(pdf)).pages) == 3
        text = _text(reader)  # text, not pictures of it: the job was the PDF itself
        for page, word in zip(text, WORDS, strict=True):
            # Ghostscript in cups-pdf keeps no text for "Zoë Ł", only for plain letters.
            assert f"Page {word}" in page and "ukasiewicz" in page
    finally:
        out.unlink()


@pytest.mark.slow
def test_the_pages_chosen_in_the_dialog_are_the_pages_cups_prints(
    qtbot: QtBot, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_queue()
    token = f"consulttest{uuid.uuid4().hex[:12]}"
    _choose_queue(monkeypatch, pages=(1, 3))

    _print_while_ticking(qtbot, pdf, token, monkeypatch)

    out = cups.wait_for_output(token)
    try:
        text = _text(PdfReader(out))
        assert len(text) == 2
        assert "Page one" in text[0] and "Page three" in text[1]
    finally:
        out.unlink()


@pytest.mark.slow
def test_without_lp_the_pages_are_drawn_off_the_gui_thread(
    qtbot: QtBot, pdf: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As on Windows: no lp on the PATH, so Qt's own print path paints each page."""
    _require_queue()
    token = f"consulttest{uuid.uuid4().hex[:12]}"
    _choose_queue(monkeypatch)
    lpstat = shutil.which("lpstat")
    assert lpstat is not None
    (tmp_path / "lpstat").symlink_to(lpstat)  # cups.wait_for_output still asks the queue
    monkeypatch.setenv("PATH", str(tmp_path))

    printed, ticks, _status = _print_while_ticking(qtbot, pdf, token, monkeypatch)

    assert "running" in ticks
    assert printed == Printed(cups.QUEUE, pages=3)
    out = cups.wait_for_output(token)
    try:
        assert_pages_look_like(out.read_bytes(), pdf, [0, 1, 2])
    finally:
        out.unlink()


def test_a_job_is_planned_for_the_path_the_system_offers(
    qapp: QApplication, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few pages into a file are drawn (a file cannot take lp's page ranges)."""
    out = tmp_path / "page two.pdf"
    printer = pdf_printer(out)
    printer.setFromTo(2, 2)

    assert plan_job(printer, pdf, "Page two")() == Printed(str(out), pages=1)

    assert_pages_look_like(out.read_bytes(), pdf, [1])


def test_a_job_that_fails_in_the_background_is_explained(
    qtbot: QtBot, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no such folder" / "consent.pdf"

    def choose_missing_folder(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(missing))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_missing_folder)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *_rest: shown.append((title, text))
    )

    assert print_with_dialog(None, pdf, "Signed consent") is True

    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    [(title, text)] = shown
    assert title == "Could not print"
    assert text.startswith(f"The PDF file {missing} could not be written")
    assert "check the folder exists" in text
