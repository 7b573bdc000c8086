"""The question shown when a save is refused because someone else saved the record first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from consult_app.domain.dates import format_date
from consult_app.errors import StaleRecordError
from consult_app.gui.errors import show_error

Record = TypeVar("Record")


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


class ReloadQuestion(Generic[Record]):
    """One editor's question after a save refused as stale: reload the latest saved version,
    or keep editing. Reloading fetches the record (`fetch`) and hands it to `reload`; a
    failed fetch is shown as `failure_title`, and keeping on calls `kept`."""

    def __init__(
        self,
        parent: QWidget,
        what: str,
        reload_label: str,
        fetch: Callable[[], Record],
        reload: Callable[[Record], None],
        failure_title: str,
        kept: Callable[[], None] = lambda: None,
    ) -> None:
        self._parent = parent
        self._what = what  # names the record: "this client's details"
        self._reload_label = reload_label  # the reload button's text, with its mnemonic
        self._fetch = fetch
        self._reload = reload
        self._failure_title = failure_title
        self._kept = kept
        self.box: QMessageBox | None = None  # the question while it is open

    def ask(self, error: StaleRecordError, then: str) -> None:
        """Open (not exec) the window-modal question; `then` says what reloading does with
        what the user typed."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Not saved: changed on another computer",
            f"Your changes to {self._what} were not saved, because {who_and_when(error)}, "
            "after you opened it.",
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(then)
        reload = box.addButton(self._reload_label, QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reload)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(self._on_finished)
        self.box = box
        box.open()  # not exec(): the owner's event loop keeps running, and tests can answer it

    def _on_finished(self) -> None:
        box = self.box
        assert box is not None
        self.box = None
        box.deleteLater()
        clicked = box.clickedButton()
        if clicked is None or box.buttonRole(clicked) != QMessageBox.ButtonRole.AcceptRole:
            self._kept()
            return
        try:
            latest = self._fetch()
        except Exception as error:
            show_error(self._parent, self._failure_title, error)
            return
        self._reload(latest)
