"""Sending a stored PDF as it is: to a CUPS queue with `lp`, or into the PDF file chosen.

What the print dialog chose (printer, copies, pages, two-sided, collate, page order) becomes lp's
options, as Okular's FilePrinter passes them, so the printer gets the document's own text and
drawings: a four-page consent is a few dozen kilobytes, not megabytes of page pictures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QIODevice, QSaveFile
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintEngine, QPrinter

from consult_app.errors import ConsultError

LP_TIMEOUT_S = 60  # lp only hands the file to the local CUPS server; it never waits for paper
# Where Qt's CUPS print dialog keeps the choices of its "Options" tab (pages per sheet, odd or
# even pages, banner pages…) as [name, value, name, value…]: Qt's private PPK_CupsOptions.
_CUPS_OPTIONS = QPrintEngine.PrintEnginePropertyKey(0xFE00)
# Options the job sets itself from the dialog's main choices; the same name twice would clash.
_OWN_OPTIONS = frozenset({"sides", "collate", "outputorder", "media", "print-color-mode", "copies"})
_REQUEST_ID = re.compile(r"request id is (\S+)")


class PrintError(ConsultError):
    """A PDF could not be read, shown or printed; the message says what to check."""


@dataclass(frozen=True, slots=True)
class Printed:
    """Where a print job went: a printer's queue (with CUPS's job id) or a PDF file."""

    printer: str
    job_id: str = ""
    pages: int = 0  # pages drawn one by one (the picture path); 0 when sent as the PDF itself

    def message(self, document_name: str) -> str:
        """What the status bar says once the job is handed over."""
        if self.job_id:
            return f"{document_name} sent to the printer {self.printer} (job {self.job_id})."
        return f"{document_name} sent to {self.printer}."


@dataclass(frozen=True, slots=True)
class CupsJob:
    """The print dialog's choices, read on the GUI thread, for a job sent from another one."""

    printer: str
    title: str
    copies: int = 1
    pages: str = ""  # CUPS page ranges ("1-2,4"); empty: every page
    sides: str = "one-sided"
    collate: bool = True
    reverse: bool = False
    media: str = ""  # a standard paper name ("A4", "Letter"); empty: the printer's own
    monochrome: bool = False
    extra: tuple[str, ...] = ()  # the dialog's other CUPS options: "number-up=2", "page-set=odd"


def lp_command() -> str | None:
    """The `lp` that submits files to CUPS, where the system has one (never on Windows)."""
    return None if sys.platform == "win32" else shutil.which("lp")


def sides_for(duplex: QPrinter.DuplexMode, orientation: QPageLayout.Orientation) -> str:
    """CUPS's "sides" for the dialog's two-sided choice; "auto" turns on the long edge of an
    upright page and on the short edge of a page on its side."""
    if duplex == QPrinter.DuplexMode.DuplexAuto:
        landscape = orientation == QPageLayout.Orientation.Landscape
        return "two-sided-short-edge" if landscape else "two-sided-long-edge"
    return {
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
    }.get(duplex, "one-sided")


def chosen_pages(printer: QPrinter, page_count: int) -> str:
    """The dialog's page ranges inside the document, as CUPS writes them ("" for all pages).

    Raises:
        PrintError: none of the pages asked for is in the document.
    """
    ranges = printer.pageRanges()
    if ranges.isEmpty():
        return ""
    inside = [
        (span.from_, min(span.to, page_count))
        for span in ranges.toRangeList()
        if span.from_ <= page_count
    ]
    if not inside:
        raise PrintError(
            f"The pages asked for ({ranges.toString()}) are not in this document, which has "
            f"{page_count} page{'s' if page_count != 1 else ''}. Choose pages inside it."
        )
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in inside)


