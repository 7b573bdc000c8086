"""Our SQLAlchemy statements as plain SQL and parameters, for the bare driver to run."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect


def plain(statement: Executable, values: dict[str, Any], dialect: Dialect) -> tuple[str, Any]:
    """The SQL text and the parameters in the driver's own style (qmark or pyformat)."""
    compiled = statement.params(values).compile(dialect=dialect)
    if compiled.positional:
        return compiled.string, tuple(compiled.params[name] for name in compiled.positiontup or ())
    return compiled.string, compiled.params
