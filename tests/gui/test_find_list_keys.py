"""From the Find box into the client list by keyboard, on the database as it is kept: Down after a
surname chooses the first client found (it did nothing before), and the first Down in a list
reached with Tab chooses its top row instead of skipping it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consult_app.domain.client import Client, ClientDetails
from consult_app.gui.main_window import MainWindow
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext


@pytest.fixture
def smiths(encrypted_context: AppContext) -> list[Client]:
    clients = ClientService(encrypted_context)
    return [
        clients.add(ClientDetails(first, last, date(1990, 5, 24)))
        for first, last in (("Ann", "Smith"), ("Anna", "Smyth"), ("Zoë", "Adams"))
    ]


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context, "Demo")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _chosen(window: MainWindow) -> str:
    client = window.panel.client
    return "" if client is None else client.details.last_name


def test_down_from_find_moves_into_the_list_and_chooses_the_first_client_found(
    qtbot: QtBot, encrypted_context: AppContext, smiths: list[Client]
) -> None:
    window = _window(qtbot, encrypted_context)
    qtbot.keyClicks(window.search_box, "sm")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "2 clients", timeout=5000)
    assert _chosen(window) == ""

    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)

    assert window.focusWidget() is window.table
    assert _chosen(window) == "Smith"
    qtbot.keyClick(window.table, Qt.Key.Key_Down)  # and on down the list
    assert _chosen(window) == "Smyth"


def test_down_straight_after_typing_chooses_from_what_was_typed(
    qtbot: QtBot, encrypted_context: AppContext, smiths: list[Client]
) -> None:
    """No pause for the search to catch up: Down lists "sm" first, then chooses its top row,
    and no search left waiting clears the choice afterwards."""
    window = _window(qtbot, encrypted_context)
    assert window.model.rowCount() == 3  # Adams at the top before anything is typed

    qtbot.keyClicks(window.search_box, "sm")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)

    assert window.model.rowCount() == 2 and _chosen(window) == "Smith"
    assert not window._debounce.isActive()


def test_the_first_down_in_a_list_reached_with_tab_chooses_its_top_row(
    qtbot: QtBot, encrypted_context: AppContext, smiths: list[Client]
) -> None:
    window = _window(qtbot, encrypted_context)
    qtbot.keyClicks(window.search_box, "sm")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "2 clients", timeout=5000)
    window.table.setFocus(Qt.FocusReason.TabFocusReason)

    qtbot.keyClick(window.table, Qt.Key.Key_Down)

    assert _chosen(window) == "Smith"  # not Smyth, the second
