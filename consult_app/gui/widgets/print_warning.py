"""A line under a text field saying which typed characters paper cannot print (they print "?")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit


class PrintWarning(QLabel):
    """Hidden until the watched field holds characters no bundled font has (an emoji, say)."""

    def __init__(
        self, field: QLineEdit | QPlainTextEdit, unprintable: Callable[[str], list[str]]
    ) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a5300;")
        self.setVisible(False)
        self._unprintable = unprintable
        text = field.text if isinstance(field, QLineEdit) else field.toPlainText
        field.textChanged.connect(lambda *_: self.check(text()))
        self.check(text())

    def check(self, text: str) -> None:
        missing = self._unprintable(text)
        self.setText(
            f"Printed forms cannot show {', '.join(missing)}; it prints as “?”. "
            "The text is still saved as typed."
            if missing
            else ""
        )
        self.setVisible(bool(missing))
