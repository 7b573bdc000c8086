"""What a finished record's page would still take a change in: the read-only tests' check."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from consult_app.gui.widgets.signature_pad import SignaturePad

INPUTS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,  # a list to tick, such as the plan's areas
    SignaturePad,
)


def editable(page: QWidget) -> list[str]:
    """The inputs on `page` that would take a change: enabled and not read-only."""
    found = []
    for control in page.findChildren(QWidget):
        if not isinstance(control, INPUTS) or not control.isEnabled():
            continue
        if control.window() is not page.window():
            continue  # a combo box's pop-up list: shut with its box
        if isinstance(control, QAbstractSpinBox) and isinstance(control.parent(), QAbstractSpinBox):
            continue
        if getattr(control, "isReadOnly", lambda: False)():
            continue
        found.append(f"{type(control).__name__} {control.accessibleName()!r}")
    return found
