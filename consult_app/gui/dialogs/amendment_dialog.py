"""An amendment to a signed record (a consultation, a treatment session): what changes and why,
asked for here and saved by the caller's service."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from consult_app.gui.errors import show_error
from consult_app.gui.widgets.reason_fields import problem_label, reason_edit


class AmendmentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an amendment")
        intro = QLabel(
            "What was signed stays exactly as it was. The amendment is added beside it, "
            "with your name, the time and the reason."
        )
        intro.setWordWrap(True)
        self.change = reason_edit("What changes")
        self.reason = reason_edit("Reason for the amendment")
        self.problem = problem_label("the amendment")
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
        self.problem.set_message(f"Please write {' and '.join(missing)}." if missing else "")
        if not missing:
            self.accept()


def amend(parent: QWidget, save: Callable[[str, str], object]) -> bool:
    """Ask for an amendment and save it with `save(reason, change)`; True once it is saved
    (a refused save is shown, and False)."""
    dialog = AmendmentDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    reason, change = dialog.values()
    try:
        save(reason, change)
    except Exception as error:
        show_error(parent, "The amendment was not saved", error)
        return False
    return True
