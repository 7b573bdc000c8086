"""The app's start on a real encrypted file: the first page shows, then the whole file is
checked off the GUI thread; the sign-in is recorded once it passes, and damage it finds is
explained, the file moved aside untouched and the newest good backup restored on yes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.gui.app import _Opening
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.gui.main_window import MainWindow
from consult_app.gui.tasks import finish_background_work
from consult_app.services.backups import BackupFiles
from tests.clinic_files import OWNER, PASSWORD, damage_late, every_row, fill_clinic
from tests.gui.typing import type_text


@pytest.fixture
def clinic(tmp_path: Path, content: Content) -> tuple[str, bytes]:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    key = fill_clinic(url, content, encrypted=True)
    assert key is not None
    return url, key


@pytest.fixture
def checked_on(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the whole file's check ran on (the real check, only watched)."""
    threads: list[threading.Thread] = []
    check = BackupFiles.check_whole_file

    def watched(files: BackupFiles) -> None:
        threads.append(threading.current_thread())
        check(files)

    monkeypatch.setattr(BackupFiles, "check_whole_file", watched)
    return threads


@pytest.fixture
def sign_ins(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The owner signs in whenever the sign-in window asks, typing as a person would."""
    done: list[int] = []

    def run(dialog: SignInDialog) -> int:
        dialog.show()
        type_text(dialog.username, OWNER)
        type_text(dialog.password, PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
        done.append(dialog.result())
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", run)
    return done


def _start(qtbot: QtBot, url: str) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _Opening(app, window, url, unattended=False).start()
    return window


def _finish(window: MainWindow) -> None:
    finish_background_work()
    if window.context is not None:
        window.context.store.close()


def test_the_first_page_shows_then_the_check_passes_off_the_gui_thread(
    qtbot: QtBot,
    clinic: tuple[str, bytes],
    checked_on: list[threading.Thread],
    sign_ins: list[int],
) -> None:
    url, _key = clinic
    window = _start(qtbot, url)
    try:
        assert window.context is not None and window.model.rowCount() == 2  # the first page
        hold = window.context.store.hold
        assert hold is not None
        qtbot.waitUntil(lambda: not hold.is_checking, timeout=60_000)
        assert hold.failure is None
        assert checked_on and all(t is not threading.main_thread() for t in checked_on)
        # Recorded once checked (the daily backup that follows may already have added its row).
        with window.context.store.reading() as uow:
            signed_in = uow.audit.find(AuditFilter(action="sign_in"), 10)
        assert [entry.username for entry in signed_in] == [OWNER]
    finally:
        _finish(window)


def test_damage_found_after_the_first_page_is_explained_and_the_backup_restored_on_yes(
    qtbot: QtBot,
    clinic: tuple[str, bytes],
    tmp_path: Path,
    checked_on: list[threading.Thread],
    sign_ins: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, key = clinic
    good = BackupFiles(url, key=key).backup_now()
    damaged = damage_late(url, key)
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window = _start(qtbot, url)
    try:
        assert window.model.rowCount() == 2  # the list showed before the check found it
        qtbot.waitUntil(lambda: len(sign_ins) == 2, timeout=60_000)  # signed in to the backup
        [text] = asked
        assert "checks the whole database each time it starts" in text
        assert "is damaged" in text and good.name in text
        [aside] = tmp_path.glob("clinic.db.damaged-*[0-9]")
        assert aside.read_bytes() == damaged  # moved aside exactly as it was: nothing written
        assert window.context is not None and window.context.user is not None
        assert window.context.user.username == OWNER and window.model.rowCount() == 2
        hold = window.context.store.hold
        assert hold is not None
        qtbot.waitUntil(lambda: not hold.is_checking, timeout=60_000)  # the backup checks out
        assert hold.failure is None
        assert all(t is not threading.main_thread() for t in checked_on)
        assert every_row(tmp_path / "clinic.db", key)["clients"] == every_row(good, key)["clients"]
    finally:
        _finish(window)


def test_a_window_that_never_draws_its_list_is_still_checked_and_stays_open(
    qtbot: QtBot,
    clinic: tuple[str, bytes],
    sign_ins: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Minimised, say: nothing is drawn, so the first page never "shows"; after a while the
    check runs all the same, and Consult does not close (only `--quit-when-ready` gives up)."""
    from consult_app.gui import app as gui_app

    monkeypatch.setattr(gui_app, "READY_TIMEOUT_MS", 0)
    url, _key = clinic
    window = MainWindow()
    qtbot.addWidget(window)  # never shown
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    exits: list[int] = []
    monkeypatch.setattr(app, "exit", lambda code=0: exits.append(code))
    _Opening(app, window, url, unattended=False).start()
    try:
        assert window.context is not None
        hold = window.context.store.hold
        assert hold is not None
        qtbot.waitUntil(lambda: not hold.is_checking, timeout=60_000)
        assert hold.failure is None and exits == []
    finally:
        _finish(window)