def dialog_options(printer: QPrinter) -> tuple[str, ...]:
    """The CUPS options Qt's print dialog set beyond copies, pages, sides and paper, each as
    lp's -o takes it ("number-up=2"), as Okular's FilePrinter passes them on."""
    pairs = list(printer.printEngine().property(_CUPS_OPTIONS) or [])
    found = []
    for name, value in zip(pairs[::2], pairs[1::2], strict=False):
        name, value = str(name).strip(), str(value).strip()
        if name and name not in _OWN_OPTIONS and name != "page-ranges":  # -P carries pages
            found.append(f"{name}={value}" if value else name)
    return tuple(found)


def cups_job(printer: QPrinter, page_count: int, title: str) -> CupsJob:
    """What `printer` (as the print dialog left it) asks for, for a document of `page_count`
    pages. Call on the GUI thread; the job itself can then go from any thread.

    Raises:
        PrintError: the page range is outside the document.
    """
    size = printer.pageLayout().pageSize()
    return CupsJob(
        printer=printer.printerName(),
        title=title,
        copies=max(1, printer.copyCount()),
        pages=chosen_pages(printer, page_count),
        sides=sides_for(printer.duplex(), printer.pageLayout().orientation()),
        collate=printer.collateCopies(),
        reverse=printer.pageOrder() == QPrinter.PageOrder.LastPageFirst,
        media=size.key() if size.isValid() and size.id() != QPageSize.PageSizeId.Custom else "",
        monochrome=printer.colorMode() == QPrinter.ColorMode.GrayScale,
        extra=dialog_options(printer),
    )


def lp_arguments(job: CupsJob) -> list[str]:
    """lp's arguments for `job`; the PDF itself goes to lp's standard input."""
    arguments = ["-d", job.printer, "-t", job.title, "-n", str(job.copies)]
    if job.pages:
        arguments += ["-P", job.pages]
    arguments += ["-o", f"sides={job.sides}", "-o", f"collate={str(job.collate).lower()}"]
    if job.reverse:
        arguments += ["-o", "outputorder=reverse"]
    if job.media:
        arguments += ["-o", f"media={job.media}"]
    if job.monochrome:
        arguments += ["-o", "print-color-mode=monochrome"]
    for option in job.extra:
        arguments += ["-o", option]
    return arguments


def submit_to_cups(pdf: bytes, job: CupsJob, lp: str | None = None) -> Printed:
    """Hand `pdf` to CUPS for `job`'s printer with `lp`; returns CUPS's job id.

    Raises:
        PrintError: lp is missing, refused the job (the message names the printer and says
            what to check) or did not answer.
    """
    lp = lp or lp_command()
    what_to_do = (
        "Check that it is switched on and set up in the computer's printer settings, "
        "or choose another printer, then print again."
    )
    if lp is None:
        raise PrintError(f"This computer has no `lp` to send the job to {job.printer}.")
    try:
        done = subprocess.run(
            [lp, *lp_arguments(job)],
            input=pdf,
            capture_output=True,
            timeout=LP_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PrintError(
            f"The printing system did not take the job for {job.printer} within a minute. "
            + what_to_do
        ) from None
    except OSError as error:
        raise PrintError(
            f"The job for {job.printer} could not be handed to the printing system "
            f"({error.strerror}). {what_to_do}"
        ) from None
    said = done.stdout.decode(errors="replace")
    found = _REQUEST_ID.search(said)
    if done.returncode != 0 or found is None:
        reason = done.stderr.decode(errors="replace").strip().removeprefix("lp:").strip()
        reason = reason.splitlines()[0] if reason else "no reason given"
        raise PrintError(f"The printer {job.printer} did not take the job ({reason}). {what_to_do}")
    return Printed(job.printer, found.group(1))


def save_pdf_file(pdf: bytes, path: str) -> Printed:
    """ "Print to file": the stored PDF itself, written whole or not at all.

    Raises:
        PrintError: the file could not be written (the message names it).
    """
    file = QSaveFile(path)
    if not (
        file.open(QIODevice.OpenModeFlag.WriteOnly)
        and file.write(pdf) == len(pdf)
        and file.commit()
    ):
        raise PrintError(
            f"The PDF file {path} could not be written ({file.errorString()}); "
            "check the folder exists and that you may save files there."
        )
    return Printed(Path(path).name)
