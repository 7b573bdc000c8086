"""Opening a client with 50 consultations into the client panel, against the bare driver doing
the same work: our exact SQL (the account's re-read that checks the permission, the client,
their history with each practitioner's name) and the audit row a practitioner's view writes,
in one write transaction committed with the app's durability.

The note gives the raw reads alone (no account, no audit row, no commit) as a second floor,
to tell the cost of an audited view from ours.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench.data import Dataset, sqlcipher_connect
from bench.measure import Row, alternating_ms
from bench.rawsql import prepared
from consult_app.store.repositories.audit import audit_insert
from consult_app.store.repositories.clients import client_statement
from consult_app.store.repositories.consultations import history_statement
from consult_app.store.repositories.users import account_statement

AUDIT_COLUMNS = ("at", "user_id", "username", "action", "entity", "entity_id", "detail")


def _write_connection(dataset: Dataset) -> tuple[Any, str]:
    """The bare driver with the app's durability (SQLite: WAL, synchronous=FULL, transactions
    begun IMMEDIATE by hand), and the statement that begins a write ("" where psycopg does)."""
    if dataset.backend != "SQLite":
        return dataset.connect_raw(), ""
    assert dataset.sqlite_path is not None and dataset.key is not None
    raw = sqlcipher_connect(dataset.sqlite_path, dataset.key, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")
    return raw, "BEGIN IMMEDIATE"


def _audited_floor(
    dataset: Dataset, user_id: int, username: str
) -> tuple[Callable[[], object], Any]:
    """Our statements through the bare driver, with the audit row, committed as the app
    commits; and its connection, to close."""
    dialect = dataset.store.engine.dialect
    busy = dataset.busy_client
    raw, begin = _write_connection(dataset)
    account_sql, account_args = prepared(account_statement(), (), dialect)
    client_sql, client_args = prepared(client_statement(), (), dialect)
    history_sql, history_args = prepared(history_statement(), (), dialect)
    audit_sql, audit_args = prepared(audit_insert(), AUDIT_COLUMNS, dialect)
    sqlite = dataset.backend == "SQLite"

    def floor() -> tuple[object, list[object]]:
        now = datetime.now(UTC).replace(tzinfo=None)
        cursor = raw.cursor()
        if begin:
            cursor.execute(begin)
        cursor.execute(account_sql, account_args({"user_id": user_id}))
        if cursor.fetchone() is None:
            raise AssertionError("the floor's account is gone")
        cursor.execute(client_sql, client_args({"client_id": busy}))
        client = cursor.fetchone()
        cursor.execute(history_sql, history_args({"client_id": busy}))
        history = cursor.fetchall()
        entry = {
            "at": now.isoformat(sep=" ") if sqlite else now,
            "user_id": user_id,
            "username": username,
            "action": "view",
            "entity": "client",
            "entity_id": busy,
            "detail": "consultation history",
        }
        cursor.execute(audit_sql, audit_args(entry))
        if begin:
            cursor.execute("COMMIT")
        else:
            raw.commit()
        return client, history

    return floor, raw


def _reads_only(dataset: Dataset) -> tuple[Callable[[], tuple[object, list[object]]], Any]:
    """The raw client and history reads alone, in a read transaction; and its connection."""
    dialect = dataset.store.engine.dialect
    busy = dataset.busy_client
    raw = dataset.connect_raw()
    client_sql, client_args = prepared(client_statement(), (), dialect)
    history_sql, history_args = prepared(history_statement(), (), dialect)

    def floor() -> tuple[object, list[object]]:
        cursor = raw.cursor()
        cursor.execute(client_sql, client_args({"client_id": busy}))
        client = cursor.fetchone()
        cursor.execute(history_sql, history_args({"client_id": busy}))
        history = cursor.fetchall()
        raw.rollback()
        return client, history

    return floor, raw


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from consult_app.gui.widgets.client_panel import ClientPanel
    from consult_app.services.clients import ClientService

    app = QApplication.instance() or QApplication([])
    context = dataset.context()
    assert context.user is not None
    panel = ClientPanel(ClientService(context))
    busy = dataset.busy_client
    audited, audited_raw = _audited_floor(dataset, context.user.id, context.user.username)
    reads, reads_raw = _reads_only(dataset)
    if len(reads()[1]) < 50:
        raise AssertionError(f"client {busy} has fewer than 50 consultations")
    panel.show_client(busy)
    if panel.history_model.rowCount() != len(audited()[1]):
        raise AssertionError("the floor read another history than the panel shows")
    # The three run in turn, so each follows another connection's write, as on a shared file.
    ours, floor_ms, reads_ms = alternating_ms(
        (lambda: panel.show_client(busy), audited, reads), repeat
    )
    audited_raw.close()
    reads_raw.close()
    panel.deleteLater()
    app.processEvents()
    return [
        Row(
            f"open a client with 50 consultations into the panel, ms ({dataset.backend})",
            ours,
            floor_ms,
            2.0,
            f"the raw reads alone, without the account check, the audit row and its commit, "
            f"take {reads_ms:.2f} ms (ours ÷ that = {ours / reads_ms:.2f})",
        )
    ]
