"""Signing in: a user name and password, checked off the GUI thread, with a countdown while
too many wrong tries make the account wait."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.errors import ConsultError, SignInError
from consult_app.gui.dialogs.background_dialog import BackgroundDialog, busy_bar
from consult_app.gui.errors import show_error
from consult_app.gui.widgets.field_error import FieldError
from consult_app.gui.widgets.new_password import password_edit

if TYPE_CHECKING:
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate, Throttle

COUNTDOWN_TICK_MS = 250  # fine enough that the number shown is never a second behind


class PasswordDialog(BackgroundDialog):
    """A user name and password checked by `_attempt` in the thread pool.

    The dialog stays responsive while the password is checked (argon2 takes a moment), shows
    what went wrong under the fields, and counts down while the throttle makes the account wait.
    """

    def __init__(
        self,
        throttle: Throttle,
        parent: QWidget | None = None,
        *,
        title: str,
        intro: str,
        username: str = "",
        action_text: str = "Sign in",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._throttle = throttle
        self._action_text = action_text
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # may hold a person's name
        self.username = QLineEdit(username)
        self.username.setAccessibleName("User name")
        self.username.setInputMethodHints(
            Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhPreferLowercase
        )
        self.password = password_edit("Password")  # kept from input methods' dictionaries
        self.error = FieldError("signing in", self)
        self.error.setAccessibleName("Why signing in did not work")
        self.busy = busy_bar("Checking the password")  # no steps to count: argon2 is one
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow("&User name:", self.username)
        self.form.addRow("&Password:", self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = QPushButton(action_text)
        self.submit_button.setAccessibleName(action_text)
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.intro)
        self.layout_.addSpacing(6)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.busy)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.buttons)
        # Only once the buttons are in the dialog: a default set before is forgotten on show.
        self.submit_button.setDefault(True)
        self._countdown = QTimer(self, interval=COUNTDOWN_TICK_MS)
        self._countdown.timeout.connect(self._update_button)
        self.username.textChanged.connect(self._update_button)  # the wait is per account
        self.password.textChanged.connect(self._update_button)
        (self.password if username else self.username).setFocus()
        self._update_button()

    # What a subclass supplies -----------------------------------------------------------

    def _attempt(self, username: str, password: str) -> Any:
        """Check the password; runs in the thread pool and must not touch widgets."""
        raise NotImplementedError

    def _other_error(self, error: BaseException) -> bool:
        """A failure other than a wrong name or password; True to try again straight away."""
        if isinstance(error, ConsultError):
            self.show_message(str(error))
        else:
            show_error(self, self.windowTitle(), error)
        return False

    # The flow ---------------------------------------------------------------------------

    def wait_left(self) -> float:
        """Seconds before this account may try again (0 when it may)."""
        return self._throttle.wait_left(self.username.text().strip())

    def show_message(self, text: str | None) -> None:
        self.error.set_message(text)

    def submit(self) -> None:
        """Check the name and password in the background (the default button, or Enter)."""
        if self._busy or not self.submit_button.isEnabled():
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            missing = "your user name" if not username else "your password"
            self.show_message(f"Type {missing}.")
            (self.username if not username else self.password).setFocus()
            return
        self.show_message(None)
        self._run(lambda: self._attempt(username, password))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SignInError):
            self.show_message(str(error))
            self.password.clear()
            self.password.setFocus()
            self._update_button()
            return
        if self._other_error(error):
            self.submit()  # again with what was typed (after a fix the person agreed to)
        else:  # not signed in: the password does not wait in the field
            self.password.clear()
            self._update_button()

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.busy.setVisible(busy)
        for widget in (self.username, self.password, self.cancel_button):
            widget.setEnabled(not busy)
        self._update_button()

    def _update_button(self) -> None:
        wait = self.wait_left()
        if wait > 0:
            self.submit_button.setText(f"Try again in {math.ceil(wait)} s")
            self.submit_button.setEnabled(False)
            if not self._countdown.isActive():
                self._countdown.start()
            return
        self._countdown.stop()
        self.submit_button.setText(self._action_text)
        self.submit_button.setEnabled(not self._busy)


OnError = Callable[["SignInDialog", BaseException], "bool | None"]


class SignInDialog(PasswordDialog):
    """The sign-in window: on success `context` holds the open records and the signed-in user.

    `before_open(key)` runs on the worker thread before the database is opened (the quick
    look at start), and `hold_writes` holds the records' writes for the whole file's check
    that follows (Gate.sign_in); `on_error(dialog, error)` is told, on the GUI thread, of any
    failure that is not a wrong name or password, and returns True to sign in again with what
    was typed, False when it has dealt with it, None to let the dialog say what went wrong.
    """

    def __init__(
        self,
        gate: Gate,
        parent: QWidget | None = None,
        *,
        clinic_name: str = "",
        username: str = "",
        before_open: Callable[[bytes | None], None] | None = None,
        on_error: OnError | None = None,
        hold_writes: bool = False,
    ) -> None:
        where = f" to {clinic_name}" if clinic_name else ""
        super().__init__(
            gate.throttle,
            parent,
            title="Sign in to Consult",
            intro=f"Sign in{where} with your own user name and password.",
            username=username,
        )
        self.gate = gate
        self.context: AppContext | None = None
        self._before_open = before_open
        self._on_error = on_error
        self._hold_writes = hold_writes
        self.forgot_button = QPushButton("Forgot your password?")
        self.forgot_button.setAccessibleName("Forgot your password")
        self.forgot_button.setToolTip("Use the clinic's recovery key to choose a new password")
        self.forgot_button.setFlat(True)
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.clicked.connect(self._on_forgot_button_clicked)
        # The recovery key belongs to an encrypted file; a server resets passwords its own way.
        self.forgot_button.setVisible(gate.database is not None)
        self.layout_.insertWidget(
            self.layout_.indexOf(self.buttons),
            self.forgot_button,
            alignment=Qt.AlignmentFlag.AlignLeft,  # read as a link under the fields
        )
        QWidget.setTabOrder(self.password, self.forgot_button)
        QWidget.setTabOrder(self.forgot_button, self.buttons)

    def _attempt(self, username: str, password: str) -> AppContext:
        return self.gate.sign_in(
            username, password, before_open=self._before_open, hold_writes=self._hold_writes
        )

    def _succeeded(self, result: AppContext) -> None:
        self.context = result
        self.accept()

    def _other_error(self, error: BaseException) -> bool:
        if self._on_error is not None:
            handled = self._on_error(self, error)
            if handled is not None:
                return handled
        return super()._other_error(error)

    def _on_forgot_button_clicked(self) -> None:
        from consult_app.gui.dialogs.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self.gate, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.context is not None:
            self.context = dialog.context
            self.accept()
