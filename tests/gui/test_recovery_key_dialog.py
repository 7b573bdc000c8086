"""The recovery key, shown once: it stays open until the owner says it is kept safe."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from consult_app.gui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from consult_app.services.signin import key_from_recovery_text, recovery_text
from tests.gui.wizard_driver import click

KEY = recovery_text(bytes(range(32)))


@pytest.fixture
def dialog(qtbot: QtBot) -> RecoveryKeyDialog:
    opened = RecoveryKeyDialog(KEY, "Harbour Skin")
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    return opened


def test_close_works_only_once_the_key_is_kept_safe(
    qtbot: QtBot, dialog: RecoveryKeyDialog
) -> None:
    assert not dialog.close_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    click(dialog.kept)
    assert dialog.close_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        click(dialog.close_button)
    assert not dialog.isVisible()


def test_the_key_shown_is_the_key_and_can_be_selected_and_copied(
    qtbot: QtBot, dialog: RecoveryKeyDialog
) -> None:
    shown = dialog.key_label.text()
    assert key_from_recovery_text(shown) == bytes(range(32))  # lines break between groups only
    assert dialog.key_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert dialog.key_label.font().fixedPitch() or dialog.key_label.font().styleHint()
    click(dialog.copy_button)
    assert QGuiApplication.clipboard().text() == KEY
    assert "Copied" in dialog.status.text()
    assert "Consult will not show it again" in "".join(
        label.text() for label in dialog.findChildren(type(dialog.status))
    )


def test_the_printed_page_holds_the_key_and_the_clinic(dialog: RecoveryKeyDialog) -> None:
    page = dialog.printable().toPlainText()
    assert "Consult recovery key for Harbour Skin" in page
    assert KEY.replace("-", "") in "".join(page.split()).replace("-", "")


def test_every_control_has_a_name(dialog: RecoveryKeyDialog) -> None:
    for control in (dialog.key_label, dialog.print_button, dialog.copy_button, dialog.kept):
        assert control.accessibleName()
