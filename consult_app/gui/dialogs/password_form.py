"""The form the password dialogs share: fields with their messages, a new password typed
twice, and one button that checks them and then does the dialog's work in the background."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from consult_app.errors import ConsultError, Problem, SignInError, ValidationError
from consult_app.gui.dialogs.background_dialog import BackgroundDialog
from consult_app.gui.errors import show_error
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.new_password import PasswordFields


class PasswordFormDialog(BackgroundDialog):
    """An intro, a form, the messages no field owns, then Cancel and `submit_button`.

    A subclass adds its rows to `form` through `_errors`, sets `passwords` (a `PasswordFields`
    in `form`), then calls `_lay_out`. It supplies `_problems` (what is wrong as typed),
    `_work` (the service call, read from the fields now, run in the pool later), `_refused`
    (a SignInError's message under the right field) and `_succeeded`.
    """

    failure_title = ""  # the error box's title when the work fails unexpectedly
    validated_fields: tuple[str, ...] = ("password",)  # where a ValidationError's problems go

    passwords: PasswordFields

    def __init__(
        self, parent: QWidget | None, *, title: str, min_width: int, intro: str, action_text: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.intro = QLabel(intro)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # may hold a person's name
        self.intro.setWordWrap(True)
        self._errors = FieldErrors(self._problems, self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.addButton(
            action_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._fields: list[QWidget] = []
        self._progress: QWidget | None = None

    def _lay_out(
        self, fields: list[QWidget], *, progress: QWidget | None = None, intro_space: int = 0
    ) -> None:
        """Place everything; Tab goes through `fields`, the new password twice, the buttons."""
        self._fields = [*fields, self.passwords.password, self.passwords.confirm]
        self._progress = progress
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        if intro_space:
            layout.addSpacing(intro_space)
        layout.addLayout(self.form)
        layout.addWidget(self._errors.general)
        if progress is not None:
            layout.addWidget(progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.submit_button.setDefault(True)  # once in the dialog, or it is forgotten on show
        for before, after in pairwise([*self._fields, self.buttons]):
            QWidget.setTabOrder(before, after)
        self._fields[0].setFocus()

    # What a subclass supplies -----------------------------------------------------------

    def _problems(self) -> list[Problem]:
        raise NotImplementedError

    def _work(self) -> Callable[[], Any]:
        """What to run in the pool, with what the fields hold now (it must not touch them)."""
        raise NotImplementedError

    def _refused(self, error: SignInError) -> None:
        raise NotImplementedError

    # The flow ---------------------------------------------------------------------------

    def error_message(self, name: str) -> str:
        return self._errors.message(name)

    def submit(self) -> None:
        if self._busy or self._errors.show_all():
            return
        self._run(self._work())

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            for problem in error.problems:
                name = problem.field if problem.field in self.validated_fields else "password"
                self._errors.set_message(name, problem.message)
        elif isinstance(error, SignInError):
            self._refused(error)
        elif isinstance(error, ConsultError):
            self._errors.general.set_message(str(error))
        else:
            show_error(self, self.failure_title, error)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        if self._progress is not None:
            self._progress.setVisible(busy)
        for widget in self._fields:
            widget.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
