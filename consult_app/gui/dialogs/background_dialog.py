"""A dialog whose work runs off the GUI thread, held open and marked busy until it ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QProgressBar, QWidget

from consult_app.gui.tasks import run_in_background


def busy_bar(accessible_name: str) -> QProgressBar:
    """A thin bar that moves without counting steps, hidden until the dialog is busy."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.setAccessibleName(accessible_name)
    bar.setVisible(False)
    return bar


class BackgroundDialog(QDialog):
    """Runs its work in the thread pool with `_run`; busy, and not to be closed, meanwhile.

    A subclass hears how the work went in `_succeeded` or `_failed`, on the GUI thread and no
    longer busy, and extends `_set_busy` to disable its fields while the work runs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _run(self, work: Callable[[], Any]) -> None:
        """Call `work` in the pool; it must not touch widgets."""
        self._set_busy(True)
        run_in_background(work, self._on_done, self._on_failed)

    def _succeeded(self, result: Any) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        raise NotImplementedError

    def _on_done(self, result: Any) -> None:
        self._set_busy(False)
        self._succeeded(result)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._failed(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def reject(self) -> None:
        if not self._busy:  # the work would finish into a closed dialog, or be left half done
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
        else:
            super().closeEvent(event)
