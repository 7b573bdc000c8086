"""The real print queue tests print to: CUPS's "ConsultPDF" queue, which cups-pdf turns into files.

.ci/run installs cups and cups-pdf, starts cupsd and makes ConsultPDF the default queue.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

from PySide6.QtPrintSupport import QPrinterInfo

QUEUE = "ConsultPDF"
SKIP_REASON = "no CUPS server with the ConsultPDF queue (.ci/run installs one)"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
CUPS_PDF_LOG = Path(f"/var/log/cups/cups-pdf-{QUEUE}_log")


def _lpstat(*args: str) -> str:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return ""
    result = subprocess.run([lpstat, *args], capture_output=True, text=True, timeout=15)
    return result.stdout


def queue_available() -> bool:
    """Whether cupsd is running and Qt sees the ConsultPDF queue (needs a QApplication)."""
    if "scheduler is running" not in _lpstat("-r"):
        return False
    return QUEUE in QPrinterInfo.availablePrinterNames()


def output_folder() -> Path:
    """Where cups-pdf writes: the "Out" setting of cups-pdf.conf, for the user printing.

    cups-pdf expands ${HOME} and ${USER} from the job owner's account, not the environment.
    """
    account = pwd.getpwuid(os.getuid())
    out = "${HOME}/PDF"  # cups-pdf's default
    if CUPS_PDF_CONF.is_file():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.strip().partition(" ")
            if key == "Out" and value.strip():
                out = value.strip()
    return Path(out.replace("${HOME}", account.pw_dir).replace("${USER}", account.pw_name))


def wait_for_output(token: str, timeout: float = 30.0) -> Path:
    """The PDF cups-pdf wrote for the job whose document name contains `token`.

    cups-pdf names the file after the job title (cleaned up, e.g. "<title>-job_7.pdf"), and
    Ghostscript writes it in place, so the file counts as done once the queue is empty.
    Uses time.sleep, not Qt's event loop, while it waits.
    """
    folder = output_folder()
    deadline = time.monotonic() + timeout
    while True:
        found = sorted(folder.glob(f"*{token}*.pdf")) if folder.is_dir() else []
        if found and not _lpstat("-o", QUEUE).strip():
            return found[0]
        if time.monotonic() > deadline:
            try:
                log = CUPS_PDF_LOG.read_text(errors="replace")[-2000:]
            except OSError as error:
                log = f"(not readable: {error})"
            raise AssertionError(
                f"No PDF named after {token!r} appeared in {folder} within {timeout:.0f} s.\n"
                f"Jobs still queued: {_lpstat('-o', QUEUE) or 'none'}\n"
                f"End of {CUPS_PDF_LOG}:\n{log}"
            )
        time.sleep(0.25)
