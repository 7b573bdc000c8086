"""Under a form field after a reload: what this user had entered, and a button to use it again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from consult_app.gui.widgets.field_error import hint_label


class TypedValueNote(QWidget):
    """Hidden until `show_value`; `use_requested` asks the form to put the value back."""

    use_requested = Signal()

    def __init__(self, about: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = ""
        self.label: QLabel = hint_label("")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(f"What you entered for {about}")
        self.button = QToolButton()
        self.button.setText("Use this")
        self.button.setAccessibleName(f"Use what you entered for {about}")
        self.button.setToolTip("Put what you entered back into the field")
        self.button.clicked.connect(self.use_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.setHidden(True)

    @property
    def value(self) -> str:
        """The value as the form holds it (for a choice, its stored code), to put back."""
        return self._value

    @property
    def text(self) -> str:
        """The words shown, or "" while hidden."""
        return "" if self.isHidden() else self.label.text()

    def show_value(self, words: str, value: str) -> None:
        self._value = value
        self.label.setText(words)
        self.button.setAccessibleDescription(words)
        self.setHidden(False)
