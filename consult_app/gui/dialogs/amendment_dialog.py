"""An amendment to a completed consultation: what changes and why. Returns values; saves nothing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)


class AmendmentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an amendment")
        intro = QLabel(
            "What was signed stays exactly as it was. The amendment is added beside it, "
            "with your name, the time and the reason."
        )
        intro.setWordWrap(True)
        self.change = QPlainTextEdit()
        self.change.setAccessibleName("What changes")
        self.change.setTabChangesFocus(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setTabChangesFocus(True)
        for edit in (self.change, self.reason):
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(intro)
        change_label, reason_label = QLabel("&What changes:"), QLabel("&Reason:")
        change_label.setBuddy(self.change)
        reason_label.setBuddy(self.reason)
        form.addRow(change_label, self.change)
        form.addRow(reason_label, self.reason)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        """(reason, change) as typed."""
        return self.reason.toPlainText().strip(), self.change.toPlainText().strip()

    def _on_save_clicked(self) -> None:
        reason, change = self.values()
        missing = [
            name for name, text in (("what changes", change), ("the reason", reason)) if not text
        ]
        self.problem.setText(f"Please write {' and '.join(missing)}." if missing else "")
        self.problem.setVisible(bool(missing))
        if not missing:
            self.accept()
