"""Backups and restores for the CLI and the GUI, and the database's checks at start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from consult_app.domain.backups import BackupKind, Restored
from consult_app.domain.permissions import Permission
from consult_app.errors import ConsultError, DamagedDatabaseError, StorageError
from consult_app.services.access import require
from consult_app.services.context import AppContext
from consult_app.store.backup import (
    ROTATED,
    Progress,
    backup_files,
    backup_kind,
    backups_dir,
    database_file,
    make_backup,
    taken_at,
    verify,
)
from consult_app.store.cipher import needs_key
from consult_app.store.engine import parse_url
from consult_app.store.restore import (
    move_aside,
    newest_good_backup,
    quick_check,
    restore_from,
)
from consult_app.store.store import open_store

AUTOMATIC_EVERY = timedelta(days=1)
UNCHECKED = (
    "Consult could not finish checking the database, so it saves nothing to it. Close "
    "Consult and start it again; if this happens again, ask your IT support."
)

__all__ = [
    "AUTOMATIC_EVERY",
    "BackupFiles",
    "BackupInfo",
    "BackupKind",
    "BackupService",
    "Restored",
    "StartCheck",
    "backup_info",
]


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # UTC
    size_bytes: int
    kind: str = BackupKind.UNRECORDED.value  # a BackupKind value, or a newer version's word


@dataclass(frozen=True, slots=True)
class StartCheck:
    """What the check at start found. A damaged file has already been moved aside."""

    is_damaged: bool = False
    problem: str = ""
    moved_to: Path | None = None
    newest_good_backup: BackupInfo | None = None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def backup_info(path: Path) -> BackupInfo:
    """A backup file's size, kind and when it was taken (from its name; else its modified
    time)."""
    status = path.stat()
    stamp = taken_at(path) or datetime.fromtimestamp(status.st_mtime, UTC)
    return BackupInfo(path, stamp, status.st_size, backup_kind(path) or "")


class BackupFiles:
    """The backup files of the SQLite database at `database_url`; PostgreSQL is left to its
    server. Nobody is asked: this is for before sign-in (the check at start, and restoring
    over a damaged file nobody can sign in to). Once signed in, use BackupService.

    `key` is an encrypted database's key: its backups are encrypted with it, and backups
    (encrypted or plain) are checked and restored with it.
    """

    def __init__(
        self,
        database_url: str,
        now: Callable[[], datetime] = _utc_now,
        *,
        key: bytes | None = None,
    ) -> None:
        self.database_url = database_url
        self.now = now
        self.key = key

    @property
    def is_supported(self) -> bool:
        """Whether Consult backs this database up itself (a SQLite file, not a server)."""
        return parse_url(self.database_url).get_backend_name() == "sqlite"

    @property
    def database(self) -> Path:
        """The database file; raises ConsultError with the pg_dump advice for PostgreSQL."""
        return database_file(self.database_url)

    @property
    def folder(self) -> Path:
        return backups_dir(self.database)

    def list_backups(self) -> list[BackupInfo]:
        """Every backup in the backups folder, newest first (not yet verified)."""
        found = []
        for stamp, path in backup_files(self.folder):
            try:
                found.append(BackupInfo(path, stamp, path.stat().st_size, backup_kind(path) or ""))
            except OSError:  # pruned by another workstation meanwhile
                continue
        return found

    def backup_now(
        self, progress: Progress | None = None, kind: BackupKind = BackupKind.MANUAL
    ) -> Path:
        """Take a verified backup into the backups folder, then rotate the daily backups
        (a manual one is kept until someone deletes it)."""
        return make_backup(
            self.database, self.folder, progress, self.now(), key=self.key, kind=kind
        )

    def is_backup_due(self) -> bool:
        """A SQLite database with data whose newest daily backup is older than a day (or
        missing). Other kinds do not count: the rotation keeps a copy a day only of dailies."""
        if not self.is_supported or not self.database.is_file():
            return False
        daily = [s for s, p in backup_files(self.folder) if backup_kind(p) in ROTATED]
        return not daily or self.now() - daily[0] >= AUTOMATIC_EVERY

    def automatic_backup_if_due(self) -> Path | None:
        """The backup at start: taken when is_backup_due(); returns its path, else None."""
        return self.backup_now(kind=BackupKind.DAILY) if self.is_backup_due() else None

    def verify(self, path: Path) -> None:
        """Raise BackupFileError (with what is wrong) unless `path` can be restored."""
        verify(path, self.key)

    def restore(self, backup: Path, progress: Progress | None = None) -> Restored:
        """Replace the database with `backup`, after verifying it and backing up the current
        database (a damaged one is moved aside instead). Close every store on it first."""
        return restore_from(
            backup, self.database, progress, folder=self.folder, now=self.now(), key=self.key
        )

    def check_at_start(self, *, whole: bool = True) -> StartCheck:
        """The check before anything opens the database for writing: of the whole file, or
        (`whole=False`, signing in) the quick look whose whole-file check follows in the
        background, with writes held until it passes (BackupService.check_database).

        A damaged file is moved aside, never written to; the newest backup that passes its
        own check is offered in its place. An encrypted database given no key is left for
        the check after sign-in (only its key can tell damage from a file that will not open).
        """
        if not self.is_supported or needs_key(self.database, self.key):
            return StartCheck()
        try:
            quick_check(self.database, self.key, whole=whole)
        except DamagedDatabaseError as exc:
            return self.set_aside(str(exc))
        return StartCheck()

    def check_whole_file(self) -> None:
        """SQLite's quick check of every page; DamagedDatabaseError if it fails. Read only."""
        if self.is_supported:
            quick_check(self.database, self.key)

    def set_aside(self, problem: str) -> StartCheck:
        """Move the damaged database aside (close every store on it first) and find the newest
        backup that passes its own check, to offer in its place."""
        moved = move_aside(self.database, self.now())
        return StartCheck(True, problem, moved, self.newest_good_backup())

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup that passes its own check, if any."""
        good = newest_good_backup(self.folder, self.key)
        return backup_info(good) if good else None


class BackupService:
    """Backups of the signed-in clinic's database: the one API the GUI and the CLI use.

    Each action asks services/access.py first (a refusal is audited) and is recorded in the
    audit trail. Only the daily backup at start asks nobody: it protects the clinic whoever
    signs in, reception included. Before anyone can sign in (a damaged file at start) the
    files are handled by BackupFiles instead.
    """

    def __init__(self, context: AppContext, now: Callable[[], datetime] = _utc_now) -> None:
        self.context = context
        self.now = now

    def _files(self) -> BackupFiles:
        # The store's url and key are read each time: a restore reopens the store.
        return BackupFiles(self.context.store.url, self.now, key=self.context.store.key)

    @property
    def folder(self) -> Path:
        """Where the backups are; raises ConsultError with the pg_dump advice for PostgreSQL."""
        return self._files().folder

    def is_due(self) -> bool:
        """Whether the daily backup is due (False on PostgreSQL and before any data)."""
        return self._files().is_backup_due()

    def backups(self) -> list[BackupInfo]:
        """Every backup of the open database, newest first, for someone who may take them."""
        require(self.context, Permission.BACK_UP, "database")
        return self._files().list_backups()

    def back_up(self, progress: Progress | None = None) -> Path:
        """A backup on demand by the signed-in user, recorded in the audit trail."""
        require(self.context, Permission.BACK_UP, "database")
        path = self._files().backup_now(progress)
        with self.context.store.writing() as uow:
            self.context.audit(uow, "backup", "database", None, path.name)
        return path

    def automatic_backup(self) -> Path | None:
        """The daily backup at start, when due; recorded under whoever is signed in."""
        path = self._files().automatic_backup_if_due()
        if path is not None:
            with self.context.store.writing() as uow:
                self.context.audit(uow, "backup", "database", None, f"daily: {path.name}")
        return path

    def check_database(self) -> None:
        """The whole file's check after start, for whoever signed in; writes held meanwhile.

        It passes: the held audit rows are written and writes go on. It finds damage (or cannot
        be done): every write is refused from then on, and the error is raised; close the
        store, then BackupFiles.set_aside. Nothing when writes are not held (PostgreSQL).
        """
        hold = self.context.store.hold
        if hold is None or not hold.is_checking:
            return
        try:
            self._files().check_whole_file()
        except BaseException as error:  # whatever stopped it, nothing is written unchecked
            hold.failed(error if isinstance(error, ConsultError) else StorageError(UNCHECKED))
            raise
        hold.passed()

    def verify(self, backup: Path) -> None:
        """Raise BackupFileError (with what is wrong) unless `backup` can be restored here."""
        require(self.context, Permission.RESTORE, "database")
        self._files().verify(backup)

    def restore(self, backup: Path, progress: Progress | None = None) -> Restored:
        """Restore while the app runs: close the context's store, restore, open it again.

        The store is reopened (on whichever file is then in place) even when the restore
        fails. The restore is recorded in the restored database's audit trail. The restorer's
        account as the restored records hold it comes back in `Restored.account` (None if it
        is not there, or switched off there): `context.user` is not changed here, for the
        sign-in's owner (gui/signed_in.py, the command line's context) decides who goes on.
        """
        context = self.context
        user = require(context, Permission.RESTORE, "database")
        url, key = context.store.url, context.store.key
        files = self._files()
        files.verify(backup)  # refuse a bad file before closing anything
        context.store.close()
        try:
            restored = files.restore(backup, progress)
        finally:
            context.store = open_store(url, key)
        with context.store.writing() as uow:
            # Ids are the restored records': the same person may have another one there, or
            # none.
            same = [u for u in uow.users.all() if u.username == user.username and u.is_active]
            uow.audit.record(
                user.username,
                "restore",
                "database",
                None,
                backup.name,
                user_id=same[0].id if same else None,
            )
        return replace(restored, account=same[0] if same else None)
