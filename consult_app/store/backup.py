"""Backups of a SQLite database: online copies, each checked before it is kept, and rotation.

Where backups go: the default database (consult.db in the user data folder) keeps them in
"backups" beside it; any other SQLite file keeps them in "<file stem>-backups" next to that file,
so two clinics' files in one folder never share (or prune) each other's backups. Each backup is
one self-contained file named consult-YYYYMMDD-HHMMSS-KIND.db, the time in UTC (no clock change
can make two names collide or sort out of order) and KIND why it was taken (BackupKind). Only
daily backups (and those from before kinds were named) are thinned out by the rotation: a backup
someone asked for, or one taken before an upgrade or a restore, is a restore point Consult never
deletes. PostgreSQL is backed up by its server (pg_dump).

A backup is as encrypted as the database: given the database key, the copy is written with it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from consult_app.domain.backups import BackupKind
from consult_app.errors import BackupFileError, ConsultError, StorageError
from consult_app.paths import migrations_dir, user_data_dir
from consult_app.store.cipher import (
    DATABASE_ERRORS,
    DRIVER_ERRORS,
    connect,
    export_encrypted,
    has_sqlite_header,
    is_plain,
    is_wrong_key,
    refuse_keyless,
)
from consult_app.store.engine import parse_url
from consult_app.store.errors import known_message
from consult_app.store.files import replace_durably, temporary_file
from consult_app.store.rotation import backups_to_keep

Progress = Callable[[int, int], None]

STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^consult-(\d{8}-\d{6})(?:-([a-z]+))?\.db$")


# Kinds the rotation thins out; any other (a newer version's too) is kept until someone deletes
# it, so asking for a backup can never cost the clinic this morning's daily one.
ROTATED = frozenset({BackupKind.DAILY, BackupKind.UNRECORDED})
STEPS = 50  # progress reports per copy; each step holds no lock that stops other workstations
POSTGRES_ADVICE = (
    "Backups of a PostgreSQL database are the database server's job: schedule pg_dump "
    "(for example `pg_dump -Fc consult > consult.dump`, restored with pg_restore) or your "
    "hosting's backups. Consult backs up and restores only its own SQLite files."
)


def database_file(source: Engine | str | Path) -> Path:
    """The SQLite file behind an engine, a URL or a path; PostgreSQL gets the pg_dump advice."""
    if isinstance(source, Path):
        return source.expanduser().absolute()
    url = source.url if isinstance(source, Engine) else parse_url(source)
    if url.get_backend_name() != "sqlite":
        raise ConsultError(POSTGRES_ADVICE)
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise ConsultError("This database lives only in memory, so it has no file to back up.")
    return Path(url.database).expanduser().absolute()


def backups_dir(database: Path) -> Path:
    """The folder that holds `database`'s backups (see the module docstring)."""
    if database.name == "consult.db" and database.parent == user_data_dir().absolute():
        return database.parent / "backups"
    return database.with_name(f"{database.stem}-backups")


def backup_name(moment: datetime, kind: BackupKind = BackupKind.MANUAL) -> str:
    suffix = f"-{kind.value}" if kind.value else ""
    return f"consult-{moment.astimezone(UTC).strftime(STAMP)}{suffix}.db"


def backup_kind(path: Path) -> str | None:
    """Why the backup `path` was taken (a BackupKind value, or a newer version's word for
    one); None for a file that is not a backup."""
    match = _NAME.match(path.name)
    return None if match is None else match.group(2) or BackupKind.UNRECORDED.value


def taken_at(path: Path) -> datetime | None:
    """When a backup was taken, read from its name; None for any other file."""
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def backup_files(folder: Path) -> list[tuple[datetime, Path]]:
    """Every backup in `folder`, newest first; other files are never listed (nor pruned)."""
    if not folder.is_dir():
        return []
    found = [(taken_at(p), p) for p in folder.iterdir() if p.is_file()]
    return sorted(((stamp, p) for stamp, p in found if stamp is not None), reverse=True)


def open_sqlite(
    path: Path, mode: str, timeout: float = 10.0, key: bytes | None = None
) -> sqlite3.Connection:
    """A connection to `path`; mode "ro" never writes, "rw" never creates a missing file.

    Given a key, any file that is not plain SQLite (an encrypted one, or a new one) is opened
    with SQLCipher and that key; a plain file is always opened plain.
    """
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    if key is None or is_plain(path):
        return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    return connect(uri, key, uri=True, timeout=timeout)


@contextmanager
def sqlite_errors(action: str) -> Iterator[None]:
    """Known SQLite failures (disk full, read-only, locked) become StorageError."""
    try:
        yield
    except DRIVER_ERRORS as exc:
        reason = known_message(str(exc)) or f"SQLite reported: {exc}"
        raise StorageError(f"{action} failed. {reason}") from exc


