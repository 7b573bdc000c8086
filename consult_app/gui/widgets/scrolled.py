"""A page's content in a frameless scroll area, so a small screen scrolls instead of clipping."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget


def scrolled(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll
