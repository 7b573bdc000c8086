"""Window sizes that fit the screen the window opens on."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget


def fitted_size(window: QWidget, wanted: QSize) -> QSize:
    """`wanted`, made smaller where the screen's free area (without panels or docks) is."""
    anchor = window.parentWidget() or window
    screen = anchor.screen()
    if screen is None:
        return wanted
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar and borders
    if frame.isEmpty():  # not shown yet: allow for a usual title bar and borders
        frame = QSize(16, 48)
    return wanted.boundedTo(screen.availableGeometry().size() - frame)
