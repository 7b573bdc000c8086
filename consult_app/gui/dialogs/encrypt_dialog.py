"""Once, for a clinic's database from before encryption: an owner chooses a password and the
file is backed up, then encrypted, with its progress shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QProgressBar, QWidget

from consult_app.errors import Problem, SignInError
from consult_app.gui.dialogs.password_form import PasswordFormDialog
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


class EncryptDialog(PasswordFormDialog):
    """On success `context` is signed in as the owner and `recovery_key` is to be shown once.

    Cancel and closing wait while it runs: an encryption half done must finish, never be
    abandoned.
    """

    failure_title = "The records were not encrypted"
    validated_fields = ("username", "password")

    def __init__(self, gate: Gate, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            title="Encrypt this clinic's records",
            min_width=540,
            intro=EXPLANATION,
            action_text="&Encrypt",
        )
        self.gate = gate
        self.context: AppContext | None = None
        self.recovery_key = ""
        self.username = QLineEdit()
        owners = gate.owner_names()
        if owners:  # offered, as the earlier version chose these names, not the owner
            self.username.setText(owners[0])
            self.username.setCompleter(QCompleter(owners, self.username))
        self._errors.add_row(
            self.form,
            "username",
            "Owner's &user name:",
            self.username,
            hint="An owner account of these records (filled in with the first one; type to see "
            "the others), for example dr.sam.patel.",
        )
        self.passwords = PasswordFields(
            self._errors, self.form, username=self.username, password_label="New &password:"
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Encrypting")
        self.progress.setVisible(False)
        self._relay = _Progress(self)
        self._relay.moved.connect(self._on_relay_moved)
        self.submit_button.setAccessibleName("Encrypt")
        self._lay_out([self.username], progress=self.progress, intro_space=6)

    def _work(self) -> Callable[[], tuple[AppContext, str]]:
        username, password = self.username.text().strip(), self.passwords.password.text()
        report = self._relay.moved.emit  # safe from the worker: the bar hears it queued
        return lambda: self.gate.encrypt(username, password, report)

    def _problems(self) -> list[Problem]:
        return self.passwords.problems()

    def _on_relay_moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _succeeded(self, result: tuple[AppContext, str]) -> None:
        self.context, self.recovery_key = result
        self.accept()

    def _refused(self, error: SignInError) -> None:  # not an active owner account
        self._errors.set_message("username", str(error))
        self.username.setFocus()

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.progress.setRange(0, 0)  # until the first step is reported
