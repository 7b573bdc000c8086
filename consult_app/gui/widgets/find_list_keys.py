"""The arrow keys between a Find box and the list it narrows.

A line edit ignores Down, so after typing a surname Down did nothing: the list could only be
reached with Tab. And a list whose cursor sits on its top row with nothing chosen moved past that
row on the first Down, so the first client found was never the one chosen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

_INTO_LIST = frozenset({Qt.Key.Key_Down, Qt.Key.Key_PageDown})
_FIRST_MOVE = frozenset({Qt.Key.Key_Down, Qt.Key.Key_Up})


class _FindListKeys(QObject):
    def __init__(
        self, edit: QLineEdit, view: QAbstractItemView, before: Callable[[], None]
    ) -> None:
        super().__init__(edit)
        self._edit = edit
        self._view = view
        self._before = before

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Shift+Down selects text in the box; Ctrl+Down is someone else's
        key = Qt.Key(event.key())
        if watched is self._edit and key in _INTO_LIST:
            self._before()  # a search still waiting for the typing to pause lists now
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
            self._choose_current()
            return True
        if watched is self._view and key in _FIRST_MOVE and not self._has_choice():
            return self._choose_current()
        return False

    def _has_choice(self) -> bool:
        selection = self._view.selectionModel()
        return selection is not None and selection.hasSelection()

    def _choose_current(self) -> bool:
        """Choose the row the list's cursor is on (the top one if none); False if it is empty."""
        model = self._view.model()
        if model is None or model.rowCount() == 0:
            return False
        if not self._has_choice():
            current = self._view.currentIndex()
            index = current if current.isValid() else model.index(0, 0)
            self._view.setCurrentIndex(index)  # chooses it: the list selects whole rows
        return True


def find_list_keys(
    edit: QLineEdit, view: QAbstractItemView, before: Callable[[], None] = lambda: None
) -> None:
    """Down in `edit` moves into `view` and chooses the row its cursor is on (the top row after
    a search); the first Down or Up in `view` with nothing chosen chooses that row too.
    `before` runs first, to list what was just typed."""
    helper = _FindListKeys(edit, view, before)
    edit.installEventFilter(helper)
    view.installEventFilter(helper)
