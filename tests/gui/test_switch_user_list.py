"""After Switch user the client list shows what the (now empty) Find box asks for."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from consult_app.domain.client import ClientDetails
from consult_app.services.clients import ClientService
from tests.gui.accounts_clinic import OWNER, RECEPTION, People, people  # noqa: F401
from tests.gui.test_session import switch_user, window_for
from tests.gui.typing import type_text


def test_after_switch_user_the_list_and_the_find_box_agree(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    clients = ClientService(people.context)
    clients.add(ClientDetails("Ali", "Khan", date(1985, 1, 2)))
    everyone = len(clients.search(""))
    assert everyone >= 2
    window = window_for(qtbot, people, OWNER)
    type_text(window.search_box, "Khan")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    switch_user(qtbot, window, RECEPTION)
    assert window.search_box.text() == ""
    assert window.model.rowCount() == everyone, "the list is everyone, as the empty box asks"
    assert window.statusBar().currentMessage() == f"{everyone:,} clients"
    assert not window.table.selectionModel().hasSelection()
    assert window.panel.client is None
