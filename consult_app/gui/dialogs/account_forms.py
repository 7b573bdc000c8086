"""The owner's forms for one account: a new one, changes to one, someone's new password."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.people import Role, User
from consult_app.domain.permissions import ROLE_WORDS
from consult_app.domain.validation import check_name
from consult_app.errors import Problem, ValidationError
from consult_app.gui.errors import show_error
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.new_password import PasswordFields, suggested_username
from consult_app.services.accounts import AccountService

ROLE_HINT = (
    "Owner: everything, including accounts and the audit trail.\n"
    "Practitioner: consultations and medical records.\n"
    "Reception: clients' contact details and handouts."
)
OWN_ACCOUNT_HINT = "You cannot demote or switch off your own account; another owner can."


class _AccountForm(QDialog):
    """A form saved through AccountService on Save. When the service refuses (a taken user
    name, the last owner), the dialog stays open with the reason next to the field."""

    FAILURE_TITLE = "The account was not saved"

    def __init__(self, accounts: AccountService, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.setMinimumWidth(480)
        self._errors = FieldErrors(self._problems, self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

    def _finish_layout(self, intro: str, chain: list[QWidget]) -> None:
        layout = QVBoxLayout(self)
        if intro:
            self.intro_label = QLabel(intro)
            self.intro_label.setWordWrap(True)
            self.intro_label.setTextFormat(Qt.TextFormat.PlainText)  # holds a person's name
            layout.addWidget(self.intro_label)
        layout.addLayout(self.form)
        layout.addWidget(self._errors.general)
        layout.addStretch(1)  # room a window grows by goes above the buttons, not between rows
        layout.addWidget(self.button_box)
        for before, after in pairwise([*chain, self.button_box]):
            QWidget.setTabOrder(before, after)
        chain[0].setFocus()

    def error_message(self, name: str) -> str:
        """The message shown next to a field, or "" when there is none; for a problem with no
        field here ("account"), the message above the buttons."""
        try:
            return self._errors.message(name)
        except KeyError:
            return self._errors.general.message

    def accept(self) -> None:
        if self._errors.show_all():
            return
        # Hashing a password takes a noticeable moment, on purpose (it slows down guessing).
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._save()
        except ValidationError as error:
            for problem in error.problems:
                try:
                    self._errors.set_message(problem.field, problem.message)
                except KeyError:  # not a field of this form ("account": the last owner)
                    self._errors.general.set_message(problem.message)
            return
        except Exception as error:  # known or not, the form stays open with what was typed
            show_error(self, self.FAILURE_TITLE, error)
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()

    def _save(self) -> None:
        raise NotImplementedError

    def _problems(self) -> list[Problem]:
        raise NotImplementedError


class AccountDialog(_AccountForm):
    """A new account, or an existing one's name, role and whether it may sign in.

    `saved` is the account as stored once Save succeeded.
    """

    def __init__(
        self,
        accounts: AccountService,
        me: User,
        account: User | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(accounts, parent)
        self._account = account
        self.saved: User | None = None
        self._suggested = ""  # the user name last suggested, replaced until someone edits it
        self.setWindowTitle(f"Edit account — {account.display_name}" if account else "New account")
        self.name = QLineEdit()
        self.username = QLineEdit()
        self.role = QComboBox()
        for role in (Role.PRACTITIONER, Role.RECEPTION, Role.OWNER):
            self.role.addItem(ROLE_WORDS[role], role)
        self._errors.add_row(self.form, "display_name", "&Name:", self.name)
        self._errors.add_row(
            self.form, "username", "&User name:", self.username, hint="What they type to sign in."
        )
        self._errors.add_row(self.form, "role", "&Role:", self.role, hint=ROLE_HINT)
        chain: list[QWidget] = [self.name, self.username, self.role]
        self.passwords: PasswordFields | None = None
        self.is_active = QCheckBox("&This account can sign in")
        if account is None:
            self.passwords = PasswordFields(self._errors, self.form, username=self.username)
            chain += [self.passwords.password, self.passwords.confirm]
            self.name.textChanged.connect(self._on_name_text_changed)
        else:
            self.name.setText(account.display_name)
            self.username.setText(account.username)
            self.username.setReadOnly(True)  # the audit trail knows people by it
            self.role.setCurrentIndex(self.role.findData(account.role))
            self.is_active.setChecked(account.is_active)
            is_me = account.id == me.id
            self._errors.add_row(
                self.form,
                "is_active",
                "Active:",
                self.is_active,
                hint=OWN_ACCOUNT_HINT
                if is_me
                else "Switched off: kept in records, cannot sign in.",
            )
            self.role.setEnabled(not is_me)
            self.is_active.setEnabled(not is_me)
            chain.append(self.is_active)
        self._finish_layout("", chain)

    def _on_name_text_changed(self, text: str) -> None:
        if self.username.text() == self._suggested:
            self._suggested = suggested_username(text)
            self.username.setText(self._suggested)

    def _problems(self) -> list[Problem]:
        problems = []
        if message := check_name("Name", self.name.text(), required=True):
            problems.append(Problem("display_name", message))
        if self.passwords is not None:
            problems.extend(self.passwords.problems())
        return problems

    def _save(self) -> None:
        name, role = self.name.text().strip(), self.role.currentData()
        if self._account is None:
            assert self.passwords is not None
            password = self.passwords.password.text()
            self.saved = self._accounts.add(self.username.text(), name, role, password)
        else:
            active = self.is_active.isChecked()
            self.saved = self._accounts.change(self._account.id, name, role, active)


class PasswordResetDialog(_AccountForm):
    """A new password for someone who forgot theirs, set by the owner."""

    FAILURE_TITLE = "The password was not changed"

    def __init__(self, accounts: AccountService, account: User, parent: QWidget | None) -> None:
        super().__init__(accounts, parent)
        self.account = account
        self.setWindowTitle(f"New password for {account.display_name}")
        self.passwords = PasswordFields(self._errors, self.form, password_label="&New password:")
        self._finish_layout(
            f"Choose a new password for {account.display_name} ({account.username}) and tell "
            "them in person. They can change it to one of their own once signed in.",
            [self.passwords.password, self.passwords.confirm],
        )

    def _problems(self) -> list[Problem]:
        return self.passwords.problems(self.account.username)

    def _save(self) -> None:
        self._accounts.reset_password(self.account.id, self.passwords.password.text())
