"""The fields for choosing a password (user name, password, the same again) and their messages."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit

from consult_app.domain.people import password_problem, username_problem
from consult_app.errors import Problem
from consult_app.gui.widgets.field_error import FieldErrors

# The length rule is left to the message under the field, so the two never say it twice.
PASSWORD_HINT = "Nobody can look it up for you, so choose one you will remember."


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhHiddenText)
    return edit


def suggested_username(display_name: str) -> str:
    """A user name from a person's name: "Dr Zoë O'Brien" → "dr.zoe.o.brien"."""
    plain = unicodedata.normalize("NFKD", display_name.casefold())
    ascii_only = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", ".", ascii_only).strip(".")[:63]


def _sentence(what: str, message: str) -> str:
    """The domain's fragment ("use at least 10 …") as a sentence to show under a field."""
    if message.startswith("must"):
        message = f"The {what} {message}"
    message = message[0].upper() + message[1:]
    return message if message.endswith(".") else message + "."


def new_password_problems(
    username: str, password: str, confirm: str, *, check_username: bool = True
) -> list[Problem]:
    """What is wrong with a chosen user name and password, field by field."""
    problems: list[Problem] = []
    username = username.strip()
    if check_username:
        if not username:
            problems.append(Problem("username", "Choose a user name (for example sam.patel)."))
        elif message := username_problem(username):
            problems.append(Problem("username", _sentence("user name", message)))
    if not password:
        problems.append(Problem("password", "Choose a password."))
    elif message := password_problem(username, password):
        problems.append(Problem("password", _sentence("password", message)))
    elif confirm != password:
        problems.append(
            Problem("confirm", "This is not the same as the password above; type it again.")
        )
    return problems


class PasswordFields:
    """User name (optional), password and the same again, added to a form with their errors."""

    def __init__(
        self,
        errors: FieldErrors,
        form: QFormLayout,
        *,
        username: QLineEdit | None = None,
        password_label: str = "&Password:",
        confirm_label: str = "Password a&gain:",
    ) -> None:
        self.username = username
        self.password = password_edit("Password")
        self.confirm = password_edit("Password again")
        errors.add_row(form, "password", password_label, self.password, hint=PASSWORD_HINT)
        errors.add_row(form, "confirm", confirm_label, self.confirm)
        self._errors = errors
        self.password.textChanged.connect(self._on_password_text_changed)

    def problems(self, username: str | None = None) -> list[Problem]:
        name = username if username is not None else self.username_text()
        return new_password_problems(
            name,
            self.password.text(),
            self.confirm.text(),
            check_username=self.username is not None,
        )

    def _on_password_text_changed(self, _text: str) -> None:
        # "Not the same" under the second field goes once the first is changed to match it.
        if self._errors.message("confirm") and not any(
            p.field == "confirm" for p in self.problems()
        ):
            self._errors.set_message("confirm", None)

    def username_text(self) -> str:
        return self.username.text().strip() if self.username is not None else ""
