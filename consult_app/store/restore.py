"""The database checks at start, moving a damaged file aside, and restoring a backup.

A damaged database is only ever read (through a read-only connection) and renamed, never written.
A restore replaces the database file in one rename, so a crash leaves the old file or the new
one, never half of either; it must run while no connection to the database is open.
An encrypted database needs its key for all of this; the restored file is encrypted with it.
"""

from __future__ import annotations

import os
import stat
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from consult_app.domain.backups import BackupKind, Restored
from consult_app.errors import BackupFileError, DamagedDatabaseError, StorageError
from consult_app.store.backup import (
    STAMP,
    Progress,
    backup_files,
    backups_dir,
    database_file,
    make_backup,
    open_sqlite,
    sqlite_errors,
    verified_copy,
    verify,
)
from consult_app.store.cipher import (
    DATABASE_ERRORS,
    NOT_A_DATABASE,
    OPERATIONAL_ERRORS,
    WRONG_KEY,
    is_wrong_key,
    refuse_keyless,
)
from consult_app.store.files import fsync_dir, replace_durably

SIDE_FILES = ("-wal", "-shm", "-journal")
_CORRUPT = 11  # SQLITE_CORRUPT


def _is_damage(error: Exception) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # extended codes keep the primary low
    text = str(error).lower()
    return code in (_CORRUPT, NOT_A_DATABASE) or "malformed" in text or "not a database" in text


def quick_check(
    source: Engine | str | Path, key: bytes | None = None, *, whole: bool = True
) -> None:
    """Raise DamagedDatabaseError if SQLite's quick check fails; a missing file is fine (new).

    `whole=False` is the quick look at start instead: the file opens with its key, its schema
    reads and so does each table's first row (those pages' HMACs checked), in milliseconds; the
    whole file's check (every page read, decrypted and its HMAC checked, and every table's
    and index's structure) then runs in the background (store/write_hold.py).

    Busy, locked or unreadable files are not damage: they raise StorageError instead, so a
    healthy database that another workstation is using is never taken for a damaged one.
    Nor is an encrypted database that is given no key, or the wrong one.
    """
    database = database_file(source)
    if not database.is_file() or database.stat().st_size == 0:
        return
    refuse_keyless(database, key)
    try:
        with closing(open_sqlite(database, "ro", key=key)) as connection:
            if key is not None and is_wrong_key(connection, database):
                raise StorageError(WRONG_KEY)
            if whole:
                found = [row[0] for row in connection.execute("PRAGMA quick_check")]
            else:  # every table's first rows: its root page and the pages down to them
                tables = connection.execute("SELECT name FROM sqlite_schema WHERE type='table'")
                for (table,) in tables.fetchall():
                    connection.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchall()
                found = ["ok"]
    except DATABASE_ERRORS as exc:
        if not _is_damage(exc):
            with sqlite_errors("Checking the database"):
                raise
        found = [str(exc)]
    if found != ["ok"]:
        raise DamagedDatabaseError(
            f"The database file {database} is damaged (SQLite's check found: {found[0]}). "
            "Consult has not written to it."
        )


def side_files(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in SIDE_FILES]


def remove_side_files(database: Path) -> None:
    """Delete `database`'s -wal/-shm/-journal before another file takes its place: stale ones
    would be replayed into the new file."""
    for side in side_files(database):
        side.unlink(missing_ok=True)


def move_aside(database: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm/-journal) to <name>.damaged-<time>."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = database.with_name(f"{database.name}.damaged-{stamp}-{number}")
    try:
        # The side files go first: a journal left beside the path would be replayed into
        # whatever database is created there next.
        for side, moved in zip(side_files(database), side_files(aside), strict=True):
            if side.exists():
                os.replace(side, moved)
        os.replace(database, aside)
        fsync_dir(database.parent)
    except OSError as exc:
        raise StorageError(
            f"The damaged database {database} could not be moved aside ({exc.strerror}). "
            "Check that this account may write to its folder; nothing else was changed."
        ) from exc
    return aside


def newest_good_backup(folder: Path, key: bytes | None = None) -> Path | None:
    """The newest backup in `folder` that passes verify(), if any."""
    for _stamp, path in backup_files(folder):
        try:
            verify(path, key)
        except BackupFileError:
            continue
        return path
    return None


def settle(database: Path, key: bytes | None = None) -> None:
    """Fold the write-ahead log into the file and leave WAL mode, so no -wal/-shm remains.

    Leaving WAL mode needs the only connection, so this also refuses while another
    workstation or window has the database open.
    """
    try:
        with closing(open_sqlite(database, "rw", timeout=2.0, key=key)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode = DELETE")
    except OPERATIONAL_ERRORS as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(
                "Another Consult window or workstation has the database open. Close Consult "
                "everywhere else, then try again; nothing was changed."
            ) from exc
        raise


def restore_from(
    backup: Path,
    database: Path,
    progress: Progress | None = None,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
    key: bytes | None = None,
) -> Restored:
    """Replace `database` with `backup` after checking it; the current file is backed up first
    (or, if damaged, moved aside). Only call with every connection to `database` closed.

    With the database key, the restored file is encrypted with it, even from a plain backup.
    """
    backup, database = Path(backup).absolute(), Path(database).absolute()
    verify(backup, key)
    if not database.parent.is_dir():
        raise StorageError(f"The folder {database.parent} does not exist.")
    part = verified_copy(
        backup, database.parent, progress, mode="ro", key=key, action="The restore"
    )
    saved = moved = None
    try:
        if database.is_file():  # keep who may read the file (a shared folder's permissions)
            os.chmod(part, stat.S_IMODE(database.stat().st_mode))
        if database.is_file() and database.stat().st_size > 0:
            try:
                quick_check(database, key)
            except DamagedDatabaseError:
                moved = move_aside(database, now)
            else:
                with sqlite_errors("Backing up the current database"):
                    settle(database, key)
                saved = make_backup(
                    database,
                    folder or backups_dir(database),
                    None,
                    now,
                    {backup},
                    key=key,
                    kind=BackupKind.RESTORE,
                )
        remove_side_files(database)
        replace_durably(part, database)
    finally:
        part.unlink(missing_ok=True)
    return Restored(database, backup, saved, moved)
