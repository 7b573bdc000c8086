"""Opening a database: connect, bring the schema to head, hand out units of work."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, inspect

from consult_app.domain.backups import BackupKind
from consult_app.store.backup import database_file, make_backup
from consult_app.store.engine import make_engine
from consult_app.store.errors import translated_errors
from consult_app.store.migrate import is_behind, upgrade_to_head
from consult_app.store.unit_of_work import UnitOfWork
from consult_app.store.write_hold import WriteHold


class Store:
    """One database; every read or write goes through a unit of work."""

    def __init__(self, engine: Engine, key: bytes | None = None) -> None:
        self.engine = engine
        self.key = key  # the SQLite file's encryption key, kept for backups and reopening
        self._ambient = threading.local()  # this thread's open unit of work, joined by others
        self.hold: WriteHold | None = None  # writes wait for the check after start (see there)
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")  # begins writes

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The address this store was opened with, password included (for reopening it)."""
        return self.engine.url.render_as_string(hide_password=False)

    def reading(self) -> UnitOfWork:
        return UnitOfWork(self.engine, write=False, ambient=self._ambient)

    def writing(self) -> UnitOfWork:
        if self.hold is not None:
            self.hold.before_write()
        return UnitOfWork(self._writer, write=True, ambient=self._ambient)

    def hold_writes(self) -> WriteHold:
        """Hold every write until the file's check reports to the hold (store/write_hold.py)."""
        self.hold = WriteHold()
        return self.hold

    def when_checked(self, write: Callable[[], None]) -> None:
        """Run `write` (an audit row's unit of work) now, or once the held check has passed."""
        if self.hold is None:
            write()
        else:
            self.hold.when_passed(write)

    def afterwards(self, action: Callable[[], None]) -> None:
        """Run `action` when this thread's open unit of work has ended; now, if none is open."""
        open_now: UnitOfWork | None = getattr(self._ambient, "open", None)
        if open_now is None:
            action()
        else:
            open_now.afterwards(action)

    @contextmanager
    def bulk(self) -> Iterator[Connection]:
        """One write transaction on a bare connection, for loading many rows at once."""
        if self.hold is not None:
            self.hold.before_write()
        with (
            translated_errors(),
            self.engine.execution_options(sqlite_begin="IMMEDIATE").begin() as connection,
        ):
            yield connection

    def table_names(self) -> list[str]:
        with translated_errors():
            return sorted(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, key: bytes | None = None) -> Store:
    """Connect to `url`, creating or upgrading its schema to the newest migration.

    `key` (32 bytes) opens, or creates, a SQLite file encrypted with it. An encrypted file
    without its key or with the wrong one raises StorageError; a plain file given a key
    raises NotEncryptedError (it must be converted first: store.encrypt).
    """
    engine = make_engine(url, key)
    try:
        with translated_errors():
            if is_behind(engine):
                _back_up_before_upgrade(engine, key)
                upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, key)


def _back_up_before_upgrade(engine: Engine, key: bytes | None) -> None:
    """A SQLite database that already holds data is backed up before any migration touches it
    (if the backup fails, the upgrade does not run). PostgreSQL: the server's backups."""
    if engine.dialect.name != "sqlite" or not inspect(engine).get_table_names():
        return
    make_backup(database_file(engine), key=key, kind=BackupKind.UPGRADE)
