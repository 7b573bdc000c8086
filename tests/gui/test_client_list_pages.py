"""The client list shows a search's first clients and says so: typing one letter on the
encrypted file or on PostgreSQL lists the first 100 in list order with "Showing the first 100
of more than 1,000 — keep typing to narrow it", and "Show more" (by keyboard or mouse) or
scrolling to the end lists the rest, in order; case and accents still fold."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consult_app.gui.main_window import MainWindow
from consult_app.services.context import AppContext
from tests.many_clients import add_many, in_list_order

ONE_LETTER = "Showing the first 100 of more than 1,000 — keep typing to narrow it"


@pytest.fixture
def clinic(encrypted_context: AppContext) -> tuple[AppContext, dict]:
    """Many clients, in the database as it is kept (SQLite encrypted), a practitioner in."""
    return encrypted_context, add_many(encrypted_context.store)


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context, "Demo")
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def _one_letter(qtbot: QtBot, context: AppContext, letter: str = "w") -> MainWindow:
    """The window after typing `letter` ("w" or "W") in Find."""
    window = _window(qtbot, context)
    qtbot.keyClicks(window.search_box, letter)
    qtbot.waitUntil(lambda: window.shown_note.text() == ONE_LETTER, timeout=5000)
    return window


def _surnames(window: MainWindow) -> list[tuple[str, str]]:
    model = window.model
    return [(model.index(r, 1).data(), model.index(r, 0).data()) for r in range(model.rowCount())]


def test_one_letter_shows_the_first_page_and_says_how_many(
    qtbot: QtBot, clinic: tuple[AppContext, dict]
) -> None:
    context, clients = clinic
    window = _one_letter(qtbot, context, "W")
    expected = in_list_order(clients, "w")
    assert window.model.rowCount() == 100
    assert _surnames(window) == [clients[i] for i in expected[:100]]
    assert window.more_row.isVisible() and window.show_more_button.isVisible()
    assert window.statusBar().currentMessage() == "More than 1,000 clients"
    qtbot.keyClicks(window.search_box, "ab")  # "Wab": few enough to list them all
    qtbot.waitUntil(lambda: window.model.rowCount() == len(in_list_order(clients, "wab")))
    assert not window.more_row.isVisible()
    assert window.statusBar().currentMessage() == f"{window.model.rowCount()} clients"


def test_scrolling_to_the_end_and_show_more_reach_every_match_in_order(
    qtbot: QtBot, clinic: tuple[AppContext, dict]
) -> None:
    context, clients = clinic
    expected = in_list_order(clients, "w")
    window = _one_letter(qtbot, context)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_End)  # to the last client listed: 100 more
    qtbot.waitUntil(lambda: window.model.rowCount() == 200, timeout=5000)
    assert _surnames(window) == [clients[i] for i in expected[:200]]
    assert window.shown_note.text() == (
        "Showing the first 200 of more than 1,000 — keep typing to narrow it"
    )
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)  # from the list, Tab reaches "Show more"
    assert window.show_more_button.hasFocus()
    assert window.show_more_button.accessibleName() == "Show more clients"
    qtbot.keyClick(window.show_more_button, Qt.Key.Key_Space)
    assert window.model.rowCount() == 300
    while window.show_more_button.isVisible():
        qtbot.mouseClick(window.show_more_button, Qt.MouseButton.LeftButton)
    assert _surnames(window) == [clients[i] for i in expected]
    assert not window.more_row.isVisible()
    assert window.statusBar().currentMessage() == f"{len(expected):,} clients"
    assert window.table.hasFocus()  # the button has gone: back to the list


def test_case_and_accents_still_match_as_typed(
    qtbot: QtBot, clinic: tuple[AppContext, dict]
) -> None:
    context, _ = clinic
    window = _window(qtbot, context)
    qtbot.keyClicks(window.search_box, "LUKA")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.index(0, 0).data() == "Łukasiewicz"
    assert window.panel.client is not None  # one match: chosen
    assert not window.more_row.isVisible()
    assert window.statusBar().currentMessage() == "1 client"
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "wojcik")
    qtbot.waitUntil(lambda: window.model.index(0, 0).data() == "Wójcik", timeout=5000)
    assert window.model.rowCount() == 1
