"""Engines with the connection settings every workstation needs."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from consult_app.errors import StorageError
from consult_app.store.cipher import apply_key, check_key_opens
from consult_app.store.prepared import run_driver_sql

BUSY_TIMEOUT_MS = 10_000
# A server connection unused this long is checked before it is used (see _ping_when_idle).
PING_AFTER_IDLE_S = 5.0


def _sqlite_connect(dbapi_connection: Any, _record: Any, key: bytes | None = None) -> None:
    if key is not None:
        apply_key(dbapi_connection, key)
    # Transactions are begun explicitly in _sqlite_begin, not by the driver's own heuristics.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # Health records: a committed save must survive a power cut, not just a crash.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A write takes the write lock up front (BEGIN IMMEDIATE), so two workstations never
    # both read, then fail late when upgrading to write; the busy timeout queues them instead.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    # On the driver's cursor: every unit of work begins here, and SQLAlchemy's execution
    # set-up costs several times what BEGIN does (errors come out as SQLAlchemy's still).
    run_driver_sql(connection, f"BEGIN {mode}")


def _ping_when_idle(engine: Engine) -> None:
    """Before a pooled connection to a server is used again after PING_AFTER_IDLE_S unused,
    ask the server whether it is still there (SQLAlchemy's pre-ping asks at every use: a round
    trip per unit of work, a tenth of a millisecond or more, when one use case follows
    another within moments); a connection the server has dropped is replaced before use."""
    dialect = engine.dialect

    def note_idle(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                # The pool drops this and every older connection and connects anew.
                raise exc.InvalidatePoolError() from error
            raise

    event.listen(engine, "connect", note_idle)  # a new connection needs no ping
    event.listen(engine, "checkin", note_idle)
    event.listen(engine, "checkout", ping_if_idle)


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            f'"{url}" is not a database address. Use sqlite:///path/to/consult.db or '
            "postgresql+psycopg://user:password@host/dbname."
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite files get WAL, foreign keys and a busy wait.

    Given a key (32 bytes), the SQLite file is encrypted with it: SQLCipher's own SQLite
    build stands in for sqlite3 under the same dialect, so everything else works unchanged.
    The file is checked once here, so a wrong key is told apart from a damaged file.
    """
    parsed = parse_url(url)
    file = parsed.database if parsed.database not in (None, "", ":memory:") else None
    if key is not None and (parsed.get_backend_name() != "sqlite" or file is None):
        raise StorageError("Only a SQLite database file can be encrypted with a key.")
    try:
        if parsed.get_backend_name() != "sqlite":
            server = create_engine(parsed, hide_parameters=True)
            _ping_when_idle(server)
            return server
        if file is not None:
            database = Path(file).expanduser()
            try:
                database.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"The folder {database.parent} for the database cannot be created "
                    f"({exc.strerror}). Choose a folder you can write to."
                ) from None
            check_key_opens(database, key)
        # hide_parameters: an error's text (shown, logged) never carries a client's details.
        options: dict[str, Any] = {"hide_parameters": True}
        if key is not None:
            options["module"] = sqlcipher
        engine = create_engine(parsed, **options)
    except (ModuleNotFoundError, ImportError) as exc:
        raise StorageError(
            f"The database driver for {parsed.get_backend_name()} is not installed ({exc}); "
            "install it with: pip install 'consult-app[postgres]'."
        ) from None
    event.listen(engine, "connect", partial(_sqlite_connect, key=key))
    event.listen(engine, "begin", _sqlite_begin)
    return engine
