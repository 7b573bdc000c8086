"""Backups of a SQLite database: online copies, each checked before it is kept, and rotation.

Where backups go: the default database (consult.db in the user data folder) keeps them in
"backups" beside it; any other SQLite file keeps them in "<file stem>-backups" next to that file,
so two clinics' files in one folder never share (or prune) each other's backups. Each backup is
one self-contained file named consult-YYYYMMDD-HHMMSS.db, the time in UTC (no clock change can
make two names collide or sort out of order). PostgreSQL is backed up by its server (pg_dump).
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from consult_app.errors import BackupFileError, ConsultError, StorageError
from consult_app.paths import migrations_dir, user_data_dir
from consult_app.store.engine import parse_url
from consult_app.store.errors import known_message
from consult_app.store.rotation import backups_to_keep

Progress = Callable[[int, int], None]

STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^consult-(\d{8}-\d{6})\.db$")
_SQLITE_HEADER = b"SQLite format 3\x00"
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


def backup_name(moment: datetime) -> str:
    return f"consult-{moment.astimezone(UTC).strftime(STAMP)}.db"


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


def open_sqlite(path: Path, mode: str, timeout: float = 10.0) -> sqlite3.Connection:
    """A plain sqlite3 connection; mode "ro" never writes, "rw" never creates a missing file."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


@contextmanager
def sqlite_errors(action: str) -> Iterator[None]:
    """Known sqlite3 failures (disk full, read-only, locked) become StorageError."""
    try:
        yield
    except sqlite3.Error as exc:
        reason = known_message(str(exc)) or f"SQLite reported: {exc}"
        raise StorageError(f"{action} failed. {reason}") from exc


def copy_database(source: Path, target: Path, progress: Progress | None, *, mode: str) -> None:
    """Copy `source` into the new file `target` with SQLite's online backup API.

    The copy reads one snapshot (a read transaction held for the whole copy), so it never
    restarts however busy other workstations are, and in WAL mode they keep saving meanwhile.
    The copy is left in rollback-journal mode: one self-contained file.
    """
    with closing(open_sqlite(source, mode)) as reader:
        reader.execute("BEGIN")
        total = reader.execute("PRAGMA page_count").fetchone()[0]
        if progress:
            progress(0, total)
        with closing(sqlite3.connect(target, isolation_level=None)) as writer:

            def report(_status: int, remaining: int, pages: int) -> None:
                if progress:
                    progress(pages - remaining, pages)

            reader.backup(writer, pages=max(16, total // STEPS), progress=report)
            writer.execute("PRAGMA journal_mode = DELETE")
        reader.execute("ROLLBACK")


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def temporary_file(folder: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".consult-", suffix=suffix)
    os.close(handle)
    return Path(name)


def backup_to(source: Engine | str | Path, target: Path, progress: Progress | None = None) -> Path:
    """Copy the live database into the new file `target`, verified before it is kept.

    Other connections keep working meanwhile. A failed or unverifiable copy leaves no file.
    """
    database = database_file(source)
    if not database.is_file():
        raise StorageError(f"There is no database at {database} to back up.")
    target = Path(target).absolute()
    if target.exists():
        raise StorageError(f"{target} already exists; a backup never overwrites a file.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        part = temporary_file(target.parent, ".db.part")
    except OSError as exc:
        problem = f"The backup folder {target.parent} cannot be written: {exc.strerror}."
        raise StorageError(problem) from None
    try:
        with sqlite_errors("The backup"):
            copy_database(database, part, progress, mode="rw")
        try:
            verify(part)
        except BackupFileError as exc:
            raise StorageError(f"The backup failed its check and was not kept: {exc}") from exc
        fsync_file(part)
        os.replace(part, target)
        fsync_dir(target.parent)
    finally:
        part.unlink(missing_ok=True)
    return target


def make_backup(
    database: Path,
    folder: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    keep: Collection[Path] = (),
) -> Path:
    """A named backup of `database` in its backups folder, then rotation of the folder.

    `keep` names files rotation must leave alone (say, a backup about to be restored).
    """
    folder = folder or backups_dir(database)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = folder / backup_name(moment)
    while target.exists():  # two backups within one second: take the next free second
        moment += timedelta(seconds=1)
        target = folder / backup_name(moment)
    backup_to(database, target, progress)
    prune(folder, keep={target, *keep})
    return target


def prune(folder: Path, keep: Collection[Path] = ()) -> list[Path]:
    """Delete the backups in `folder` that the rotation no longer needs; returns them."""
    files = backup_files(folder)
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


def verify(path: Path) -> None:
    """Raise BackupFileError unless `path` is a whole Consult database this app can open."""
    path = Path(path).expanduser()
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except IsADirectoryError:
        raise BackupFileError(f"{path} is a folder, not a backup file.") from None
    except OSError as exc:
        raise BackupFileError(f"{path} cannot be read: {exc.strerror}.") from None
    if header != _SQLITE_HEADER:
        raise BackupFileError(f"{path} is not a Consult backup: it is not a SQLite database file.")
    try:
        with closing(open_sqlite(path, "ro")) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
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
    except sqlite3.DatabaseError as exc:
        raise BackupFileError(f"{path} is damaged and cannot be read ({exc}).") from None
    if revision is None:
        raise BackupFileError(f"{path} is a SQLite database but not a Consult database.")
    if revision not in known_revisions():
        raise BackupFileError(
            f"{path} was made by a newer version of Consult (schema {revision}). "
            "Update Consult on this workstation, then restore it."
        )
