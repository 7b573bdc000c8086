"""Changing one's own password: the current one, then the new one twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from consult_app.errors import Problem, SignInError
from consult_app.gui.dialogs.password_form import PasswordFormDialog
from consult_app.gui.widgets.new_password import PasswordFields, password_edit

if TYPE_CHECKING:
    from consult_app.services.context import AppContext


class ChangePasswordDialog(PasswordFormDialog):
    """Changes the signed-in user's password through AccountService, off the GUI thread."""

    failure_title = "The password was not changed"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        user = context.user
        super().__init__(
            parent,
            title="Change my password",
            min_width=460,
            intro=f"Choose a new password for {user.display_name} ({user.username})."
            if user
            else "",
            action_text="C&hange password",
        )
        self.context = context
        self.current = password_edit("Current password")
        self._errors.add_row(self.form, "current", "&Current password:", self.current)
        self.passwords = PasswordFields(
            self._errors,
            self.form,
            password_label="&New password:",
            confirm_label="New password a&gain:",
        )
        self._lay_out([self.current])

    def _work(self) -> Callable[[], None]:
        from consult_app.services.accounts import AccountService

        accounts = AccountService(self.context)
        current, new = self.current.text(), self.passwords.password.text()
        return lambda: accounts.change_own_password(current, new)

    def _problems(self) -> list[Problem]:
        user = self.context.user
        problems = [] if self.current.text() else [Problem("current", "Type your password now.")]
        problems.extend(self.passwords.problems(user.username if user else ""))
        if self.current.text() and self.current.text() == self.passwords.password.text():
            problems.append(Problem("password", "This is your password now; choose another."))
        return problems

    def _refused(self, error: SignInError) -> None:
        self._errors.set_message("current", str(error))
        self.current.clear()
        self.current.setFocus()
