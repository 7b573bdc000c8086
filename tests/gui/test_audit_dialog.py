"""The audit trail window: filters change the rows, pages arrive as it scrolls, CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.domain.people import Role
from consult_app.gui.dialogs.audit_dialog import AuditDialog
from consult_app.gui.models.audit_list import local_time
from consult_app.services.accounts import AccountService
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.store.store import open_store
from tests.clinic_owner import add_entries, set_up_clinic
from tests.gui.typing import focus_chain_by_tab, type_text

CONTROLS = ("since", "before", "username", "action", "entity", "entity_id", "client")


def local(day: int, hour: int) -> datetime:
    """A time on this computer's clock in March 2025, as the UTC moment it is."""
    return datetime(2025, 3, day, hour).astimezone(UTC)


@pytest.fixture
def owner(tmp_path: Path, content: Content) -> Iterator[AppContext]:
    """Sam owns the clinic; Kim and Sam worked on 3 and 4 March 2025 (plus the set-up today)."""
    store = open_store(f"sqlite:///{tmp_path / 'audit.db'}")
    context = set_up_clinic(store, content)
    AccountService(context).add("kim", "Kim Lee", Role.RECEPTION, "kim's long password")
    add_entries(
        store,
        (local(3, 9), "kim", "view", "client", 1, ""),
        (local(3, 17), "sam", "change", "client", 1, ""),
        (local(4, 10), "kim", "print", "handout", None, "aftercare"),
        (local(4, 11), "sam", "sign", "consultation", 5, "=cmd|' /C calc'!A0"),
    )
    yield context
    QThreadPool.globalInstance().waitForDone()  # no read may outlive the database
    store.close()


@pytest.fixture
def dialog(qtbot: QtBot, owner: AppContext) -> AuditDialog:
    opened = AuditDialog(owner)
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    wait_for(qtbot, opened, "6 entries")  # set-up, adding Kim, and the four above
    return opened


def wait_for(qtbot: QtBot, dialog: AuditDialog, count: str) -> None:
    qtbot.waitUntil(lambda: dialog.count_text == count, timeout=5000)


def column(dialog: AuditDialog, number: int) -> list[str]:
    model = dialog.model
    return [model.index(row, number).data() for row in range(model.rowCount())]


def choose(combo: QWidget, code: str) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(code))


def test_it_lists_newest_first_in_words_and_local_time(
    dialog: AuditDialog, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(dialog.model)
    # Today's set-up and Kim's account come first, then March 2025.
    assert column(dialog, 2) == ["Added", "Set up", "Signed", "Printed", "Changed", "Viewed"]
    assert column(dialog, 3)[2:] == ["Consultation", "Handout", "Client", "Client"]
    assert column(dialog, 0)[2] == local_time(local(4, 11))
    assert column(dialog, 0)[2].endswith("11:00:00")
    assert column(dialog, 4)[2:] == ["5", "", "1", "1"]


def test_each_filter_changes_the_rows(qtbot: QtBot, dialog: AuditDialog) -> None:
    choose(dialog.field("action"), "view")
    wait_for(qtbot, dialog, "1 entry")
    assert column(dialog, 1) == ["kim"]
    choose(dialog.field("action"), "")
    choose(dialog.field("entity"), "client")
    wait_for(qtbot, dialog, "2 entries")
    type_text(dialog.field("entity_id"), "2")
    wait_for(qtbot, dialog, "No entries match.")
    assert dialog.model.rowCount() == 0
    dialog.field("entity_id").clear()
    choose(dialog.field("entity"), "")
    wait_for(qtbot, dialog, "6 entries")
    user = dialog.field("username")
    assert isinstance(user, QComboBox)
    qtbot.waitUntil(lambda: user.count() == 2)  # the accounts, read in the background
    user.setCurrentIndex(user.findData("kim"))
    wait_for(qtbot, dialog, "2 entries")
    assert set(column(dialog, 1)) == {"kim"}
    user.setEditText("")
    type_text(user.lineEdit(), "sam")
    wait_for(qtbot, dialog, "4 entries")


def test_dates_are_whole_local_days_and_backwards_ones_are_explained(
    qtbot: QtBot, dialog: AuditDialog
) -> None:
    type_text(dialog.field("since"), "4/3/2025")
    type_text(dialog.field("before"), "4 March 2025")
    wait_for(qtbot, dialog, "2 entries")
    assert column(dialog, 2) == ["Signed", "Printed"]
    dialog.field("since").clear()
    type_text(dialog.field("since"), "5/3/2025")
    qtbot.keyClick(dialog.field("since"), Qt.Key.Key_Return)
    assert dialog.error_message("before") == (
        "the end is before the start; choose an end on or after it"
    )
    qtbot.waitUntil(lambda: not dialog.applying_soon, timeout=10_000)  # the pause has passed
    assert dialog.count_text == "2 entries", "a backwards range keeps the rows shown"
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)  # asked for outright
    assert dialog.count_text == "2 entries"
    dialog.field("before").clear()
    type_text(dialog.field("before"), "31/2/2025")
    qtbot.keyClick(dialog.field("before"), Qt.Key.Key_Return)
    assert "not a real calendar date" in dialog.error_message("before")


