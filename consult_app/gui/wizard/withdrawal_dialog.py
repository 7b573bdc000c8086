"""Asking why a stop or caution that was shown no longer applies; and how it reads afterwards.

The dialog only returns the reason: the wizard saves, and the service keeps the withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.rules import Severity
from consult_app.domain.withdrawal import Withdrawal
from consult_app.gui.widgets.reason_fields import problem_label, reason_edit

_INK = {Severity.STOP: "#b00020", Severity.CAUTION: "#8a5300"}


def _item(withdrawal: Withdrawal) -> str:
    ink = _INK.get(withdrawal.severity, "#000")
    return (
        f"<li><b style='color:{ink}'>{withdrawal.kind}:</b> {escape(withdrawal.message)}"
        f"<br><i>{escape(withdrawal.cause())}.</i></li>"
    )


class WithdrawalDialog(QDialog):
    """Lists each shown stop or caution a changed answer removes, with that answer, and asks why."""

    def __init__(
        self, withdrawals: tuple[Withdrawal, ...], problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        many = len(withdrawals) > 1
        self.setWindowTitle("A finding you were shown no longer applies")
        intro = QLabel(
            ("These were" if many else "This was")
            + " shown to you earlier in this consultation. With the answer you changed, "
            + ("they no longer apply" if many else "it no longer applies")
            + ". It stays on the consultation record as withdrawn, with your reason."
        )
        intro.setWordWrap(True)
        self.findings = QLabel("<ul>" + "".join(_item(w) for w in withdrawals) + "</ul>")
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName("Findings that no longer apply")
        self.reason = reason_edit(
            "Reason the answer changed", "For example: the client misread the question"
        )
        label = QLabel("&Why did the answer change?")
        label.setBuddy(self.reason)
        self.problem = problem_label("the reason", problem)
        buttons = QDialogButtonBox()
        self.keep = QPushButton("&Save with this reason")
        self.back = QPushButton("&Go back to the answers")
        buttons.addButton(self.keep, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.back, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.findings, label, self.reason, self.problem, buttons):
            layout.addWidget(widget)
        self.reason.setFocus()
        self.resize(560, self.sizeHint().height())

    def value(self) -> str:
        return self.reason.toPlainText().strip()

    def _on_save_clicked(self) -> None:
        if not self.value():
            self.problem.set_message("Please write why the answer changed.")
            return
        self.accept()


def withdrawn_html(withdrawals: tuple[Withdrawal, ...], moment: Callable[[datetime], str]) -> str:
    """The summary's section on shown stops and cautions a changed answer removed.

    `moment` writes a time as the record PDF does (the clinic's zone and date style), so the
    screen and the paper never give the same withdrawal two different times.
    """
    if not withdrawals:
        return ""
    items = []
    for w in withdrawals:
        when = moment(w.at) if w.at else ""
        items.append(
            _item(w).removesuffix("</li>")
            + f"<br>Reason: {escape(w.reason)} <span style='color:#555'>"
            f"({escape(w.by)}{', ' + when if when else ''})</span></li>"
        )
    return "<h3>Withdrawn after a changed answer</h3><ul>" + "".join(items) + "</ul>"
