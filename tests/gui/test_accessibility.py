"""Every control on every wizard page can be reached with Tab and has a name to be read out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from consult_app.services.context import AppContext
from tests.gui.wizard_driver import open_wizard

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)


def _named(control: QWidget, buddies: set[int]) -> bool:
    if control.accessibleName().strip():
        return True
    if isinstance(control, QAbstractButton) and control.text().replace("&", "").strip():
        return True
    return id(control) in buddies


def _tabbable(control: QWidget) -> bool:
    """Tab reaches it, or (a radio button) its group's one Tab stop, and arrows move on from
    there: the checked button, the first while none is checked."""
    if control.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return True
    group = control.group() if isinstance(control, QRadioButton) else None
    if group is None or not group.buttons():
        return False
    stop = group.checkedButton() or group.buttons()[0]
    return bool(stop.focusPolicy() & Qt.FocusPolicy.TabFocus)


def test_every_control_on_every_page_is_tabbable_and_named(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    problems = []
    checked = 0
    for page in wizard.pages:
        page.initializePage()
        buddies = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy()}
        for control in page.findChildren(QWidget):
            if not isinstance(control, CONTROLS) or isinstance(control.parent(), QAbstractSpinBox):
                continue
            if control.parent() and isinstance(control.parent(), QComboBox):
                continue
            checked += 1
            where = f"{page.key}: {type(control).__name__} {control.objectName()!r}"
            if not _tabbable(control):
                problems.append(f"{where} cannot be reached with Tab")
            if not _named(control, buddies):
                problems.append(f"{where} has no accessible name")
    assert problems == []
    assert checked > 100, "the pages' controls were not found"
