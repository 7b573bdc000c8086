"""Backups in the app: a damaged database at start, back up now, restore from the menu."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.domain.dates import format_date
from consult_app.gui.actions import ActionId
from consult_app.gui.backup_views import back_up_if_due, database_ready
from consult_app.gui.dialogs.backups_dialog import BackupsDialog
from consult_app.gui.main_window import MainWindow
from consult_app.services.backups import BackupFiles
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.store.backup import backup_files
from tests.clinic_files import corrupt, every_row, fill_clinic

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def _answer(monkeypatch: pytest.MonkeyPatch, kind: str, reply: Any) -> list[str]:
    asked: list[str] = []

    def box(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, kind, staticmethod(box))
    return asked


@pytest.fixture
def damaged(qapp: Any, tmp_path: Path, content: Content) -> BackupFiles:
    """A clinic with one good backup, whose database file was then damaged."""
    service = BackupFiles(f"sqlite:///{tmp_path / 'clinic.db'}")
    fill_clinic(service.database_url, content)
    service.backup_now()
    corrupt(service.database)
    return service


def test_a_damaged_database_is_explained_and_the_newest_backup_restored_on_yes(
    monkeypatch: pytest.MonkeyPatch, damaged: BackupFiles
) -> None:
    asked = _answer(monkeypatch, "question", Yes)
    [(_, backup)] = backup_files(damaged.folder)
    assert database_ready(damaged)
    assert "is damaged" in asked[0] and "moved it aside" in asked[0]
    assert backup.name in asked[0]
    assert every_row(damaged.database) == every_row(backup)


def test_no_closes_consult_with_the_damaged_file_kept_aside(
    monkeypatch: pytest.MonkeyPatch, damaged: BackupFiles
) -> None:
    _answer(monkeypatch, "question", No)
    assert not database_ready(damaged)
    assert not damaged.database.exists()
    assert len(list(damaged.database.parent.glob("clinic.db.damaged-*"))) >= 1


def test_without_a_good_backup_the_message_says_so(
    monkeypatch: pytest.MonkeyPatch, damaged: BackupFiles
) -> None:
    for _, backup in backup_files(damaged.folder):
        corrupt(backup)
    told = _answer(monkeypatch, "critical", None)
    assert not database_ready(damaged)
    assert "No good backup was found" in told[0]


@pytest.fixture
def window(qtbot: QtBot, clinic: AppContext) -> MainWindow:
    shown = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_back_up_now_writes_a_backup_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, clinic: AppContext
) -> None:
    folder = BackupFiles(clinic.store.url).folder
    window.actions[ActionId.BACKUP_NOW].trigger()
    assert window.statusBar().currentMessage() == "Backing up…"
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10_000)
    [(_, taken)] = backup_files(folder)
    assert _newest_audit(clinic) == ("backup", taken.name)


def test_the_list_shows_this_mornings_daily_backup_beside_the_manual_one(
    qtbot: QtBot, window: MainWindow, clinic: AppContext
) -> None:
    """Back up now no longer replaces the day's daily backup, and the owner sees both."""
    folder = BackupFiles(clinic.store.url).folder
    back_up_if_due(window, clinic)
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10_000)
    window.actions[ActionId.BACKUP_NOW].trigger()
    qtbot.waitUntil(lambda: len(backup_files(folder)) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10_000)

    window.actions[ActionId.BACKUP_LIST].trigger()
    dialog = window.findChild(BackupsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = [
        [dialog.model.item(row, column).text() for column in range(4)]
        for row in range(dialog.model.rowCount())
    ]
    [(_, manual), (_, daily)] = backup_files(folder)
    assert [row[1] for row in rows] == ["Manual (Back up now)", "Daily (automatic)"]
    assert [row[3] for row in rows] == [manual.name, daily.name]
    today = format_date(date.today())
    assert all(row[0].startswith(today) for row in rows)
    assert all(row[2].endswith((" KB", " MB")) for row in rows)
    assert str(folder) in dialog.summary.text() and "2 backups" in dialog.summary.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def _newest_audit(context: AppContext) -> tuple[str, str]:
    with context.store.reading() as uow:
        [newest] = uow.audit.find(AuditFilter(), 1, 0)
    return newest.action, newest.detail


def test_the_daily_backup_runs_at_start_only_when_due(
    qtbot: QtBot, window: MainWindow, clinic: AppContext
) -> None:
    service = BackupFiles(clinic.store.url)
    back_up_if_due(window, clinic)
    qtbot.waitUntil(lambda: len(backup_files(service.folder)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10_000)
    back_up_if_due(window, clinic)  # not due again today
    assert window.statusBar().currentMessage().startswith("Backed up to")
    [(_, taken)] = backup_files(service.folder)
    assert _newest_audit(clinic) == ("backup", f"daily: {taken.name}")


def test_restore_from_the_menu_brings_the_backup_back_into_the_open_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, clinic: AppContext
) -> None:
    backup = BackupFiles(clinic.store.url).backup_now()
    ClientService(clinic).add(ClientDetails("Ann", "Later", date(1980, 1, 1)))
    window.run_search()
    assert window.model.rowCount() == 2
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(backup), ""))
    )
    asked = _answer(monkeypatch, "question", Yes)
    window.actions[ActionId.RESTORE_BACKUP].trigger()
    assert backup.name in asked[0] and "backed up first" in asked[0]
    assert window.model.rowCount() == 1
    assert "Restored from" in window.statusBar().currentMessage()
    assert window.windowTitle() == "Consult — Harbour Skin — Dr Sam Patel (Owner)"
    assert len(ClientService(clinic).search("")) == 1  # the services use the reopened store
    assert window.signed_in.user == clinic.user  # the same owner goes on


def test_a_restore_by_an_account_the_backup_does_not_hold_signs_them_out(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, clinic: AppContext
) -> None:
    from consult_app.domain.people import Role
    from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
    from consult_app.services.accounts import AccountService

    backup = BackupFiles(clinic.store.url).backup_now()
    ali = AccountService(clinic).add("ali", "Ali Khan", Role.OWNER, "ali's long password")
    window.signed_in.continues_as(ali)  # Ali, newer than the backup, works at this window
    turn = window.signed_in.turn
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(backup), ""))
    )
    _answer(monkeypatch, "question", Yes)
    asked: list[SignInDialog] = []
    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: asked.append(dialog) or 0)
    window.actions[ActionId.RESTORE_BACKUP].trigger()
    assert asked  # sign in again, under the accounts the backup holds
    assert window.signed_in.context is None and window.signed_in.turn > turn
    assert window.model is None or window.table.model() is None  # no records left on screen


def test_restore_refuses_a_file_that_is_not_a_backup(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, clinic: AppContext, tmp_path: Path
) -> None:
    offered = tmp_path / "photo.db"
    offered.write_bytes(b"\xff\xd8\xff not a database")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(offered), ""))
    )
    warned = _answer(monkeypatch, "warning", None)
    window.actions[ActionId.RESTORE_BACKUP].trigger()
    assert "not a SQLite database file" in warned[0]
    assert window.model.rowCount() == 1
