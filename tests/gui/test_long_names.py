"""A 100-character name (the longest allowed) ends in "…" with a tooltip; windows stay on the
screen and the wizard keeps its width from step to step.

Sizes depend on the screen, so these run under a real X server the size of a small laptop
(1280×800); an offscreen run starts them there.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from consult_app.domain.client import ClientDetails
from consult_app.domain.validation import NAME_MAX
from consult_app.gui.main_window import MainWindow
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from tests.gui.test_wizard_keys import _alt_n, _fill
from tests.gui.under_x import needs_xvfb, run_under_x
from tests.gui.wizard_driver import current_key

# One word that cannot wrap: 90 letters, then a space and a 9-letter surname.
FIRST = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohl"
LAST = "Pflegeund"
under_x = pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") != "xcb", reason="sizes are checked on a real X screen"
)


def _long_named(context: AppContext) -> int:
    first, last = FIRST[: NAME_MAX - len(LAST) - 1], LAST
    client = ClientService(context).add(ClientDetails(first, last, date(1990, 5, 24)))
    assert len(client.details.full_name) == NAME_MAX
    return client.id


def _on_screen(window: QWidget) -> QRect:
    free = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert frame.width() <= free.width(), f"{frame.width()} px wide on a {free.width()} px screen"
    return free


def _shown(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    window.show_client(_long_named(context))
    QApplication.processEvents()
    return window


@under_x
def test_a_100_character_name_elides_in_the_main_window(qtbot: QtBot, clinic: AppContext) -> None:
    window = _shown(qtbot, clinic)
    name = window.panel.client.details.full_name
    _on_screen(window)
    assert window.panel._name.is_elided()
    assert window.panel._name.toolTip() == name


@under_x
def test_a_100_character_name_keeps_the_wizard_and_its_next_on_screen_at_one_width(
    qtbot: QtBot, clinic: AppContext
) -> None:
    window = _shown(qtbot, clinic)
    name = window.panel.client.details.full_name
    window.new_consultation()
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    width = wizard.width()
    while True:
        QApplication.processEvents()
        free = _on_screen(wizard)
        assert wizard.width() == width, f"{current_key(wizard)}: the wizard changed width"
        key = current_key(wizard)
        button = wizard.button(
            QWizard.WizardButton.FinishButton
            if key == "summary"
            else QWizard.WizardButton.NextButton
        )
        corner = button.mapToGlobal(button.rect().bottomRight())
        assert free.contains(corner), f"{key}: the button is off the screen"
        if key == "summary":
            break
        _fill(qtbot, wizard)
        _alt_n(qtbot, wizard)
    details = wizard.page_by_key("client")._details
    assert name in details.toolTip(), "the whole name is in the client page's tooltip"


@needs_xvfb
def test_long_names_under_a_real_x_server() -> None:
    assert "2 passed" in run_under_x(__file__)
