"""The clinic-scale data every figure reads, made once per run with the demo generator.

A SQLite file in a temporary folder, encrypted and with its key file as the app makes them
(clinics only ever run an encrypted file), and, when CONSULT_TEST_PG_URL is set, a PostgreSQL
database of its own on that server, created for the run and dropped afterwards.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]
from sqlalchemy import text

from bench.course_data import course_rows
from consult_app.content.bundle import default_content
from consult_app.services.context import AppContext
from consult_app.services.demo import DEMO_PASSWORDS, fill_demo
from consult_app.services.passwords import key_entry
from consult_app.store.keyfile import KeyFile, new_database_key
from consult_app.store.store import Store, open_store

HISTORY = 50  # consultations of the client the panel figure opens
SESSIONS = 200  # treatment sessions of that client (four per signed plan)
PG_ENV = "CONSULT_TEST_PG_URL"
# Every figure works as the demo clinic's practitioner: the role that opens medical records.
USERNAME = "practitioner"
PASSWORD = DEMO_PASSWORDS[USERNAME]


def sqlcipher_connect(path: Path, key: bytes, **options: Any) -> Any:
    """The bare SQLCipher driver on the encrypted file, keyed as the app keys it (a raw key,
    so no key derivation per connection); `options` go to connect() as for sqlite3."""
    connection = sqlcipher.connect(str(path), **options)
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


@dataclass
class Dataset:
    """One filled database: its URL, a way to reach it with the bare driver, a busy client."""

    backend: str  # "SQLite" or "PostgreSQL"
    url: str
    store: Store
    connect_raw: Callable[[], Any]  # a DB-API connection through the driver alone
    busy_client: int = 0  # a client with HISTORY consultations
    course_client: int = 0  # a client with HISTORY signed plans and SESSIONS sessions
    sqlite_path: Path | None = None
    key: bytes | None = None  # the SQLite file's database key, for the floors' bare driver
    keys: KeyFile | None = None  # its key file, where USERNAME's PASSWORD unwraps `key`
    username: str = USERNAME  # who is signed in: a practitioner (the chain has one per clinic)

    def context(self) -> AppContext:
        """Signed in as the dataset's practitioner, as the app would be."""
        with self.store.reading() as uow:
            practitioner = uow.users.by_username(self.username)
        return AppContext(
            store=self.store, content=default_content(), user=practitioner, keys=self.keys
        )


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _fill(dataset: Dataset, clients: int, consultations: int) -> None:
    started = time.perf_counter()
    say(
        f"{dataset.backend}: the demo generator adds {clients:,} clients and "
        f"{consultations:,} consultations…"
    )
    fill_demo(dataset.store, default_content(), clients, consultations, today=date.today())
    dataset.busy_client = give_history(dataset.store)
    dataset.course_client = give_courses(dataset.store, dataset.busy_client)
    say(f"{dataset.backend}: data ready in {time.perf_counter() - started:.0f} s")


def give_history(store: Store) -> int:
    """The client with the most consultations, topped up to HISTORY from other clients."""
    with store.bulk() as connection:
        busiest, count = connection.execute(
            text(
                "SELECT client_id, COUNT(*) FROM consultations GROUP BY client_id "
                "ORDER BY COUNT(*) DESC, client_id LIMIT 1"
            )
        ).one()
        if count < HISTORY:
            connection.execute(
                text(
                    "UPDATE consultations SET client_id = :client WHERE id IN ("
                    "SELECT id FROM consultations WHERE client_id <> :client "
                    "ORDER BY id LIMIT :more)"
                ),
                {"client": busiest, "more": HISTORY - count},
            )
    return int(busiest)


def give_courses(store: Store, busy_client: int) -> int:
    """A client (other than give_history's) whose HISTORY consultations are all signed with a
    plan, each course with SESSIONS // HISTORY treated sessions: bulk rows, not the services,
    so it takes moments at clinic scale. Each consultation is someone else's, moved over."""
    with store.bulk() as connection:
        return course_rows(connection, HISTORY, SESSIONS, USERNAME, busy_client)


@contextmanager
def sqlite_dataset(folder: Path, clients: int, consultations: int) -> Iterator[Dataset]:
    path = folder / "bench.db"
    url = f"sqlite:///{path}"
    # As Gate.set_up makes a clinic's file: a random key, wrapped in the key file under the
    # practitioner's password. fill_demo adds the accounts without password hashes, which an
    # encrypted file does not need: its key file proves the password at sign-in.
    key = new_database_key()
    keys = KeyFile.create(path, key)
    keys.set_entry(key_entry(USERNAME), PASSWORD, key)
    store = open_store(url, key=key)
    dataset = Dataset(
        "SQLite",
        url,
        store,
        lambda: sqlcipher_connect(path, key, timeout=10),
        sqlite_path=path,
        key=key,
        keys=keys,
    )
    try:
        _fill(dataset, clients, consultations)
        yield dataset
    finally:
        store.close()


def psycopg_url(url: str) -> str:
    """The psycopg form of a SQLAlchemy URL."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def postgres_dataset(clients: int, consultations: int) -> Iterator[Dataset | None]:
    """A database of our own on the server named by CONSULT_TEST_PG_URL; None when unset."""
    server = os.environ.get(PG_ENV, "")
    if not server:
        yield None
        return
    import psycopg

    name = f"consult_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(psycopg_url(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rpartition('/')[0]}/{name}"
    store = open_store(url)
    try:
        dataset = Dataset("PostgreSQL", url, store, lambda: psycopg.connect(psycopg_url(url)))
        _fill(dataset, clients, consultations)
        vacuum_and_analyse(url)
        yield dataset
    finally:
        store.close()
        drop_database(server, name)


def vacuum_and_analyse(url: str) -> None:
    """Vacuum and analyse the tables just loaded, as autovacuum does within a minute or so of
    a bulk load on any server: the figures then read a clinic's database as it is in use. Just
    loaded, the planner has no statistics (it guessed 33 clients for "W", not 13,440, and
    sorted them all instead of reading the index in order: 13 ms a keystroke, ours and the
    floor alike), and autovacuum starting during the measurements would add its own noise."""
    import psycopg

    with psycopg.connect(psycopg_url(url), autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE) clients, consultations, users")


def drop_database(server: str, name: str) -> None:
    """Drop database `name` on `server` (a SQLAlchemy URL). FORCE may not end the server's own
    autovacuum worker on a database just written to ("must be a member of the role whose
    process is being terminated"); it ends in moments, so this tries again."""
    import psycopg

    for attempt in range(100):
        try:
            with psycopg.connect(psycopg_url(server), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == 99:
                raise
            time.sleep(0.1)
