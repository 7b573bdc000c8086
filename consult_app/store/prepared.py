"""Statements run on the driver's own cursor, from SQL compiled once per statement.

Search as you type runs on every keystroke, opening a client and saving a draft on every click
and page, and there SQLAlchemy's work per execution (the compiled-statement cache, the
parameter and result set-up, about 0.1 ms a statement) costs more than SQLite does to run
them. These statements still run inside the unit of work, on its connection and in its
transaction; only the execution is the driver's. The types' own conversions (a date as SQLite
stores it, JSON) are applied as SQLAlchemy applies them, and errors come out as SQLAlchemy's,
so the unit of work translates them as it does any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Connection, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_T = TypeVar("_T")


class Prepared:
    """One statement's SQL text for a dialect, how to lay its values out for the driver, and
    how to convert the rows it gives back.

    `keys`: the columns an INSERT or UPDATE is given as parameters (none for a SELECT)."""

    def __init__(
        self, statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...] = ()
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys else None)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self._fixed = dict(compiled.params)  # values the statement holds itself (OFFSET 0)
        self._order = tuple(compiled.positiontup or ()) if compiled.positional else None
        # The types' own conversions (a date as SQLite stores it), as SQLAlchemy applies them.
        self._convert = cast(dict[str, Callable[[Any], Any]], dict(compiled._bind_processors))
        # The same for the columns read back, by position (most need none).
        self._results = tuple(
            (place, processor)
            for place, column in enumerate(compiled._result_columns)
            if (processor := column.type._cached_result_processor(dialect, None)) is not None
        )

    def parameters(self, values: dict[str, Any]) -> Any:
        merged = {**self._fixed, **values}
        for name, convert in self._convert.items():
            if name in merged:
                merged[name] = convert(merged[name])
        if self._order is None:
            return merged
        return tuple(merged[name] for name in self._order)

    def typed(self, rows: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The driver's rows with each column's type conversion applied."""
        if not self._results:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            values = list(row)
            for place, convert in self._results:
                values[place] = convert(values[place])
            converted.append(tuple(values))
        return converted


@cache
def _prepared(statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...] = ()) -> Prepared:
    return Prepared(statement, dialect, keys)


def fetch_all(session: Session, statement: ClauseElement, values: dict[str, Any]) -> list[Any]:
    """The rows of `statement` (one built once and reused) run with `values` in `session`'s
    transaction, as the driver returns them (no type conversion of results)."""
    connection = session.connection()
    prepared = _prepared(statement, connection.dialect)
    return run_driver_sql(connection, prepared.sql, prepared.parameters(values))


def fetch_typed(
    session: Session, statement: ClauseElement, values: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """As `fetch_all`, with each column converted as its type says (a date read as a date)."""
    connection = session.connection()
    prepared = _prepared(statement, connection.dialect)
    rows = run_driver_sql(connection, prepared.sql, prepared.parameters(values))
    return prepared.typed(rows)


def write(session: Session, statement: ClauseElement, values: dict[str, Any]) -> int:
    """Run an INSERT or UPDATE (built once and reused) with `values` (the columns it sets and
    its bound names) in `session`'s transaction; how many rows it touched."""
    connection = session.connection()
    prepared = _prepared(statement, connection.dialect, tuple(values))
    return _on_cursor(
        connection, prepared.sql, prepared.parameters(values), lambda cursor: int(cursor.rowcount)
    )


def run_driver_sql(connection: Connection, sql: str, parameters: Any = ()) -> list[Any]:
    """Run `sql` on `connection`'s driver cursor and return its rows (none for a statement
    that gives none); a driver error is raised as SQLAlchemy raises it."""
    return _on_cursor(
        connection,
        sql,
        parameters,
        lambda cursor: list(cursor.fetchall()) if cursor.description is not None else [],
    )


def _on_cursor(connection: Connection, sql: str, parameters: Any, read: Callable[[Any], _T]) -> _T:
    dialect = connection.dialect
    cursor = connection.connection.cursor()
    # The engine's statement events still fire, so what watches them (a count of statements
    # in tests, logging) sees these too; with none listening (as the app runs) they are not
    # called at all, which cost more than a small statement does.
    events = connection.dispatch
    try:
        if events.before_cursor_execute:
            events.before_cursor_execute(connection, cursor, sql, parameters, None, False)
        cursor.execute(sql, parameters)
        if events.after_cursor_execute:
            events.after_cursor_execute(connection, cursor, sql, parameters, None, False)
        return read(cursor)
    except dialect.loaded_dbapi.Error as error:
        # Parameters hidden: they may be a client's name.
        raise exc.DBAPIError.instance(
            sql, None, error, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect
        ) from error
    finally:
        cursor.close()
