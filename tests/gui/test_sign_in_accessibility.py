"""Every control of the sign-in, lock and password dialogs is reachable with Tab and named."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from consult_app.gui.dialogs.change_password_dialog import ChangePasswordDialog
from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog
from consult_app.gui.dialogs.encrypt_dialog import EncryptDialog
from consult_app.gui.dialogs.recovery_dialog import RecoveryDialog
from consult_app.gui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.gui.idle_lock import UnlockDialog
from tests.gui.accounts_clinic import People, people  # noqa: F401
from tests.gui.mnemonics import clashes
from tests.gui.test_accessibility import CONTROLS, _named


def _dialog(name: str, people: People, qtbot: QtBot, window: QWidget) -> QDialog:  # noqa: F811
    gate, context = people.gate, people.context
    if name == "unlock":
        return UnlockDialog(gate, context, window)
    made = {
        "sign in": lambda: SignInDialog(gate),
        "recovery": lambda: RecoveryDialog(gate),
        "recovery key": lambda: RecoveryKeyDialog(people.recovery_key),
        "encrypt": lambda: EncryptDialog(gate),
        "change password": lambda: ChangePasswordDialog(context),
        "set up": lambda: ClinicSetupDialog(),
    }[name]()
    qtbot.addWidget(made)
    return made


DIALOGS = ["sign in", "unlock", "recovery", "recovery key", "encrypt", "change password", "set up"]


@pytest.mark.parametrize("name", DIALOGS)
def test_every_control_is_tabbable_and_named(
    qtbot: QtBot,
    people: People,  # noqa: F811
    name: str,
) -> None:
    window = QWidget()  # the main window an unlock prompt belongs to
    qtbot.addWidget(window)
    dialog = _dialog(name, people, qtbot, window)
    dialog.show()
    buddies = {id(label.buddy()) for label in dialog.findChildren(QLabel) if label.buddy()}
    problems = []
    for control in dialog.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisibleTo(dialog):
            continue
        where = f"{type(control).__name__} {control.accessibleName() or control.objectName()!r}"
        if not control.focusPolicy() & Qt.FocusPolicy.TabFocus:
            problems.append(f"{where} cannot be reached with Tab")
        if not _named(control, buddies):
            problems.append(f"{where} has no accessible name")
    assert problems == []


@pytest.mark.parametrize("name", DIALOGS)
def test_no_two_controls_share_an_alt_key(
    qtbot: QtBot,
    people: People,  # noqa: F811
    name: str,
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dialog = _dialog(name, people, qtbot, window)
    dialog.show()
    assert clashes(dialog) == {}
