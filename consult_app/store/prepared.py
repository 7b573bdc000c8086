"""A few reads run on the driver's own cursor, from SQL compiled once per statement.

Search as you type runs on every keystroke, and there SQLAlchemy's work per execution (the
compiled-statement cache, the parameter and result set-up, about 0.1 ms a statement) costs
more than SQLite does to list a page of ids. These reads still run inside the unit of work, on
its connection and in its transaction; only the execution is the driver's. Errors come out as
SQLAlchemy's, so the unit of work translates them as it does any other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Prepared:
    """One statement's SQL text for a dialect, and how to lay its values out for the driver."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self._fixed = dict(compiled.params)  # values the statement holds itself (OFFSET 0)
        self._order = tuple(compiled.positiontup or ()) if compiled.positional else None
        # The types' own conversions (a date as SQLite stores it), as SQLAlchemy applies them.
        self._convert = cast(dict[str, Callable[[Any], Any]], dict(compiled._bind_processors))

    def parameters(self, values: dict[str, Any]) -> Any:
        merged = {**self._fixed, **values}
        for name, convert in self._convert.items():
            if name in merged:
                merged[name] = convert(merged[name])
        if self._order is None:
            return merged
        return tuple(merged[name] for name in self._order)


@cache
def _prepared(statement: ClauseElement, dialect: Dialect) -> Prepared:
    return Prepared(statement, dialect)


def fetch_all(session: Session, statement: ClauseElement, values: dict[str, Any]) -> list[Any]:
    """The rows of `statement` (one built once and reused) run with `values` in `session`'s
    transaction, as the driver returns them (no type conversion of results)."""
    connection = session.connection()
    prepared = _prepared(statement, connection.dialect)
    return run_driver_sql(connection, prepared.sql, prepared.parameters(values))


def run_driver_sql(connection: Connection, sql: str, parameters: Any = ()) -> list[Any]:
    """Run `sql` on `connection`'s driver cursor and return its rows (none for a statement
    that gives none); a driver error is raised as SQLAlchemy raises it."""
    dialect = connection.dialect
    cursor = connection.connection.cursor()
    # The engine's statement events still fire, so what watches them (a count of statements
    # in tests, logging) sees these too.
    events = connection.dispatch
    try:
        events.before_cursor_execute(connection, cursor, sql, parameters, None, False)
        cursor.execute(sql, parameters)
        events.after_cursor_execute(connection, cursor, sql, parameters, None, False)
        return list(cursor.fetchall()) if cursor.description is not None else []
    except dialect.loaded_dbapi.Error as error:
        # Parameters hidden: they may be a client's name.
        raise exc.DBAPIError.instance(
            sql, None, error, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect
        ) from error
    finally:
        cursor.close()
