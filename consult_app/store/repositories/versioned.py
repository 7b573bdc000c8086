"""Rows with a version counter: stamped when added, changed only over the version that was read."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from consult_app.store.base import utc_now


def minutes(moment: datetime | None) -> str | None:
    """A save's time as a stale-save message shows it."""
    return moment.isoformat(timespec="minutes") if moment else None


def new_row_stamp(by: str) -> dict[str, Any]:
    now = utc_now()
    return {"created_at": now, "updated_at": now, "updated_by": by, "version": 1}


def update_if_current(
    session: Session,
    row_class: Any,
    row_id: int,
    expected_version: int,
    values: dict[str, Any],
    by: str,
    *conditions: ColumnElement[bool],
) -> bool:
    """One UPDATE that applies only if the row is still at `expected_version`; True if it did.

    The check and the write are one statement, so two workstations saving at once can never
    both succeed over the same version.
    """
    result = session.execute(
        update(row_class)
        .where(row_class.id == row_id, row_class.version == expected_version, *conditions)
        .values(**values, updated_at=utc_now(), updated_by=by, version=row_class.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return cast("CursorResult[Any]", result).rowcount == 1  # what DML returns
