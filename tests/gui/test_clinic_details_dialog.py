"""Clinic → Clinic details…: the owner changes the details in the first-start form, filled in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from consult_app.domain.audit import AuditFilter
from consult_app.domain.clinic import Paper
from consult_app.domain.dates import DateStyle
from consult_app.domain.people import Role
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.clinic_details_dialog import ClinicDetailsDialog
from consult_app.gui.main_window import MainWindow
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from tests.accounts import signed_in
from tests.gui.typing import replace_text


def open_clinic_details(qtbot: QtBot, clinic: AppContext) -> tuple[MainWindow, ClinicDetailsDialog]:
    """The main window, and Clinic → Clinic details… opened from its menu action."""
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    window.actions[ActionId.CLINIC_DETAILS].trigger()
    dialog = window.findChild(ClinicDetailsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return window, dialog


def test_the_owner_changes_the_name_paper_and_date_style(qtbot: QtBot, clinic: AppContext) -> None:
    window, dialog = open_clinic_details(qtbot, clinic)
    assert dialog.field("name").text() == "Harbour Skin"
    assert dialog.field("phone").text() == "0117 496 0000"
    assert dialog.focusWidget() is dialog.field("name")
    replace_text(dialog.field("name"), "Seaside Skin Studio")
    for name in ("paper", "date_style"):  # by keyboard: the second choice of each
        dialog.field(name).setFocus()
        QTest.keyClick(dialog.field(name), Qt.Key.Key_Down)
    save = dialog.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    details = ClinicService(clinic).details()
    assert details.name == "Seaside Skin Studio"
    assert details.phone == "0117 496 0000"
    assert (details.paper, details.date_style) == (Paper.LETTER, DateStyle.MONTH_DAY_YEAR)
    assert window.windowTitle().startswith("Consult — Seaside Skin Studio — ")
    [entry] = AuditTrailService(clinic).entries(AuditFilter(action="change", entity="clinic"))
    assert entry.detail == "changed: name, paper size, date style"


def test_a_nameless_clinic_is_refused_next_to_the_field(qtbot: QtBot, clinic: AppContext) -> None:
    _window, dialog = open_clinic_details(qtbot, clinic)
    replace_text(dialog.field("name"), "")
    save = dialog.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_message("name")
    assert ClinicService(clinic).details().name == "Harbour Skin"


def test_only_the_owner_has_the_menu_item(qtbot: QtBot, clinic: AppContext) -> None:
    signed_in(clinic, Role.PRACTITIONER)
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    assert not window.actions[ActionId.CLINIC_DETAILS].isVisible()
    assert not window.actions[ActionId.CLINIC_DETAILS].isEnabled()
