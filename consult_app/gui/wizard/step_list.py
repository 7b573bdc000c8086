"""The wizard's list of steps: progress to read, not a menu to click."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QWidget


class StepList(QListWidget):
    """Every step, the page shown highlighted. Clicks do nothing (a click once moved the
    highlight while the page stayed), and nothing hovers, so it never looks clickable."""

    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Consultation steps")
        self.setAccessibleDescription("Shows where you are; use Back and Next to move")
        self.setMouseTracking(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover, False)
        self.setWordWrap(True)
        # Drawn on the window's own background with no frame, like text beside the page, not
        # as the white, framed box a list one picks from.
        self.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.setPalette(palette)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.addItems(titles)

    def show_step(self, row: int, skipped: set[int]) -> None:
        """Highlight `row`; hide the steps this consultation does not take."""
        for index in range(self.count()):
            self.item(index).setHidden(index in skipped)
        self.setCurrentRow(row)

    # Only the wizard moves the highlight; a press, drag or double-click changes nothing.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()
