"""The question asked before saving a client who may already be on the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from consult_app.domain.client import Client
from consult_app.domain.dates import format_date


def _describe(client: Client) -> str:
    """A client as the duplicate question names one: "Ann Smith, born 2 Jan 1980 (client no. 7)"."""
    born = client.details.date_of_birth
    when = f"born {format_date(born)}" if born else "date of birth unknown"
    return f"{client.details.full_name}, {when} (client no. {client.id})"


def ask_about_duplicates(parent: QWidget, duplicates: list[Client]) -> QMessageBox:
    """Open (not exec) a window-modal "Save another record anyway?"; Go back is the default."""
    described = [_describe(c) for c in duplicates]
    if len(described) == 1:
        opening = f"A client with the same name and date of birth already exists: {described[0]}."
    else:
        opening = (
            f"{len(described)} clients with the same name and date of birth already exist: "
            + "; ".join(described)
            + "."
        )
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Possible duplicate client",
        f"{opening} Save another record anyway?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.addButton("&Save anyway", QMessageBox.ButtonRole.AcceptRole)
    go_back: QPushButton = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go_back)  # the safe answer for Enter and Escape alike
    box.setEscapeButton(go_back)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # not exec(): the dialog's event loop keeps running, and tests can answer it
    return box
