"""Changing one's own password: the current one, then the new one twice."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from consult_app.errors import ConsultError, Problem, SignInError, ValidationError
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.new_password import PasswordFields, password_edit

if TYPE_CHECKING:
    from consult_app.services.context import AppContext


class ChangePasswordDialog(QDialog):
    """Changes the signed-in user's password through AccountService, off the GUI thread."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change my password")
        self.setMinimumWidth(460)
        self.context = context
        self._busy = False
        user = context.user
        intro = QLabel(
            f"Choose a new password for {user.display_name} ({user.username})." if user else ""
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.current = password_edit("Current password")
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors.add_row(form, "current", "&Current password:", self.current)
        self.passwords = PasswordFields(
            self._errors,
            form,
            password_label="&New password:",
            confirm_label="New password a&gain:",
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = self.buttons.addButton(
            "C&hange password", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._errors.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.change_button.setDefault(True)  # once in the dialog, or it is forgotten on show
        chain: list[QWidget] = [
            self.current,
            self.passwords.password,
            self.passwords.confirm,
            self.buttons,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.current.setFocus()

    def error_message(self, name: str) -> str:
        return self._errors.message(name)

    def submit(self) -> None:
        if self._busy or self._errors.show_all():
            return
        from consult_app.services.accounts import AccountService

        accounts = AccountService(self.context)
        current, new = self.current.text(), self.passwords.password.text()
        self._set_busy(True)
        run_in_background(
            lambda: accounts.change_own_password(current, new), self._on_done, self._on_failed
        )

    def _problems(self) -> list[Problem]:
        user = self.context.user
        problems = [] if self.current.text() else [Problem("current", "Type your password now.")]
        problems.extend(self.passwords.problems(user.username if user else ""))
        if self.current.text() and self.current.text() == self.passwords.password.text():
            problems.append(Problem("password", "This is your password now; choose another."))
        return problems

    def _on_done(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, SignInError):
            self._errors.set_message("current", str(error))
            self.current.clear()
            self.current.setFocus()
        elif isinstance(error, ValidationError):
            for problem in error.problems:
                self._errors.set_message("password", problem.message)
        elif isinstance(error, ConsultError):
            self._errors.general.set_message(str(error))
        else:
            show_error(self, "The password was not changed", error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.current, self.passwords.password, self.passwords.confirm):
            widget.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
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
