"""Declarative base with a naming convention, so migrations name constraints predictably."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """Stored as UTC on every backend (SQLite keeps no zone), read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def search_key(length: int) -> String:
    """A folded search column compared byte-wise, so prefix ranges use the index everywhere."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


# The moment records are written at when it is not now: only the demo clinic's made-up history
# (services/demo_courses.py) sets it, so its sessions are signed on their own days.
_WRITTEN_AT: ContextVar[datetime | None] = ContextVar("written_at", default=None)


def utc_now() -> datetime:
    """Now, in UTC, as records are stamped; inside `written_at`, that moment."""
    moment = _WRITTEN_AT.get()
    return datetime.now(UTC) if moment is None else moment


@contextmanager
def written_at(moment: datetime) -> Iterator[None]:
    """Everything written inside (signing times, audit rows, saves) is stamped `moment`, in
    this thread only, as if it were done then."""
    token = _WRITTEN_AT.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _WRITTEN_AT.reset(token)
