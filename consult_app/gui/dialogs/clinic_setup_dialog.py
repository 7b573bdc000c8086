"""The first start of a new database: the clinic's details and the owner's account. Never
saves: the caller hands `values()` and `account()` to the sign-in gate."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.validation import check_name
from consult_app.errors import Problem, ValidationError
from consult_app.gui.widgets.clinic_fields import ClinicFields, lay_out
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.new_password import PasswordFields, suggested_username

WELCOME = "Welcome to Consult. Tell us about your clinic; you can change this later."


class ClinicSetupDialog(QDialog):
    """Asks for the clinic's details and the owner's name, user name and password; see
    `values()` and `account()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up Consult")
        self.setMinimumWidth(480)
        welcome = QLabel(WELCOME)
        welcome.setWordWrap(True)
        font = welcome.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        welcome.setFont(font)
        self._practitioner = QLineEdit()
        self._username = QLineEdit()
        self._username.setInputMethodHints(Qt.InputMethodHint.ImhPreferLowercase)
        self._username_typed = False  # once edited by hand, the name no longer rewrites it
        self._practitioner.textChanged.connect(self._on_practitioner_text_changed)
        self._username.textEdited.connect(self._on_username_text_edited)
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.clinic = ClinicFields(self._errors, form, self)
        # The logo's buttons and preview, as tests and the keyboard reach them.
        self.choose_logo_button = self.clinic.choose_logo_button
        self.remove_logo_button = self.clinic.remove_logo_button
        self.logo_preview = self.clinic.logo_preview
        self._errors.add_row(
            form,
            "practitioner_name",
            "&Your name:",
            self._practitioner,
            hint="You become the owner of this database and can add colleagues later.",
        )
        self._errors.add_row(
            form,
            "username",
            "User na&me:",
            self._username,
            hint="What you type to sign in; lower-case letters, digits and dots.",
        )
        self._passwords = PasswordFields(self._errors, form, username=self._username)
        self.button_box = lay_out(self, welcome, form, self._errors)
        chain: list[QWidget] = [
            *self.clinic.inputs(),
            self._practitioner,
            self._username,
            self._passwords.password,
            self._passwords.confirm,
            self.button_box,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.clinic.name.setFocus()

    def values(self) -> tuple[ClinicDetails, str]:
        """The clinic's details and the practitioner's name, trimmed."""
        return self.clinic.values(), self._practitioner.text().strip()

    def account(self) -> tuple[str, str]:
        """The owner's user name (trimmed) and password (exactly as typed)."""
        return self._username.text().strip(), self._passwords.password.text()

    def field(self, name: str) -> QWidget:
        """The input for a field name: the clinic's (see ClinicFields.fields), practitioner_name,
        username, password, confirm."""
        return {
            **self.clinic.fields(),
            "practitioner_name": self._practitioner,
            "username": self._username,
            "password": self._passwords.password,
            "confirm": self._passwords.confirm,
        }[name]

    def error_message(self, name: str) -> str:
        """The message shown next to a field, or "" when there is none."""
        return self._errors.message(name)

    def accept(self) -> None:
        if not self._errors.show_all():
            super().accept()

    def show_problems(self, problems: list[Problem]) -> None:
        """Problems the gate found after the dialog closed, shown next to their fields."""
        for problem in problems:
            try:
                self._errors.set_message(problem.field, problem.message)
            except KeyError:
                self._errors.general.set_message(problem.message)

    def _on_practitioner_text_changed(self, text: str) -> None:
        if not self._username_typed:
            self._username.setText(suggested_username(text))

    def _on_username_text_edited(self, text: str) -> None:
        self._username_typed = bool(text)  # cleared: follow the name again

    def _problems(self) -> list[Problem]:
        details, practitioner = self.values()
        problems: list[Problem] = []
        try:
            details.validated()
        except ValidationError as exc:
            problems.extend(exc.problems)
        message = check_name("Your name", practitioner, required=True)
        if message:
            problems.append(Problem("practitioner_name", message))
        problems.extend(self._passwords.problems())
        return problems
