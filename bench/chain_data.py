"""A chain of clinics on one PostgreSQL server: one Consult database that every clinic shares.

Consult keeps one clinic's records in one database; a chain that shares its clients' records
(a client may book at any branch) runs one database on its server, and each clinic's desk
connects to it. So this makes one database with one practitioner account per clinic, every
client with a home clinic, and each consultation written by a practitioner of the client's home
clinic or, one time in seven, of another branch. The rows come from the demo generator
(`client_row`, `consultation_row`: the same names, answers and screening as `make bench`),
loaded with PostgreSQL's COPY by a few worker processes, each slice in a transaction of its own.
The database is dropped afterwards.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.dialects.postgresql import psycopg as pg_dialect

from bench.data import (
    Dataset,
    drop_database,
    give_history,
    psycopg_url,
    say,
    vacuum_and_analyse,
)
from consult_app.content.bundle import default_content
from consult_app.domain.people import Role
from consult_app.services import demo_people as people
from consult_app.services.demo import client_row, consultation_row, fill_demo
from consult_app.store import bulk
from consult_app.store.base import utc_now
from consult_app.store.rows import ClientRow, ConsultationRow
from consult_app.store.store import Store, open_store

SLICE = 25_000  # rows per COPY task: small enough for steady progress, large enough to stream
AWAY = 1 / 7  # the share of consultations at a branch other than the client's home clinic


@dataclass(frozen=True)
class Chain:
    """What to make: `clinics` clinics sharing `clients` clients and `consultations` visits."""

    clinics: int
    clients: int
    consultations: int
    seed: int = 2026


@dataclass(frozen=True)
class Desk:
    """A clinic's practitioner account, whose desk searches and opens clients."""

    clinic: int  # 1-based
    username: str
    display_name: str
    user_id: int


@dataclass(frozen=True)
class _Task:
    kind: str  # "clients" or "consultations"
    url: str  # psycopg form
    start: int  # offset of the slice's first row
    count: int
    first_id: int  # id of row offset 0 (clients and consultations alike)
    first_client: int
    clients: int
    desks: tuple[tuple[int, str], ...]  # per clinic: the practitioner's id and name
    seed: int
    today: date


def desk_name(clinic: int) -> tuple[str, str]:
    """The username and display name of clinic `clinic`'s practitioner (clinics count from 1)."""
    rng = random.Random(f"desk-{clinic}")
    firsts, lasts = people.NAME_POOLS[rng.choice(sorted(people.NAME_POOLS))]
    first = rng.choice(firsts)
    return (
        f"practitioner-{clinic:02d}",
        f"Dr {first} {people.surname_for(first, rng.choice(lasts))}",
    )


def _add_desks(store: Store, clinics: int) -> list[Desk]:
    with store.writing() as uow:
        desks = []
        for clinic in range(1, clinics + 1):
            username, display = desk_name(clinic)
            user = uow.users.add(username, display, Role.PRACTITIONER)
            desks.append(Desk(clinic, username, display, user.id))
    return desks


# Worker processes keep what every task of theirs needs: the content, the columns' bind
# processors, and (for consultations) each client's date of birth, read once from the database.
_worker: dict[str, Any] = {}


def _processors(table: Any) -> dict[str, Any]:
    dialect = pg_dialect.dialect()
    return {c.name: c.type._cached_bind_processor(dialect) for c in table.columns}


def _births(task: _Task) -> list[date]:
    if "births" not in _worker:
        import psycopg

        with psycopg.connect(task.url) as connection:
            found = connection.execute(
                "SELECT id, date_of_birth FROM clients WHERE id >= %s AND id < %s ORDER BY id",
                (task.first_client, task.first_client + task.clients),
            ).fetchall()
        _worker["births"] = [born for _, born in found]
    births: list[date] = _worker["births"]
    return births


def _rows(task: _Task) -> Iterator[dict[str, Any]]:
    """The slice's rows, made by the demo generator from a seed of the slice's own."""
    rng = random.Random(f"{task.seed}-{task.kind}-{task.start}")
    now = utc_now()
    if task.kind == "clients":
        for offset in range(task.start, task.start + task.count):
            yield client_row(rng, task.today, task.first_id + offset, now)
        return
    content = _worker.setdefault("content", default_content())
    births = _births(task)
    clinics = len(task.desks)
    for offset in range(task.start, task.start + task.count):
        client = rng.randrange(task.clients)
        clinic = client % clinics
        if clinics > 1 and rng.random() < AWAY:
            clinic = (clinic + rng.randrange(1, clinics)) % clinics
        practitioner_id, name = task.desks[clinic]
        row = consultation_row(rng, content, births[client], task.today, name)
        row.update(
            id=task.first_id + offset,
            client_id=task.first_client + client,
            practitioner_id=practitioner_id,
        )
        yield row


