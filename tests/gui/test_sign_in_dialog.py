"""Signing in over a real encrypted clinic: wrong passwords, the wait after too many, success,
and a forgotten password reset with the recovery key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from consult_app.domain.people import Role
from consult_app.gui.dialogs.recovery_dialog import RecoveryDialog
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.services.signin import WRONG
from tests.gui.accounts_clinic import OWNER, PASSWORDS, RECEPTION, People, people  # noqa: F401
from tests.gui.typing import type_text


@pytest.fixture
def dialog(qtbot: QtBot, people: People) -> SignInDialog:  # noqa: F811
    opened = SignInDialog(people.gate, clinic_name="Harbour Skin")
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    return opened


def sign_in(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username.clear()
    type_text(dialog.username, username)
    dialog.password.clear()
    type_text(dialog.password, password)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)


def test_the_fields_are_named_and_the_password_is_hidden(dialog: SignInDialog) -> None:
    assert dialog.username.accessibleName() == "User name"
    assert dialog.password.accessibleName() == "Password"
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.submit_button.isDefault() and dialog.submit_button.text() == "Sign in"
    assert dialog.forgot_button.isVisible()
    assert "Harbour Skin" in dialog.intro.text()


def test_a_wrong_password_is_explained_and_the_dialog_stays_open(
    qtbot: QtBot, dialog: SignInDialog
) -> None:
    sign_in(qtbot, dialog, OWNER, "not my password at all")
    assert dialog.isVisible() and dialog.context is None
    assert dialog.error.message == WRONG
    assert dialog.password.text() == ""  # typed again, not edited
    assert dialog.focusWidget() is dialog.password


def test_too_many_wrong_tries_disable_the_button_with_a_countdown(
    qtbot: QtBot,
    dialog: SignInDialog,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The throttle's clock moves only when the test says, so a busy machine cannot use up
    # the one-second wait between two checks; the dialog's own countdown timer still runs.
    now = [1000.0]
    monkeypatch.setattr(people.gate.throttle, "clock", lambda: now[0])
    for _ in range(3):
        sign_in(qtbot, dialog, RECEPTION, "guessing again")
    assert not dialog.submit_button.isEnabled()
    assert dialog.submit_button.text() == "Try again in 1 s"
    type_text(dialog.username, "x")  # the wait belongs to one account
    assert dialog.submit_button.isEnabled()
    dialog.username.backspace()
    assert not dialog.submit_button.isEnabled()
    now[0] += 1.0  # the second passes
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=10_000)  # the countdown ran out
    assert dialog.submit_button.text() == "Sign in"
    type_text(dialog.password, PASSWORDS[RECEPTION])
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.context is not None and dialog.context.user.role is Role.RECEPTION
    dialog.context.store.close()


def test_the_right_password_opens_the_records_signed_in(qtbot: QtBot, dialog: SignInDialog) -> None:
    type_text(dialog.username, OWNER)
    type_text(dialog.password, PASSWORDS[OWNER])
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter presses "Sign in"
    context = dialog.context
    assert context is not None and context.user is not None
    assert (context.user.username, context.user.role) == (OWNER, Role.OWNER)
    context.store.close()


def test_escape_does_not_cancel_while_the_password_is_checked(
    qtbot: QtBot, dialog: SignInDialog
) -> None:
    type_text(dialog.username, OWNER)
    type_text(dialog.password, PASSWORDS[OWNER])
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.is_busy and not dialog.username.isEnabled()
    dialog.reject()
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.context is not None, timeout=10_000)
    dialog.context.store.close()


def test_the_recovery_key_sets_a_forgotten_owner_password(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    recovery = RecoveryDialog(people.gate)
    qtbot.addWidget(recovery)
    recovery.show()
    type_text(recovery.recovery_key, "ABCD-EFGH")
    type_text(recovery.username, OWNER)
    type_text(recovery.passwords.password, "a brand new sentence")
    type_text(recovery.passwords.confirm, "a brand new sentence")
    recovery.submit()
    qtbot.waitUntil(lambda: bool(recovery.error_message("recovery_key")), timeout=10_000)
    assert recovery.error_message("recovery_key").startswith("That is not a recovery key")

    recovery.recovery_key.clear()
    type_text(recovery.recovery_key, people.recovery_key.lower().replace("-", " "))
    with qtbot.waitSignal(recovery.accepted, timeout=10_000):
        recovery.submit()
    assert recovery.context is not None and recovery.context.user.username == OWNER
    recovery.context.store.close()
    people.gate.sign_in(OWNER, "a brand new sentence").store.close()


def test_the_password_is_kept_from_input_methods(dialog: SignInDialog) -> None:
    hints = dialog.password.inputMethodHints()
    assert hints & Qt.InputMethodHint.ImhSensitiveData
    assert hints & Qt.InputMethodHint.ImhHiddenText


def test_a_sign_in_that_fails_otherwise_clears_the_password(
    qtbot: QtBot,
    dialog: SignInDialog,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from consult_app.errors import ConsultError

    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise ConsultError("The clinic's database cannot be reached.")

    monkeypatch.setattr(people.gate, "sign_in", unreachable)
    sign_in(qtbot, dialog, OWNER, PASSWORDS[OWNER])
    assert dialog.isVisible() and dialog.context is None
    assert dialog.error.message == "The clinic's database cannot be reached."
    assert dialog.password.text() == ""
