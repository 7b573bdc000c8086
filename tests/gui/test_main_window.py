"""The main window over a real database: search as you type, lazy list, client panel."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.gui.main_window import MainWindow
from consult_app.gui.models.client_list import MORE, PAGE, ClientListModel
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import Store, open_store
from tests.conftest import TODAY, signed_in


@pytest.fixture
def sqlite_context(tmp_path, content: Content) -> AppContext:  # type: ignore[no-untyped-def]
    """An empty database with a practitioner signed in."""
    store: Store = open_store(f"sqlite:///{tmp_path / 'gui.db'}")
    yield signed_in(AppContext(store=store, content=content, today=lambda: TODAY))
    store.close()


def test_search_as_you_type_narrows_the_list_and_shows_the_client(
    qtbot: QtBot, sqlite_context: AppContext
) -> None:
    clients = ClientService(sqlite_context)
    for first, last in (("Zoë", "Łukasiewicz"), ("Ann", "Smith"), ("Ngọc Anh", "Nguyễn")):
        clients.add(ClientDetails(first, last, date(1990, 5, 24), phone="07700 900123"))
    window = MainWindow(sqlite_context, "Demo")
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 3
    qtbot.keyClicks(window.search_box, "luka")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert window.model.index(0, 0).data() == "Łukasiewicz"
    assert window.panel._name.text() == "Zoë Łukasiewicz"
    assert window.statusBar().currentMessage() == "1 client"
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=2000)


def _views(context: AppContext) -> list[int | None]:
    with context.store.reading() as uow:
        return [e.entity_id for e in uow.audit.find(AuditFilter(action="view"), 50, 0)]


def test_a_record_opens_only_when_someone_chooses_it(
    qtbot: QtBot, sqlite_context: AppContext
) -> None:
    """Opening a client shows their consultation history, an audited view: a list that merely
    appears (at start, or as a search narrows it) opens nobody's record."""
    clients = ClientService(sqlite_context)
    ann = clients.add(ClientDetails("Ann", "Smith", date(1990, 5, 24)))
    clients.add(ClientDetails("Anna", "Smyth", date(1991, 6, 25)))
    ConsultationService(sqlite_context).start(ann.id)
    window = MainWindow(sqlite_context, "Demo")
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 2 and window.panel.client is None
    qtbot.keyClicks(window.search_box, "sm")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "2 clients", timeout=2000)
    assert window.panel.client is None and _views(sqlite_context) == []
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # Enter chooses the top of the list
    assert window.panel.client is not None and window.panel.client.id == ann.id
    assert _views(sqlite_context) == [ann.id]


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot: QtBot, sqlite_context: AppContext) -> None:
    window = MainWindow(sqlite_context, "Demo")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=1000)
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search_box.hasFocus(), timeout=1000)


def test_client_list_fetches_only_the_rows_it_shows(
    qtbot: QtBot, sqlite_context: AppContext, content: Content
) -> None:
    fill_demo(sqlite_context.store, content, 100_000, 0, today=TODAY)
    window = MainWindow(sqlite_context, "Demo")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(window.isVisible)
    assert window.model.rowCount() == MORE  # the first clients; more on demand
    assert window.shown_note.text().startswith("Showing the first 100 of more than 1,000")
    qtbot.waitUntil(lambda: window.model.rows_fetched > 0, timeout=2000)
    assert window.model.rows_fetched <= 2 * PAGE


def test_client_list_model_passes_qt_model_tester(
    qtbot: QtBot, sqlite_context: AppContext, content: Content
) -> None:
    fill_demo(sqlite_context.store, content, 450, 0, today=TODAY)
    clients = ClientService(sqlite_context)
    model = ClientListModel(clients)
    tester = ModelTester(None)
    tester.check(model)
    model.search("")
    model.search("a")
    assert model.rowCount() > 0
    model.show_more()
    model.fetchMore()


def test_client_text_that_looks_like_markup_is_shown_literally(
    qtbot: QtBot, sqlite_context: AppContext
) -> None:
    ClientService(sqlite_context).add(
        ClientDetails("<b>Ann</b>", "Smith & <i>Co</i>", date(1990, 5, 24), address="<img src=x>")
    )
    window = MainWindow(sqlite_context, "Demo")
    qtbot.addWidget(window)
    window.show()
    assert window.panel._name.text() == "<b>Ann</b> Smith & <i>Co</i>"
    assert window.panel._name.textFormat() == Qt.TextFormat.PlainText
    assert window.panel._fields["address"].textFormat() == Qt.TextFormat.PlainText
