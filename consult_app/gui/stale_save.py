"""The question shown when a save is refused because someone else saved the record first."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from consult_app.domain.dates import format_date
from consult_app.errors import StaleRecordError


def who_and_when(error: StaleRecordError) -> str:
    """Who saved the record and when, in this workstation's time zone.

    For example "Front desk saved it at 14:05 on 24 Nov 2026".
    """
    who = error.changed_by or "Someone else"
    if not error.changed_at:
        return f"{who} saved it"
    try:
        moment = datetime.fromisoformat(error.changed_at)
    except ValueError:
        return f"{who} saved it at {error.changed_at}"
    if moment.tzinfo is None:  # the store keeps UTC; a bare time is UTC too
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{who} saved it at {local:%H:%M} on {format_date(local.date())}"


def ask_to_reload(
    parent: QWidget, error: StaleRecordError, what: str, reload_label: str, then: str
) -> QMessageBox:
    """Open (not exec) a window-modal question: reload the latest version, or keep editing.

    `what` names the record ("this client's details"), `reload_label` is the reload button's
    text with its mnemonic, and `then` says what reloading does with what the user typed.
    The caller connects `finished` and asks `is_reload_chosen` which answer was given.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Not saved: changed on another computer",
        f"Your changes to {what} were not saved, because {who_and_when(error)}, "
        "after you opened it.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(then)
    reload = box.addButton(reload_label, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload)
    box.setEscapeButton(keep)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # not exec(): the owner's event loop keeps running, and tests can answer it
    return box


def is_reload_chosen(box: QMessageBox) -> bool:
    clicked = box.clickedButton()
    return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole
