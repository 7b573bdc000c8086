"""A page's content in a frameless scroll area, so a small screen scrolls instead of clipping."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget


def scrolled(content: QWidget, name: str) -> QScrollArea:
    """`name` is what a screen reader says when a page opens with the scroll area focused
    (Tab's first stop on a page), rather than nothing."""
    scroll = QScrollArea()
    scroll.setAccessibleName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll
