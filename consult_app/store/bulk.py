"""Fast bulk loading (SQLAlchemy Core, not the ORM) for demo and benchmark data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from consult_app.store.rows import ClientRow, ConsultationRow


def next_ids(connection: Connection) -> tuple[int, int]:
    """The first free client and consultation ids, so rows can be inserted with known ids."""
    client = connection.scalar(select(func.coalesce(func.max(ClientRow.id), 0))) or 0
    consultation = connection.scalar(select(func.coalesce(func.max(ConsultationRow.id), 0))) or 0
    return client + 1, consultation + 1


def insert_clients(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    connection.execute(insert(ClientRow), list(rows))


def insert_consultations(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    connection.execute(insert(ConsultationRow), list(rows))


def resync_id_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences do not see explicit ids; move them past the largest one."""
    if connection.dialect.name != "postgresql":
        return
    for table in ("clients", "consultations"):
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def analyse_loaded(connection: Connection) -> None:
    """Give PostgreSQL's planner statistics for the rows just loaded. Until autovacuum gets
    to them (a minute or more) it has none and guesses: 33 clients starting with "W" of
    100,000, not 13,440, so it sorted them all instead of reading the index in order (13 ms
    a keystroke instead of under 1). SQLite plans these searches from the indexes alone."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(text("ANALYZE clients, consultations"))