def copy_database(
    source: Path, target: Path, progress: Progress | None, *, mode: str, key: bytes | None = None
) -> None:
    """Copy `source` into the new file `target`, encrypted with `key` when one is given.

    The copy reads one snapshot (a read transaction held for the whole copy), so it never
    restarts however busy other workstations are, and in WAL mode they keep saving meanwhile.
    The copy is left in rollback-journal mode: one self-contained file. A plain `source` with
    a key is written out encrypted in one statement, so its progress shows only start and end.
    """
    if key is not None and has_sqlite_header(source):
        if progress:
            progress(0, 1)
        export_encrypted(source, target, key, mode=mode)
        if progress:
            progress(1, 1)
        return
    with closing(open_sqlite(source, mode, key=key)) as reader:
        reader.execute("BEGIN")
        total = reader.execute("PRAGMA page_count").fetchone()[0]
        if progress:
            progress(0, total)
        # SQLite's backup API copies pages as they are, so both ends need the same key.
        with closing(open_sqlite(target, "rwc", key=key)) as writer:

            def report(_status: int, remaining: int, pages: int) -> None:
                if progress:
                    progress(pages - remaining, pages)

            reader.backup(writer, pages=max(16, total // STEPS), progress=report)
            writer.execute("PRAGMA journal_mode = DELETE")
        reader.execute("ROLLBACK")


def verified_copy(
    source: Path,
    folder: Path,
    progress: Progress | None,
    *,
    mode: str,
    key: bytes | None,
    action: str,
) -> Path:
    """Copy `source` into a new hidden file in `folder` and verify the copy; `action` ("The
    backup") starts the messages of its failures.

    Returns that file for the caller to put in place (or delete); a copy that fails, or fails
    its check, leaves nothing behind.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = temporary_file(folder, ".db.part")
    except OSError as exc:
        raise StorageError(f"The folder {folder} cannot be written: {exc.strerror}.") from None
    try:
        with sqlite_errors(action):
            copy_database(source, part, progress, mode=mode, key=key)
        verify(part, key)
    except BackupFileError as exc:
        part.unlink(missing_ok=True)
        raise StorageError(f"{action} failed its check and was not kept: {exc}") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def backup_to(
    source: Engine | str | Path,
    target: Path,
    progress: Progress | None = None,
    *,
    key: bytes | None = None,
) -> Path:
    """Copy the live database into the new file `target`, verified before it is kept.

    Other connections keep working meanwhile. A failed or unverifiable copy leaves no file.
    With the database key, the backup is encrypted with it.
    """
    database = database_file(source)
    if not database.is_file():
        raise StorageError(f"There is no database at {database} to back up.")
    refuse_keyless(database, key)
    target = Path(target).absolute()
    if target.exists():
        raise StorageError(f"{target} already exists; a backup never overwrites a file.")
    part = verified_copy(database, target.parent, progress, mode="rw", key=key, action="The backup")
    try:
        replace_durably(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def make_backup(
    database: Path,
    folder: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    keep: Collection[Path] = (),
    *,
    key: bytes | None = None,
    kind: BackupKind = BackupKind.MANUAL,
) -> Path:
    """A named backup of `database` in its backups folder, then rotation of the folder.

    `keep` names files rotation must leave alone (say, a backup about to be restored). `kind`
    says why it is taken; only a daily one takes part in the rotation.
    """
    folder = folder or backups_dir(database)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = folder / backup_name(moment, kind)
    while target.exists():  # two backups within one second: take the next free second
        moment += timedelta(seconds=1)
        target = folder / backup_name(moment, kind)
    backup_to(database, target, progress, key=key)
    prune(folder, keep={target, *keep})
    return target


def prune(folder: Path, keep: Collection[Path] = ()) -> list[Path]:
    """Delete the daily backups in `folder` that the rotation no longer needs; returns them.

    Backups of every other kind are neither deleted nor counted: a manual backup taken this
    afternoon is not "today's backup" in place of this morning's daily one.
    """
    files = [(stamp, path) for stamp, path in backup_files(folder) if backup_kind(path) in ROTATED]
    kept = backups_to_keep(stamp for stamp, _ in files)
    protected = {p.absolute() for p in keep}
    removed = []
    for stamp, path in files:
        if stamp in kept or path.absolute() in protected:
            continue
        try:
            path.unlink()
        except OSError:  # in use or read-only: it is tried again after the next backup
            continue
        removed.append(path)
    return removed


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the app knows (its migrations)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations_dir()))
    return frozenset(s.revision for s in script.walk_revisions())


def _integrity_problems(connection: sqlite3.Connection, *, encrypted: bool) -> list[str]:
    """SQLite's integrity check (["ok"] when whole), then on an encrypted file every page whose
    HMAC fails: free pages included, which SQLite's own check never reads."""
    found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if found == ["ok"] and encrypted:
        found = [row[0] for row in connection.execute("PRAGMA cipher_integrity_check")] or found
    return found


def verify(path: Path, key: bytes | None = None) -> None:
    """Raise BackupFileError unless `path` is a whole Consult database this app can open.

    With the database key, an encrypted file is checked too (every page's HMAC as well as
    SQLite's integrity check); a plain file is checked plain either way.
    """
    path = Path(path).expanduser()
    try:
        plain = has_sqlite_header(path)
    except IsADirectoryError:
        raise BackupFileError(f"{path} is a folder, not a backup file.") from None
    except OSError as exc:
        raise BackupFileError(f"{path} cannot be read: {exc.strerror}.") from None
    if not plain and (key is None or path.stat().st_size == 0):
        raise BackupFileError(f"{path} is not a Consult backup: it is not a SQLite database file.")
    try:
        with closing(open_sqlite(path, "ro", key=key)) as connection:
            if not plain and is_wrong_key(connection, path):
                raise BackupFileError(
                    f"{path} is not a Consult backup, or it is encrypted with another clinic's key."
                )
            problems = _integrity_problems(connection, encrypted=not plain)
            if problems != ["ok"]:
                raise BackupFileError(
                    f"{path} is damaged: it failed SQLite's integrity check ({problems[0]}). "
                    "Choose an older backup."
                )
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_schema WHERE type='table'")
            }
            revision = None
            if {"alembic_version", "consultations"} <= tables:
                found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = found[0] if found else None
    except DATABASE_ERRORS as exc:
        raise BackupFileError(f"{path} is damaged and cannot be read ({exc}).") from None
    if revision is None:
        raise BackupFileError(f"{path} is a SQLite database but not a Consult database.")
    if revision not in known_revisions():
        raise BackupFileError(
            f"{path} was made by a newer version of Consult (schema {revision}). "
            "Update Consult on this workstation, then restore it."
        )
