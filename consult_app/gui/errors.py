"""Showing failures: known ones as a message and a fix, anything else as a bug with details."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from consult_app.errors import ConsultError, NotAvailableError, ValidationError

log = logging.getLogger("consult")


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
    log.error("unexpected error: %s", "".join(traceback.format_exception(error)))
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        title,
        "Sorry, something went wrong that Consult did not expect. "
        "Nothing was changed by the step that failed. "
        "Please tell your IT support; the details below help them.",
        parent=parent,
    )
    box.setDetailedText("".join(traceback.format_exception(error)))
    box.exec()
