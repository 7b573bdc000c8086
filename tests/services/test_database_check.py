"""The check of the whole encrypted file after sign-in, on real files: writes are held until it
passes (the sign-in recorded then, with its own time), refused for good if it finds damage, and
a damaged file is left byte for byte as it was."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.errors import DamagedDatabaseError, StillCheckingError
from consult_app.services.backups import BackupFiles, BackupService
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.services.signin import Gate
from tests.clinic_files import (
    OWNER,
    PASSWORD,
    damage_late,
    fill_clinic,
    set_up_clinic,
    sqlite_path,
)


@pytest.fixture
def clinic(tmp_path: Path, content: Content) -> tuple[str, bytes]:
    """An encrypted clinic with a few clients; its url and key."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    context = set_up_clinic(url, content, 3, encrypted=True)
    context.store.close()
    assert context.store.key is not None
    return url, context.store.key


def _signed_in(url: str) -> AppContext:
    """Signed in as the app signs in: the quick look first, writes held for the whole check."""
    return Gate(url).sign_in(
        OWNER,
        PASSWORD,
        before_open=lambda key: BackupFiles(url, key=key).check_at_start(whole=False),
        hold_writes=True,
    )


def _actions(context: AppContext) -> list[str]:
    with context.store.reading() as uow:
        return [entry.action for entry in reversed(uow.audit.find(AuditFilter(), 100))]


class Writer(threading.Thread):
    """Adds a client from a worker thread, as the app's background work does."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(daemon=True)
        self.context = context
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            ClientService(self.context).add(ClientDetails("Ama", "Mensah", date(1988, 2, 2)))
        except BaseException as error:
            self.error = error


def test_writes_wait_for_the_whole_file_check_and_the_sign_in_is_recorded_when_it_passes(
    clinic: tuple[str, bytes],
) -> None:
    url, _key = clinic
    context = _signed_in(url)
    try:
        before = _actions(context)
        assert "sign_in" not in before[-1:]  # not written yet: the file is not checked yet
        writer = Writer(context)
        writer.start()
        writer.join(timeout=1.0)
        assert writer.is_alive()  # waiting for the check, not refused
        with pytest.raises(StillCheckingError, match="still checking the database"):
            ClientService(context).add(ClientDetails("Kofi", "Boateng", date(1979, 7, 7)))

        BackupService(context).check_database()
        writer.join(timeout=60)
        assert not writer.is_alive() and writer.error is None
        after = _actions(context)
        assert after[len(before) :] == ["sign_in", "create"]  # in the order they happened
        assert len(ClientService(context).search("Mensah")) == 1
        assert ClientService(context).search("Boateng") == []  # refused means not saved
        ClientService(context).add(ClientDetails("Kofi", "Boateng", date(1979, 7, 7)))  # now
    finally:
        context.store.close()


def test_a_view_during_the_check_is_shown_at_once_and_recorded_after_it(
    tmp_path: Path, content: Content
) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    fill_clinic(url, content, encrypted=True)  # client 1 has a signed consultation
    context = _signed_in(url)
    try:
        client, history = ClientService(context).with_history(1)  # shown, not refused
        assert client.id == 1 and history
        assert "view" not in _actions(context)
        BackupService(context).check_database()
        assert _actions(context)[-2:] == ["sign_in", "view"]
    finally:
        context.store.close()


def test_damage_only_the_whole_check_can_find_is_caught_and_nothing_is_written(
    clinic: tuple[str, bytes],
) -> None:
    url, key = clinic
    good = BackupFiles(url, key=key).backup_now()
    damaged = damage_late(url, key)
    context = _signed_in(url)  # the quick look passes: signing in never reads that page
    try:
        assert ClientService(context).search("")  # the first page shows
        writer = Writer(context)
        writer.start()
        with pytest.raises(DamagedDatabaseError, match="is damaged"):
            BackupService(context).check_database()
        writer.join(timeout=60)
        assert isinstance(writer.error, DamagedDatabaseError)  # the waiting write is refused
        with pytest.raises(DamagedDatabaseError):
            ClientService(context).add(ClientDetails("Kofi", "Boateng", date(1979, 7, 7)))
    finally:
        context.store.close()
    assert sqlite_path(url).read_bytes() == damaged  # not even the sign-in was written
    check = BackupFiles(url, key=key).set_aside("found after start")
    assert check.moved_to is not None and check.moved_to.read_bytes() == damaged
    assert check.newest_good_backup is not None and check.newest_good_backup.path == good
