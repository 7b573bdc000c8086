"""A forgotten password: the printed recovery key opens the records and sets the owner a new one."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from consult_app.errors import ConsultError, Problem, SignInError, ValidationError
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.new_password import PasswordFields

if TYPE_CHECKING:
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

INTRO = (
    "Type the recovery key printed when the clinic was set up (letters and digits; spaces and "
    "dashes do not matter), an owner's user name, and a new password for that owner. "
    "Colleagues who forgot theirs ask an owner, who sets them a new one under Accounts."
)


class RecoveryDialog(QDialog):
    """On success `context` holds the records, signed in as the owner with the new password."""

    def __init__(self, gate: Gate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Forgot your password?")
        self.setMinimumWidth(520)
        self.gate = gate
        self.context: AppContext | None = None
        self._busy = False
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.recovery_key = QLineEdit()
        self.recovery_key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.recovery_key.setPlaceholderText("ABCD-EFGH-…")
        self.username = QLineEdit()
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors.add_row(form, "recovery_key", "&Recovery key:", self.recovery_key)
        self._errors.add_row(form, "username", "Owner's &user name:", self.username)
        self.passwords = PasswordFields(
            self._errors, form, username=self.username, password_label="&New password:"
        )
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName("Opening the records with the recovery key")
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.addButton(
            "Set the password and sign in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._errors.general)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.submit_button.setDefault(True)  # once in the dialog, or it is forgotten on show
        chain: list[QWidget] = [
            self.recovery_key,
            self.username,
            self.passwords.password,
            self.passwords.confirm,
            self.buttons,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.recovery_key.setFocus()

    def error_message(self, name: str) -> str:
        return self._errors.message(name)

    def submit(self) -> None:
        if self._busy or self._errors.show_all():
            return
        key, username = self.recovery_key.text(), self.username.text().strip()
        password = self.passwords.password.text()
        self._set_busy(True)
        run_in_background(
            lambda: self.gate.recover(key, username, password), self._on_done, self._on_failed
        )

    def _problems(self) -> list[Problem]:
        problems = []
        if not self.recovery_key.text().strip():
            problems.append(Problem("recovery_key", "Type the recovery key."))
        problems.extend(self.passwords.problems())
        return problems

    def _on_done(self, context: AppContext) -> None:
        self._set_busy(False)
        self.context = context
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationError):
            for problem in error.problems:
                self._errors.set_message(
                    problem.field if problem.field in ("username", "password") else "password",
                    problem.message,
                )
        elif isinstance(error, SignInError):
            # The gate says which part was wrong: the account ("… an active owner's …") or the key.
            field = "username" if "owner" in str(error) else "recovery_key"
            self._errors.set_message(field, str(error))
        elif isinstance(error, ConsultError):
            self._errors.general.set_message(str(error))
        else:
            show_error(self, "The password was not set", error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (
            self.recovery_key,
            self.username,
            self.passwords.password,
            self.passwords.confirm,
            self.submit_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ):
            widget.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
        else:
            super().closeEvent(event)
