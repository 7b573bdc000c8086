"""A forgotten password: the printed recovery key opens the records and sets the owner a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLineEdit, QWidget

from consult_app.errors import Problem, SignInError
from consult_app.gui.dialogs.background_dialog import busy_bar
from consult_app.gui.dialogs.password_form import PasswordFormDialog
from consult_app.gui.widgets.new_password import PasswordFields

if TYPE_CHECKING:
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

INTRO = (
    "Type the recovery key printed when the clinic was set up (letters and digits; spaces and "
    "dashes do not matter), an owner's user name, and a new password for that owner. "
    "Colleagues who forgot theirs ask an owner, who sets them a new one under Accounts."
)


class RecoveryDialog(PasswordFormDialog):
    """On success `context` holds the records, signed in as the owner with the new password."""

    failure_title = "The password was not set"
    validated_fields = ("username", "password")

    def __init__(self, gate: Gate, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            title="Forgot your password?",
            min_width=520,
            intro=INTRO,
            action_text="Set the password and sign in",
        )
        self.gate = gate
        self.context: AppContext | None = None
        self.recovery_key = QLineEdit()
        self.recovery_key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.recovery_key.setPlaceholderText("ABCD-EFGH-…")
        self.username = QLineEdit()
        self._errors.add_row(self.form, "recovery_key", "&Recovery key:", self.recovery_key)
        self._errors.add_row(self.form, "username", "Owner's &user name:", self.username)
        self.passwords = PasswordFields(
            self._errors, self.form, username=self.username, password_label="&New password:"
        )
        self.busy = busy_bar("Opening the records with the recovery key")
        self._lay_out([self.recovery_key, self.username], progress=self.busy)

    def _work(self) -> Callable[[], AppContext]:
        key, username = self.recovery_key.text(), self.username.text().strip()
        password = self.passwords.password.text()
        return lambda: self.gate.recover(key, username, password)

    def _problems(self) -> list[Problem]:
        problems = []
        if not self.recovery_key.text().strip():
            problems.append(Problem("recovery_key", "Type the recovery key."))
        problems.extend(self.passwords.problems())
        return problems

    def _succeeded(self, context: AppContext) -> None:
        self.context = context
        self.accept()

    def _refused(self, error: SignInError) -> None:
        # The gate says which part was wrong: the account ("… an active owner's …") or the key.
        field = "username" if "owner" in str(error) else "recovery_key"
        self._errors.set_message(field, str(error))
