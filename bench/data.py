"""The clinic-scale data every figure reads, made once per run with the demo generator.

A SQLite file in a temporary folder, and, when CONSULT_TEST_PG_URL is set, a PostgreSQL
database of its own on that server, created for the run and dropped afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from consult_app.content.bundle import default_content
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import Store, open_store

HISTORY = 50  # consultations of the client the panel figure opens
PG_ENV = "CONSULT_TEST_PG_URL"


@dataclass
class Dataset:
    """One filled database: its URL, a way to reach it with the bare driver, a busy client."""

    backend: str  # "SQLite" or "PostgreSQL"
    url: str
    store: Store
    connect_raw: Callable[[], Any]  # a DB-API connection through the driver alone
    busy_client: int = 0  # a client with HISTORY consultations
    sqlite_path: Path | None = None

    def context(self) -> AppContext:
        """Signed in as the demo clinic's practitioner, as the app would be."""
        with self.store.reading() as uow:
            practitioner = uow.users.by_username("practitioner")
        return AppContext(store=self.store, content=default_content(), user=practitioner)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _fill(dataset: Dataset, clients: int, consultations: int) -> None:
    started = time.perf_counter()
    _say(
        f"{dataset.backend}: the demo generator adds {clients:,} clients and "
        f"{consultations:,} consultations…"
    )
    fill_demo(dataset.store, default_content(), clients, consultations, today=date.today())
    dataset.busy_client = _give_history(dataset.store)
    _say(f"{dataset.backend}: data ready in {time.perf_counter() - started:.0f} s")


def _give_history(store: Store) -> int:
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


@contextmanager
def sqlite_dataset(folder: Path, clients: int, consultations: int) -> Iterator[Dataset]:
    path = folder / "bench.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    dataset = Dataset("SQLite", url, store, lambda: sqlite3.connect(path), sqlite_path=path)
    try:
        _fill(dataset, clients, consultations)
        yield dataset
    finally:
        store.close()


def _admin(url: str) -> str:
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
    with psycopg.connect(_admin(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rpartition('/')[0]}/{name}"
    store = open_store(url)
    try:
        dataset = Dataset("PostgreSQL", url, store, lambda: psycopg.connect(_admin(url)))
        _fill(dataset, clients, consultations)
        yield dataset
    finally:
        store.close()
        with psycopg.connect(_admin(server), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
