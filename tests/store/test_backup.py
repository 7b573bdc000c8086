"""Backups of real SQLite files: verified copies, while others write, and honest refusals."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.errors import BackupFileError, ConsultError, StorageError
from consult_app.store.backup import (
    BackupKind,
    backup_files,
    backup_kind,
    backup_to,
    backups_dir,
    database_file,
    make_backup,
    verify,
)
from consult_app.store.migrate import current_revision, head_revision
from consult_app.store.store import open_store
from tests.clinic_files import every_row, fill_clinic, sqlite_path

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def clinic_file(tmp_path: Path, content: Content) -> Path:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    fill_clinic(url, content)
    return sqlite_path(url)


def test_a_backup_holds_exactly_the_same_records_and_passes_its_check(
    clinic_file: Path, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    target = backup_to(
        clinic_file, tmp_path / "copy.db", lambda done, total: seen.append((done, total))
    )
    verify(target)
    assert every_row(target) == every_row(clinic_file)
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0
    assert not Path(f"{target}-wal").exists()  # one self-contained file
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".consult-")] == []


def test_a_backup_taken_while_another_connection_writes_is_whole(
    clinic_file: Path, tmp_path: Path
) -> None:
    stop = threading.Event()
    written = [0]

    def write() -> None:
        with closing(sqlite3.connect(clinic_file, timeout=10, isolation_level=None)) as db:
            while not stop.is_set():
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    "INSERT INTO settings (key, value, version, updated_at) "
                    "VALUES (?, '\"x\"', 1, '2026-11-25 09:00:00')",
                    (f"filler-{written[0]}",),
                )
                db.execute("COMMIT")
                written[0] += 1

    with closing(sqlite3.connect(clinic_file)) as db:  # a bigger file, so the copy takes steps
        db.execute("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
        db.executemany("INSERT INTO ballast VALUES (randomblob(3000))", [()] * 400)
        db.commit()
    writer = threading.Thread(target=write)
    writer.start()
    during: list[int] = []

    def slow_disk(_done: int, _total: int) -> None:
        during.append(written[0])
        stop.wait(0.005)  # each step takes a while, as on a slow disk
        if len(during) == 2:  # hold the copy until the other connection saved once more
            deadline = time.monotonic() + 30  # a busy machine may not run it for a while
            while written[0] == during[0] and time.monotonic() < deadline:
                stop.wait(0.005)

    try:
        while written[0] < 20:
            stop.wait(0.01)
        target = backup_to(clinic_file, tmp_path / "busy.db", slow_disk)
    finally:
        stop.set()
        writer.join()
    verify(target)
    assert len(during) > 10
    assert during[-1] > during[0]  # the other connection kept saving while the copy ran
    with closing(sqlite3.connect(target)) as copy:
        copied = copy.execute("SELECT count(*) FROM settings WHERE key LIKE 'filler-%'").fetchone()
    assert 20 <= copied[0] <= during[-1]  # one moment's snapshot, taken as the copy began


def test_named_backups_go_to_the_backups_folder_and_are_rotated(clinic_file: Path) -> None:
    folder = backups_dir(clinic_file)
    assert folder == clinic_file.with_name("clinic-backups")
    for day in range(40):
        make_backup(clinic_file, now=NOW - timedelta(days=39 - day), kind=BackupKind.DAILY)
    names = [p.name for _, p in backup_files(folder)]
    assert names[0] == "consult-20261125-093000-daily.db"
    assert len(names) <= 23 and len(names) >= 7 + 3
    twice = make_backup(clinic_file, now=NOW, kind=BackupKind.DAILY)  # the next free second
    assert twice.name == "consult-20261125-093001-daily.db"
    manual = make_backup(clinic_file, now=NOW)  # asked for: kept apart from the rotation
    assert manual.name == "consult-20261125-093000-manual.db"
    (folder / "notes.txt").write_text("kept")
    make_backup(clinic_file, now=NOW + timedelta(days=400), kind=BackupKind.DAILY)
    assert (folder / "notes.txt").exists()  # rotation only ever deletes backups
    assert manual.exists()


def test_a_backup_never_overwrites_and_needs_a_database(clinic_file: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"precious")
    with pytest.raises(StorageError, match="never overwrites"):
        backup_to(clinic_file, taken)
    assert taken.read_bytes() == b"precious"
    with pytest.raises(StorageError, match="no database"):
        backup_to(tmp_path / "missing.db", tmp_path / "x.db")
    assert not (tmp_path / "missing.db").exists()


def test_postgresql_backups_are_the_servers_job() -> None:
    with pytest.raises(ConsultError, match="pg_dump"):
        database_file("postgresql+psycopg://consult@db.example/consult")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"not a database at all"), "not a SQLite database file"),
        (lambda p: p.write_bytes(b""), "not a SQLite database file"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
         "not a Consult database"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: None, "cannot be read"),
    ],
    ids=["text", "empty", "other-sqlite", "folder", "missing"],
)  # fmt: skip
def test_verify_says_what_is_wrong(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "offered.db"
    make(path)  # type: ignore[operator]
    with pytest.raises(BackupFileError, match=message):
        verify(path)


def test_verify_refuses_a_damaged_copy_and_a_newer_schema(
    clinic_file: Path, tmp_path: Path
) -> None:
    from tests.clinic_files import corrupt

    damaged = backup_to(clinic_file, tmp_path / "damaged.db")
    corrupt(damaged)
    with pytest.raises(BackupFileError, match="damaged"):
        verify(damaged)
    newer = backup_to(clinic_file, tmp_path / "newer.db")
    with closing(sqlite3.connect(newer)) as db:
        db.execute("UPDATE alembic_version SET version_num = '20991231_0099'")
        db.commit()
    with pytest.raises(BackupFileError, match="newer version of Consult"):
        verify(newer)


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path, content: Content) -> None:
    from alembic import command

    from consult_app.store.migrate import _config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    fill_clinic(url, content)
    store = open_store(url)
    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    older = current_revision(store.engine)
    store.close()
    assert older != head_revision()
    assert backup_files(tmp_path / "old-backups") == []

    open_store(url).close()
    [(_, backup)] = backup_files(tmp_path / "old-backups")
    assert backup_kind(backup) == "upgrade"
    with closing(sqlite3.connect(backup)) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
    open_store(url).close()  # at head now: no second backup
    assert len(backup_files(tmp_path / "old-backups")) == 1


def test_a_new_database_is_created_without_a_backup(tmp_path: Path) -> None:
    open_store(f"sqlite:///{tmp_path / 'new.db'}").close()
    assert not (tmp_path / "new-backups").exists()


def test_the_default_database_keeps_its_backups_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from consult_app.paths import user_data_dir

    default = user_data_dir() / "consult.db"
    assert default.is_relative_to(tmp_path)
    assert backups_dir(default) == user_data_dir() / "backups"
    assert backups_dir(tmp_path / "elsewhere" / "consult.db") == tmp_path / "elsewhere" / (
        "consult-backups"
    )
