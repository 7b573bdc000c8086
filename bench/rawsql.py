"""Our SQLAlchemy statements as plain SQL and parameters, for the bare driver to run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect


def plain(statement: Executable, values: dict[str, Any], dialect: Dialect) -> tuple[str, Any]:
    """The SQL text and the parameters in the driver's own style (qmark or pyformat)."""
    compiled = statement.params(values).compile(dialect=dialect)
    if compiled.positional:
        return compiled.string, tuple(compiled.params[name] for name in compiled.positiontup or ())
    return compiled.string, compiled.params


def prepared(
    statement: Executable, keys: Iterable[str], dialect: Dialect
) -> tuple[str, Callable[[dict[str, Any]], Any]]:
    """The SQL text of one of our statements run with parameters named `keys` (an INSERT's or
    UPDATE's columns, a SELECT's bound names), and how to lay out such parameters in the
    driver's style; literals the statement holds (a status, the `+ 1` of a version) are kept."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    fixed = dict(compiled.params)
    if compiled.positional:
        order = tuple(compiled.positiontup or ())
        return compiled.string, lambda values: tuple({**fixed, **values}[n] for n in order)
    return compiled.string, lambda values: {**fixed, **values}
