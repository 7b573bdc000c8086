"""Showing failures: known ones as a message and a fix, anything else as a bug with details."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from consult_app.errors import ConsultError, NotAvailableError, ValidationError
from consult_app.gui.crash_log import log, log_bug, log_path, where_it_failed


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A modal message explaining what went wrong and what to do."""
    if isinstance(error, NotAvailableError):  # nothing to fix: what is missing, in words
        QMessageBox.warning(parent, title, str(error))
        return
    if isinstance(error, ValidationError):
        text = "Please fix these first:\n\n" + "\n".join(f"• {p.message}" for p in error.problems)
        QMessageBox.warning(parent, title, text)
        return
    if isinstance(error, ConsultError):
        QMessageBox.warning(parent, title, str(error))
        return
    log_bug(error, title)
    show_bug(parent, title, error)


def show_bug(parent: QWidget | None, title: str, error: BaseException) -> None:
    """The message for a bug: only what is known to be true, and where its details are."""
    logged = next((h.baseFilename for h in log.handlers if hasattr(h, "baseFilename")), None)
    where = (
        f"What happened is written to the log file {logged} (without any client's details)."
        if logged
        else f"What happened is in the details below; the log file would be {log_path()}."
    )
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        title,
        "Sorry, something went wrong that Consult did not expect, so this step may not have "
        f"finished. Please tell your IT support.\n\n{where}",
        parent=parent,
    )
    box.setDetailedText(where_it_failed(error))
    box.exec()
