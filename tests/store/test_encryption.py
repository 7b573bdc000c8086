"""Encryption at rest on real files: no name readable without the key, backups as encrypted as
the database, a wrong key told apart from damage, and a plain database converted losing nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.errors import (
    BackupFileError,
    DamagedDatabaseError,
    NotEncryptedError,
    SignInError,
    StorageError,
)
from consult_app.store.backup import backup_files, backups_dir, make_backup, verify
from consult_app.store.encrypt import (
    encrypt_backups,
    encrypt_database,
    is_encrypted,
    needs_encrypting,
    plain_backups,
)
from consult_app.store.keyfile import KeyFile, new_database_key, user_entry
from consult_app.store.restore import quick_check, restore_from
from consult_app.store.store import open_store
from tests.clinic_files import PAGE, corrupt, every_row, fill_clinic
from tests.store.encrypted_files import CHEAP, FIRST, add_client, shows_name

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def key() -> bytes:
    return new_database_key()


@pytest.fixture
def database(tmp_path: Path, key: bytes) -> Path:
    """An encrypted clinic file, with its key file, holding one client called Farthingale."""
    path = tmp_path / "clinic.db"
    add_client(f"sqlite:///{path}", key)
    KeyFile.create(path, key)
    return path


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _cannot_be_read_plain(path: Path) -> bool:
    try:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        return "not a database" in str(exc)
    return False


def test_without_the_key_the_file_is_no_database_and_shows_no_name(
    database: Path, key: bytes
) -> None:
    store = open_store(_url(database), key)
    try:
        with store.writing() as uow:  # a second client, still only in the write-ahead log
            uow.clients.add(ClientDetails("Zeb", "Farthingale", date(1990, 1, 2)), by="test")
        assert database.with_name("clinic.db-wal").stat().st_size > 0
        assert not shows_name(database)
        assert store.backend == "sqlite" and store.key == key
    finally:
        store.close()
    assert is_encrypted(database)
    assert _cannot_be_read_plain(database)
    assert not shows_name(database)
    assert not shows_name(database, FIRST)
    with open_store(_url(database), key).reading() as uow:
        assert [uow.clients.get(i).details.last_name for i in (1, 2)] == ["Farthingale"] * 2


def test_a_wrong_key_or_none_does_not_open_it_and_is_not_taken_for_damage(
    database: Path,
) -> None:
    before = database.read_bytes()
    with pytest.raises(StorageError, match="key given does not open it"):
        open_store(_url(database), new_database_key())
    with pytest.raises(StorageError, match="opens only with its key"):
        open_store(_url(database))
    with pytest.raises(StorageError, match="key given does not open it"):
        quick_check(database, new_database_key())
    with pytest.raises(StorageError, match="opens only with its key"):
        quick_check(database)
    assert database.read_bytes() == before


def test_a_password_unlocks_it_and_nothing_else_does(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "clinic.db"
    add_client(_url(path), key)
    KeyFile.create(path, key).set_entry(user_entry("sam"), "sam's password", key, cost=CHEAP)
    keys = KeyFile.load(path)
    assert keys is not None
    with pytest.raises(SignInError):
        keys.unlock(user_entry("sam"), "not sam's password")
    store = open_store(_url(path), keys.unlock(user_entry("sam"), "sam's password"))
    with store.reading() as uow:
        assert uow.clients.get(1).details.last_name == "Farthingale"
    store.close()


def test_accounts_and_passwords_change_only_the_key_file(database: Path, key: bytes) -> None:
    before = database.read_bytes()
    keys = KeyFile.load(database)
    assert keys is not None
    keys.set_entry(user_entry("ann"), "ann's first password", key, cost=CHEAP)
    keys.set_entry(user_entry("ann"), "ann's second password", key, cost=CHEAP)
    keys.set_entry(user_entry("raj"), "raj's password", key, cost=CHEAP)
    keys.remove_entry(user_entry("raj"))
    assert database.read_bytes() == before
    assert keys.unlock(user_entry("ann"), "ann's second password") == key


def test_a_plain_database_given_a_key_must_be_converted_first(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    add_client(_url(plain), None)
    assert shows_name(plain)  # what every other test here finds absent
    with pytest.raises(NotEncryptedError, match="converted"):
        open_store(_url(plain), new_database_key())
    with pytest.raises(StorageError, match="Only a SQLite database file"):
        open_store("sqlite://", new_database_key())


def test_a_backup_is_as_encrypted_as_the_database_and_restores(database: Path, key: bytes) -> None:
    backup = make_backup(database, now=NOW, key=key)
    assert backup.parent == backups_dir(database)
    assert _cannot_be_read_plain(backup) and not shows_name(backup)
    verify(backup, key)
    with pytest.raises(BackupFileError, match="another clinic's key"):
        verify(backup, new_database_key())
    with pytest.raises(BackupFileError, match="not a SQLite database file"):
        verify(backup)
    saved = every_row(backup, key)
    add_client(_url(database), key, last="Added-after-the-backup")
    assert every_row(database, key) != saved

    done = restore_from(backup, database, now=NOW + timedelta(hours=1), key=key)
    assert is_encrypted(database) and every_row(database, key) == saved
    assert done.previous_saved_to is not None and is_encrypted(done.previous_saved_to)
    open_store(_url(database), key).close()


def test_a_plain_backup_restored_into_an_encrypted_clinic_is_encrypted(
    tmp_path: Path, database: Path, key: bytes
) -> None:
    old = tmp_path / "old.db"
    add_client(_url(old), None, last="From-before-encryption")
    rows = every_row(old)
    restore_from(old, database, now=NOW, key=key)
    assert is_encrypted(database) and every_row(database, key) == rows


@pytest.fixture
def clinic(tmp_path: Path, content: Content, key: bytes) -> Path:
    """A plain clinic of several pages (clients, a signed consent, a draft) with its key file."""
    path = tmp_path / "clinic.db"
    fill_clinic(_url(path), content)
    KeyFile.create(path, key)
    return path


def test_damage_to_an_encrypted_file_is_damage_not_a_wrong_key(clinic: Path, key: bytes) -> None:
    encrypt_database(clinic, key)
    good = make_backup(clinic, now=NOW, key=key)
    copies = {}
    for name, damage in [("later-pages", corrupt), ("page-1-body", _damage_page_1)]:
        copies[name] = good.with_name(f"{name}.db")
        copies[name].write_bytes(good.read_bytes())
        damage(copies[name])
        with pytest.raises(BackupFileError, match="damaged"):
            verify(copies[name], key)
        with pytest.raises(DamagedDatabaseError):
            quick_check(copies[name], key)
    corrupt(clinic)
    with pytest.raises(DamagedDatabaseError):
        quick_check(clinic, key)


def _damage_page_1(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[PAGE // 2 : PAGE // 2 + 64] = bytes(64)  # the salt at the start is intact
    path.write_bytes(bytes(data))


def test_converting_keeps_every_row_and_leaves_no_plain_copy(clinic: Path, key: bytes) -> None:
    older = make_backup(clinic, now=NOW - timedelta(days=1))
    damaged_old = make_backup(clinic, now=NOW - timedelta(days=2))
    corrupt(damaged_old)
    rows = every_row(clinic)
    assert needs_encrypting(clinic) and shows_name(clinic, "Łukasiewicz")
    seen: list[tuple[int, int]] = []

    taken = encrypt_database(clinic, key, lambda done, total: seen.append((done, total)))

    assert is_encrypted(clinic) and _cannot_be_read_plain(clinic)
    assert every_row(clinic, key) == rows
    assert not shows_name(clinic, "Łukasiewicz")
    assert taken in [path for _, path in backup_files(backups_dir(clinic))]
    for backup in (taken, older):
        assert is_encrypted(backup) and every_row(backup, key) == rows
        verify(backup, key)
    assert plain_backups(clinic) == [damaged_old]  # fails its own check: left for a person
    assert encrypt_backups(clinic, key) == [damaged_old]
    assert [p.name for p in clinic.parent.rglob(".consult-*")] == []
    assert needs_encrypting(clinic)  # until someone deals with the damaged plain backup
    assert seen[-1][0] == seen[-1][1] and seen == sorted(seen)
    open_store(_url(clinic), key).close()  # opens as usual, write-ahead log and all


def test_conversion_refuses_without_its_key_file_or_while_the_database_is_open(
    clinic: Path, key: bytes
) -> None:
    before = clinic.read_bytes()
    with pytest.raises(StorageError, match="Write the key file"):
        encrypt_database(clinic, new_database_key())
    store = open_store(_url(clinic))
    try:
        with store.reading() as uow:
            uow.clients.get(1)
        with pytest.raises(StorageError, match="has the database open"):
            encrypt_database(clinic, key)
    finally:
        store.close()
    assert clinic.read_bytes() == before and not is_encrypted(clinic)
    assert plain_backups(clinic) == []
