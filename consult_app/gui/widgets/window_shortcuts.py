"""A line edit that leaves the window's own shortcuts to the window.

On Linux a line edit takes some Ctrl keys for itself (Ctrl+E moves to the end of the line,
Ctrl+K deletes to it), so from the Find box Ctrl+E (Edit client) did nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit


class _WindowShortcutsFirst(QObject):
    def __init__(self, edit: QLineEdit, actions: Iterable[QAction]) -> None:
        super().__init__(edit)
        self._actions = list(actions)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        exact = QKeySequence.SequenceMatch.ExactMatch
        for action in self._actions:
            if action.isEnabled() and any(s.matches(pressed) == exact for s in action.shortcuts()):
                event.ignore()  # not claimed by the edit: the shortcut goes to the action
                return True
        return False


def keep_window_shortcuts(edit: QLineEdit, actions: Iterable[QAction]) -> None:
    """`actions`' shortcuts work while `edit` has focus, over its own key bindings."""
    edit.installEventFilter(_WindowShortcutsFirst(edit, actions))
