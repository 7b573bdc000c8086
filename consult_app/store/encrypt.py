"""Converting a plain SQLite database, and its backups, to encrypted files, once, losing nothing.

The order, for a clinic that turns encryption on:
1. Write the key file first (KeyFile.create, then set_entry per account). encrypt_database
   refuses without it: a database encrypted with a key kept nowhere would be lost.
2. encrypt_database: a plain backup, an encrypted copy checked against the original, then the
   copy takes the database's place in one rename; then encrypt_backups.
3. encrypt_backups: every plain backup in the backups folder is replaced by an encrypted copy,
   checked the same way. If anything stopped it, plain_backups() says what is left: run it again.
"""

from __future__ import annotations

import os
import stat
from contextlib import closing
from pathlib import Path

from consult_app.domain.backups import BackupKind
from consult_app.errors import BackupFileError, StorageError
from consult_app.store.backup import (
    Progress,
    backup_files,
    backups_dir,
    make_backup,
    open_sqlite,
    sqlite_errors,
    verified_copy,
    verify,
)
from consult_app.store.cipher import has_sqlite_header, is_encrypted
from consult_app.store.files import replace_durably
from consult_app.store.keyfile import KeyFile
from consult_app.store.restore import remove_side_files, settle

__all__ = [
    "encrypt_backups",
    "encrypt_database",
    "is_encrypted",
    "needs_encrypting",
    "plain_backups",
]

_SCALE = 1000  # progress units per step, so steps of different sizes add up to one bar


def plain_backups(database: Path) -> list[Path]:
    """The backups of `database` that are still plain SQLite files, newest first."""
    return [path for _, path in backup_files(backups_dir(database)) if has_sqlite_header(path)]


def needs_encrypting(database: Path) -> bool:
    """Whether `database` or any of its backups is still a plain SQLite file."""
    database = Path(database).absolute()
    is_plain_database = database.is_file() and has_sqlite_header(database)
    return is_plain_database or bool(plain_backups(database))


def _step(progress: Progress | None, index: int, count: int) -> Progress | None:
    """Progress of step `index` (from 0) of `count`, reported as part of the whole."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(index * _SCALE + done * _SCALE // max(total, 1), count * _SCALE)

    return report


def _table_counts(path: Path, key: bytes | None) -> dict[str, int]:
    with sqlite_errors("Counting the records"), closing(open_sqlite(path, "ro", key=key)) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type='table'")]
        return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _encrypted_copy(plain: Path, key: bytes, progress: Progress | None) -> Path:
    """An encrypted copy of `plain` beside it, verified and holding as many rows in every
    table as the original; the caller puts it in place (or deletes it)."""
    part = verified_copy(plain, plain.parent, progress, mode="ro", key=key, action="Encrypting")
    try:
        if _table_counts(part, key) != _table_counts(plain, None):
            raise StorageError(
                f"The encrypted copy of {plain} does not hold the same records as the original, "
                "so it was not kept; nothing was changed."
            )
        os.chmod(part, stat.S_IMODE(plain.stat().st_mode))  # who may read it stays the same
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def _replace(plain: Path, key: bytes, progress: Progress | None) -> None:
    part = _encrypted_copy(plain, key, progress)
    try:
        remove_side_files(plain)
        replace_durably(part, plain)
    finally:
        part.unlink(missing_ok=True)


def encrypt_database(database: Path, key: bytes, progress: Progress | None = None) -> Path:
    """Encrypt the plain SQLite file `database` with `key`, then its backups; returns the backup
    taken first (itself encrypted by the end).

    Refuses while another window or workstation has the database open, and unless the key
    file beside it holds `key`. If anything fails, the database is left as it was.
    """
    database = Path(database).absolute()
    if not database.is_file() or not has_sqlite_header(database):
        raise StorageError(f"{database} is not a plain SQLite database, so there is nothing to do.")
    keys = KeyFile.load(database)
    if keys is None or not keys.holds(key):
        raise StorageError(
            f"Write the key file for {database} with this key before encrypting it: "
            "a database encrypted with a key kept nowhere could never be opened again."
        )
    with sqlite_errors("Preparing the database"):
        settle(database)
    # The backup, the database, then each plain backup (the new one among them).
    steps = 3 + len(plain_backups(database))
    backup = make_backup(database, progress=_step(progress, 0, steps), kind=BackupKind.ENCRYPT)
    _replace(database, key, _step(progress, 1, steps))
    _encrypt_each(plain_backups(database), key, progress, first=2, count=steps)
    if progress:
        progress(steps * _SCALE, steps * _SCALE)
    return backup


def encrypt_backups(database: Path, key: bytes, progress: Progress | None = None) -> list[Path]:
    """Replace each plain backup of `database` with an encrypted copy; returns those left plain
    because they fail their own check (damaged ones: they could not be restored anyway)."""
    pending = plain_backups(Path(database).absolute())
    return _encrypt_each(pending, key, progress, first=0, count=len(pending))


def _encrypt_each(
    backups: list[Path], key: bytes, progress: Progress | None, *, first: int, count: int
) -> list[Path]:
    left = []
    for index, backup in enumerate(backups, start=first):
        try:
            verify(backup)
        except BackupFileError:
            left.append(backup)
            continue
        _replace(backup, key, _step(progress, index, count))
    return left
