"""Opening a client with 50 consultations into the client panel, against a raw fetch of the
same rows (the client, and their history with each practitioner's name).

A practitioner opening a history is audited, so the panel commits a write each time; the floor
stays the raw fetch the panel shows, and the note gives a second floor that also commits the
same audit row with the app's durability, to tell that commit's cost from ours.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench.data import Dataset, sqlcipher_connect
from bench.measure import Row, alternating_ms

CLIENT = "SELECT * FROM clients WHERE id = {mark}"
HISTORY = (
    "SELECT c.id, c.consultation_date, c.status, c.outcome, u.display_name "
    "FROM consultations AS c LEFT OUTER JOIN users AS u ON u.id = c.practitioner_id "
    "WHERE c.client_id = {mark} ORDER BY c.consultation_date DESC, c.id DESC"
)
AUDIT = (
    "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail) "
    "VALUES ({marks})"
)


def _audited_floor(dataset: Dataset, user_id: int) -> tuple[Callable[[], object], Any]:
    """The raw fetch plus the audit row, in one write transaction committed as the app commits
    (SQLite: BEGIN IMMEDIATE, WAL, synchronous=FULL); and its connection, to close."""
    busy = dataset.busy_client
    if dataset.backend == "SQLite":
        assert dataset.sqlite_path is not None and dataset.key is not None
        raw = sqlcipher_connect(dataset.sqlite_path, dataset.key, isolation_level=None)
        raw.execute("PRAGMA synchronous = FULL")
        mark, begin = "?", "BEGIN IMMEDIATE"
    else:
        raw = dataset.connect_raw()
        mark, begin = "%s", ""  # psycopg begins the transaction itself
    client_sql, history_sql = CLIENT.format(mark=mark), HISTORY.format(mark=mark)
    audit_sql = AUDIT.format(marks=", ".join([mark] * 7))

    def floor() -> tuple[object, list[object]]:
        now = datetime.now(UTC).replace(tzinfo=None)
        at = now.isoformat(sep=" ") if dataset.backend == "SQLite" else now
        cursor = raw.cursor()
        if begin:
            cursor.execute(begin)
        cursor.execute(client_sql, (busy,))
        client = cursor.fetchone()
        cursor.execute(history_sql, (busy,))
        history = cursor.fetchall()
        row = (at, user_id, "practitioner", "view", "client", busy, "consultation history")
        cursor.execute(audit_sql, row)
        if begin:
            cursor.execute("COMMIT")
        else:
            raw.commit()
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
    raw = dataset.connect_raw()
    mark = "?" if dataset.backend == "SQLite" else "%s"
    client_sql, history_sql = CLIENT.format(mark=mark), HISTORY.format(mark=mark)
    busy = dataset.busy_client

    def floor() -> tuple[object, list[object]]:
        cursor = raw.cursor()
        cursor.execute(client_sql, (busy,))
        client = cursor.fetchone()
        cursor.execute(history_sql, (busy,))
        history = cursor.fetchall()
        raw.rollback()
        return client, history

    if len(floor()[1]) < 50:
        raise AssertionError(f"client {busy} has fewer than 50 consultations")
    audited, audited_raw = _audited_floor(dataset, context.user.id)
    ours, bare, audited_ms = alternating_ms(
        (lambda: panel.show_client(busy), floor, audited), repeat
    )
    raw.close()
    audited_raw.close()
    panel.deleteLater()
    app.processEvents()
    return [
        Row(
            f"open a client with 50 consultations into the panel, ms ({dataset.backend})",
            ours,
            bare,
            2.0,
            f"the raw fetch plus the same audit row, committed as the app commits, takes "
            f"{audited_ms:.2f} ms (ours ÷ that = {ours / audited_ms:.2f})",
        )
    ]
