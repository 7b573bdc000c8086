"""Once, for a clinic's database from before encryption: an owner chooses a password and the
file is backed up, then encrypted, with its progress shown."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
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

EXPLANATION = (
    "This clinic's records are in a file that is not encrypted yet: anyone who copies the file "
    "could read them. Consult will back the file up, then encrypt it, once.\n\n"
    "From then on everyone signs in with their own user name and password. Type an owner's "
    "user name and choose the password that owner will sign in with. Colleagues get their "
    "passwords from an owner afterwards, under Clinic › Accounts."
)


class _Progress(QObject):
    """Carries the encryption's progress from the worker thread to the bar (queued)."""

    moved = Signal(int, int)


class EncryptDialog(QDialog):
    """On success `context` is signed in as the owner and `recovery_key` is to be shown once."""

    def __init__(self, gate: Gate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypt this clinic's records")
        self.setMinimumWidth(540)
        self.gate = gate
        self.context: AppContext | None = None
        self.recovery_key = ""
        self._busy = False
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.username = QLineEdit()
        owners = gate.owner_names()
        if owners:  # offered, as the earlier version chose these names, not the owner
            self.username.setText(owners[0])
            self.username.setCompleter(QCompleter(owners, self.username))
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors.add_row(
            form,
            "username",
            "Owner's &user name:",
            self.username,
            hint="An owner account of these records (filled in with the first one; type to see "
            "the others), for example dr.sam.patel.",
        )
        self.passwords = PasswordFields(
            self._errors, form, username=self.username, password_label="New &password:"
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Encrypting")
        self.progress.setVisible(False)
        self._relay = _Progress(self)
        self._relay.moved.connect(self._on_relay_moved)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.encrypt_button = self.buttons.addButton(
            "&Encrypt", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.encrypt_button.setAccessibleName("Encrypt")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self._errors.general)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.encrypt_button.setDefault(True)  # once in the dialog, or it is forgotten on show
        chain: list[QWidget] = [
            self.username,
            self.passwords.password,
            self.passwords.confirm,
            self.buttons,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.username.setFocus()

    @property
    def is_busy(self) -> bool:
        return self._busy

    def error_message(self, name: str) -> str:
        return self._errors.message(name)

    def submit(self) -> None:
        if self._busy or self._errors.show_all():
            return
        username, password = self.username.text().strip(), self.passwords.password.text()
        self._set_busy(True)
        report = self._relay.moved.emit  # safe from the worker: the bar hears it queued
        run_in_background(
            lambda: self.gate.encrypt(username, password, report),
            self._on_done,
            self._on_failed,
        )

    def _problems(self) -> list[Problem]:
        return self.passwords.problems()

    def _on_relay_moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, result: tuple[AppContext, str]) -> None:
        self._set_busy(False)
        self.context, self.recovery_key = result
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationError):
            for problem in error.problems:
                name = problem.field if problem.field in ("username", "password") else "password"
                self._errors.set_message(name, problem.message)
        elif isinstance(error, SignInError):  # not an active owner account
            self._errors.set_message("username", str(error))
            self.username.setFocus()
        elif isinstance(error, ConsultError):
            self._errors.general.set_message(str(error))
        else:
            show_error(self, "The records were not encrypted", error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)  # until the first step is reported
        for widget in (
            self.username,
            self.passwords.password,
            self.passwords.confirm,
            self.encrypt_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ):
            widget.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def reject(self) -> None:  # an encryption half done must finish, never be abandoned
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
        else:
            super().closeEvent(event)
