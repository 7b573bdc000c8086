"""Typing any text into a widget, including the letters qtbot.keyClicks cannot send."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Send a key press and release per character, the character as the event's text.

    QTest.keyClicks aborts the whole process on non-ASCII text ("ë" included), so names like
    "Zoë Łukasiewicz" go through here. A "\\n" is sent as the Return key.
    """
    for char in text:
        if char == "\n":
            key, sent = int(Qt.Key.Key_Return), "\r"
        else:
            upper = char.upper()
            # Qt's key codes are the upper-case code point for Latin-1; the text is what counts.
            key, sent = (ord(upper) if len(upper) == 1 else 0), char
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, sent)
            )


def replace_text(widget: QWidget, text: str) -> None:
    """Select everything in the widget (Ctrl+A, as a person would) and type `text` over it."""
    QApplication.sendEvent(
        widget,
        QKeyEvent(QEvent.Type.KeyPress, int(Qt.Key.Key_A), Qt.KeyboardModifier.ControlModifier),
    )
    if text:
        type_text(widget, text)
    else:
        QApplication.sendEvent(
            widget,
            QKeyEvent(QEvent.Type.KeyPress, int(Qt.Key.Key_Delete), Qt.KeyboardModifier.NoModifier),
        )


def focus_chain_by_tab(start: QWidget, presses: int) -> list[QWidget]:
    """Focus `start`, press Tab `presses` times, and return the widget focused after each press.

    The window must be active (`with qtbot.waitActive(w): w.activateWindow()`) for focus to move.
    """
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited: list[QWidget] = []
    for _ in range(presses):
        current = QApplication.focusWidget() or start
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                current, QKeyEvent(kind, int(Qt.Key.Key_Tab), Qt.KeyboardModifier.NoModifier)
            )
        visited.append(QApplication.focusWidget())
    return visited