def test_pages_are_read_as_the_table_scrolls(
    qtbot: QtBot, owner: AppContext, dialog: AuditDialog
) -> None:
    start = local(5, 8)
    add_entries(
        owner.store,
        *((start + timedelta(seconds=n), "kim", "view", "client", n, "") for n in range(450)),
    )
    dialog.refresh_button.click()
    wait_for(qtbot, dialog, "456 entries")
    assert dialog.model.rowCount() == 200
    dialog.table.scrollToBottom()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 400, timeout=5000)
    dialog.table.scrollToBottom()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 456, timeout=5000)
    assert not dialog.model.canFetchMore()
    assert column(dialog, 4)[2:4] == ["449", "448"]  # after today's two


def test_the_export_writes_the_shown_entries_in_utc(
    qtbot: QtBot, dialog: AuditDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "trail"  # the dialog adds .csv
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )
    choose(dialog.field("entity"), "consultation")
    wait_for(qtbot, dialog, "1 entry")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Saved"), timeout=5000)
    assert dialog.status_label.text() == "Saved 1 entry to trail.csv."
    assert dialog.progress_bar.isHidden()
    with (tmp_path / "trail.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    when = local(4, 11).isoformat(timespec="seconds")
    assert rows[1] == [when, "sam", "Signed", "Consultation", "5", "", "'=cmd|' /C calc'!A0"]


def test_someone_not_the_owner_is_told_why_nothing_shows(
    qtbot: QtBot, owner: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: told.append(a[2])))
    with owner.store.reading() as uow:
        owner.user = uow.users.by_username("kim")
    opened = AuditDialog(owner)
    qtbot.addWidget(opened)
    qtbot.waitUntil(lambda: len(told) == 2, timeout=5000)  # the accounts and the listing
    assert all(t.startswith("Reception accounts cannot view the audit trail.") for t in told)
    assert opened.model.rowCount() == 0
    assert not opened.export_button.isEnabled()


def test_every_control_is_reachable_with_tab_and_named(qtbot: QtBot, dialog: AuditDialog) -> None:
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    visited = focus_chain_by_tab(dialog.field("since"), 10)
    fields = [dialog.field(name) for name in CONTROLS[1:]]
    assert visited[:9] == [*fields, dialog.table, dialog.export_button, dialog.refresh_button]
    for name in CONTROLS:
        assert dialog.field(name).accessibleName()
    assert dialog.table.accessibleName() == "Audit trail entries"


def test_the_client_column_names_whose_record_and_the_client_filter_picks_them(
    qtbot: QtBot, owner: AppContext
) -> None:
    zoe = ClientService(owner).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    ClientService(owner).add(ClientDetails("Ali", "Khan", date(1985, 1, 2)))
    opened = AuditDialog(owner)
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    wait_for(qtbot, opened, "8 entries")
    assert opened.model.headerData(5, Qt.Orientation.Horizontal) == "Client"
    numbers, names = column(opened, 4), column(opened, 5)
    assert (str(zoe.id), "Zoë Łukasiewicz") in zip(numbers, names, strict=True)
    assert "Ali Khan" in names
    type_text(opened.field("client"), "Łukas")  # as in Find: the start of a name, any case
    wait_for(qtbot, opened, "3 entries")  # she was added (client 1), then viewed and changed
    assert set(column(opened, 5)) == {"Zoë Łukasiewicz"}
    assert set(column(opened, 3)) == {"Client"}
