"""Voiding an unfinished consultation: which one, what voiding means, and why. Returns the
reason; saves nothing (the consultation service voids)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from consult_app.gui.widgets.reason_fields import problem_label, reason_edit


class VoidDraftDialog(QDialog):
    def __init__(self, client_name: str, on: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Void the unfinished consultation")
        which = QLabel(f"{client_name} — consultation of {on}, not finished")
        which.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        which.setWordWrap(True)
        font = which.font()
        font.setBold(True)
        which.setFont(font)
        intro = QLabel(
            "Voiding sets this consultation aside for good: it can no longer be continued and "
            "it is no longer listed. Nothing answered in it is deleted: it stays in the clinic's "
            "records with your name, the time and your reason."
        )
        intro.setWordWrap(True)
        self.reason = reason_edit("Reason for voiding", "For example: started for the wrong client")
        reason_label = QLabel("&Reason:")
        reason_label.setBuddy(self.reason)
        self.problem = problem_label("the reason")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.void_button = buttons.addButton(
            "&Void consultation", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Keep it")
        buttons.accepted.connect(self._on_void_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(which)
        layout.addWidget(intro)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.reason.setFocus()
        self.resize(520, self.sizeHint().height())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _on_void_clicked(self) -> None:
        missing = not self.reason_text()
        self.problem.set_message("Please write why this consultation is voided." if missing else "")
        if not missing:
            self.accept()