def _copy(task: _Task) -> int:
    """Make one slice and COPY it in, in one transaction; the number of rows."""
    import psycopg

    table = ClientRow.__table__ if task.kind == "clients" else ConsultationRow.__table__
    processors = _worker.setdefault(task.kind, _processors(table))
    rows = _rows(task)
    first = next(rows)
    # Each value as SQLAlchemy would bind it (JSON as JSON, timestamps as naive UTC).
    steps = [(name, processors[name]) for name in first]
    sql = f"COPY {table.name} ({', '.join(first)}) FROM STDIN"
    with (
        psycopg.connect(task.url) as connection,
        connection.cursor() as cursor,
        cursor.copy(sql) as copy,
    ):
        for row in itertools.chain([first], rows):
            copy.write_row([step(row[n]) if step else row[n] for n, step in steps])
    return task.count


def _run_tasks(pool: Any, tasks: Sequence[_Task], what: str) -> None:
    total = sum(t.count for t in tasks)
    done, started = 0, time.perf_counter()
    for count in pool.imap_unordered(_copy, tasks):
        done += count
        elapsed = time.perf_counter() - started
        say(f"PostgreSQL chain: {done:,} of {total:,} {what} ({done / total:.0%}, {elapsed:.0f} s)")


def _slices(total: int) -> list[tuple[int, int]]:
    return [(start, min(SLICE, total - start)) for start in range(0, total, SLICE)]


def _load(url: str, chain: Chain, desks: list[Desk], workers: int, today: date) -> None:
    store = open_store(url)
    try:
        with store.bulk() as connection:
            first_client, first_consultation = bulk.next_ids(connection)
    finally:
        store.close()
    common = {
        "url": psycopg_url(url),
        "first_client": first_client,
        "clients": chain.clients,
        "desks": tuple((d.user_id, d.display_name) for d in desks),
        "seed": chain.seed,
        "today": today,
    }
    # spawn: a fresh interpreter per worker, not a fork of this one's connections and threads.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        clients = [
            _Task("clients", start=s, count=n, first_id=first_client, **common)
            for s, n in _slices(chain.clients)
        ]
        _run_tasks(pool, clients, "clients")
        if chain.clients:
            consultations = [
                _Task("consultations", start=s, count=n, first_id=first_consultation, **common)
                for s, n in _slices(chain.consultations)
            ]
            _run_tasks(pool, consultations, "consultations")


def _settle(url: str) -> None:
    """Ids past the loaded rows, and the tables vacuumed and analysed, as a chain's database
    long in use would be (autovacuum would otherwise start during the measurements)."""
    store = open_store(url)
    try:
        with store.bulk() as connection:
            bulk.resync_id_sequences(connection)
    finally:
        store.close()
    vacuum_and_analyse(url)


@contextmanager
def chain_database(
    server: str, chain: Chain, *, workers: int = 2, today: date | None = None
) -> Iterator[tuple[str, list[Desk], int]]:
    """A new database on `server` (a SQLAlchemy URL) filled as `chain` says; yields its URL,
    the clinics' practitioners and a client with 50 consultations; dropped afterwards."""
    import psycopg

    name = f"consult_chain_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(psycopg_url(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rpartition('/')[0]}/{name}"
    try:
        started = time.perf_counter()
        say(
            f"PostgreSQL chain: {chain.clinics} clinics sharing {chain.clients:,} clients and "
            f"{chain.consultations:,} consultations, in database {name}…"
        )
        store = open_store(url)
        try:
            # The chain's clinic details and the demo's three accounts, then a desk per clinic.
            fill_demo(store, default_content(), 0, 0, today=today or date.today())
            desks = _add_desks(store, chain.clinics)
        finally:
            store.close()
        _load(url, chain, desks, workers, today or date.today())
        _settle(url)
        store = open_store(url)
        try:
            busy = give_history(store) if chain.consultations else 0
        finally:
            store.close()
        say(f"PostgreSQL chain: data ready in {time.perf_counter() - started:.0f} s")
        yield url, desks, busy
    finally:
        drop_database(server, name)
        say(f"PostgreSQL chain: database {name} dropped")


def desk_dataset(url: str, desk: Desk, busy: int) -> Dataset:
    """Clinic `desk.clinic`'s workstation: its own connection pool, signed in as its
    practitioner (close its store when done)."""
    import psycopg

    return Dataset(
        "PostgreSQL",
        url,
        open_store(url),
        lambda: psycopg.connect(psycopg_url(url)),
        busy_client=busy,
        username=desk.username,
    )
