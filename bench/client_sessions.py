"""Opening a client with 50 signed consultations and 200 treatment sessions into the client
panel, as a practitioner does: the client and their history (the audited view), then the
"Treatment sessions" box's courses and sessions (TreatmentService.course_view, one
transaction, read off the GUI thread in the app, here in turn), shown in the panel's models.

The floor is the bare driver running the very statements our code issued for that client,
captured from the engine's statement events while ours ran once (the account's re-reads, the
reads, the audit row with its values, BEGIN, COMMIT and ROLLBACK as ours ran them), on a
connection with the app's durability (bench/client_panel.py), so it writes the same audit row
and commits as the app commits.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event

from bench.client_panel import _write_connection
from bench.data import Dataset
from bench.measure import Row, alternating_ms

# What a unit of work's end looks like in the capture (the driver's commit() or rollback()).
_ENDS = ("COMMIT", "ROLLBACK")
Statement = tuple[str, Any]


def captured(engine: Engine, work: Callable[[], object]) -> list[Statement]:
    """Every statement `work` sends to the database, with its parameters as the driver got
    them, and each transaction's end, in order."""
    statements: list[Statement] = []

    def sent(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_rest: Any) -> None:
        statements.append((sql, parameters))

    def ended(word: str) -> Callable[[Any], None]:
        return lambda _conn: statements.append((word, None))

    commit, rollback = ended("COMMIT"), ended("ROLLBACK")
    event.listen(engine, "before_cursor_execute", sent)
    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", sent)
        event.remove(engine, "commit", commit)
        event.remove(engine, "rollback", rollback)
    return statements


def replay(dataset: Dataset, statements: list[Statement]) -> tuple[Callable[[], int], Any]:
    """The bare driver running `statements`, fetching every row; and its connection."""
    raw, begin = _write_connection(dataset)
    sqlite = bool(begin)  # SQLite's connection is in autocommit mode: BEGIN comes as SQL
    began = [False]

    def run() -> int:
        fetched = 0
        cursor = raw.cursor()
        for sql, parameters in statements:
            if sql in _ENDS:
                if sqlite and began[0]:
                    cursor.execute(sql)
                elif not sqlite:
                    raw.commit() if sql == "COMMIT" else raw.rollback()
                began[0] = False
                continue
            began[0] = began[0] or sql.startswith("BEGIN")
            cursor.execute(sql, parameters)
            if cursor.description is not None:
                fetched += len(cursor.fetchall())
        return fetched

    return run, raw


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from consult_app.gui.widgets.client_panel import ClientPanel
    from consult_app.services.clients import ClientService
    from consult_app.services.treatments import TreatmentService

    app = QApplication.instance() or QApplication([])
    context = dataset.context()
    panel = ClientPanel(ClientService(context))
    treatments = TreatmentService(context)
    client = dataset.course_client
    today = context.today()

    def ours() -> None:
        # What MainWindow does on a choice: the panel, then its course reader's work shown.
        panel.show_client(client)
        panel.course_box.show_course(*treatments.course_view(client), today=today)

    statements = captured(dataset.store.engine, ours)
    floor, raw = replay(dataset, statements)
    floor()  # the floor's SQL runs as captured, before any figure is taken
    if panel.history_model.rowCount() < 50 or panel.course_box.model.rowCount() < 200:
        raise AssertionError(f"client {client} has fewer than 50 consultations or 200 sessions")
    ours_ms, floor_ms = alternating_ms((ours, floor), repeat)
    raw.close()
    panel.deleteLater()
    app.processEvents()
    return [
        Row(
            "open a client with 50 consultations and 200 sessions into the panel, ms "
            f"({dataset.backend})",
            ours_ms,
            floor_ms,
            2.0,
            f"{len(statements)} statements and transaction ends, replayed as captured",
        )
    ]
