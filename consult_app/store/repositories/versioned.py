"""Rows with a version counter: stamped when added, changed only over the version that was read."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, Update, bindparam, update
from sqlalchemy.orm import Session

from consult_app.store.base import utc_now
from consult_app.store.prepared import write


def minutes(moment: datetime | None) -> str | None:
    """A save's time as a stale-save message shows it."""
    return moment.isoformat(timespec="minutes") if moment else None


def new_row_stamp(by: str) -> dict[str, Any]:
    now = utc_now()
    return {"created_at": now, "updated_at": now, "updated_by": by, "version": 1}


@cache
def versioned_update(table: Table, status_checked: bool) -> Update:
    """UPDATE `table` SET <the columns given as parameters>, version = version + 1 WHERE the
    row (`row_id`) is at `row_version` (and, if `status_checked`, has status `row_status`).

    Built once per table: a draft is saved page after page, and building the statement and
    its cache key each time cost more than running it."""
    statement = update(table).where(
        table.c.id == bindparam("row_id"), table.c.version == bindparam("row_version")
    )
    if status_checked:
        statement = statement.where(table.c.status == bindparam("row_status"))
    return statement.values(version=table.c.version + 1)


def update_if_current(
    session: Session,
    row_class: Any,
    row_id: int,
    expected_version: int,
    values: dict[str, Any],
    by: str,
    *,
    status: str | None = None,
    at: datetime | None = None,
) -> bool:
    """One UPDATE that applies only if the row is still at `expected_version` (and, given
    `status`, still has it); True if it did. `at` is the time stamped (now if not given).

    The check and the write are one statement, so two workstations saving at once can never
    both succeed over the same version.
    """
    session.flush()  # anything pending is written first, as the ORM's own UPDATE would
    statement = versioned_update(row_class.__table__, status is not None)
    checks: dict[str, object] = {"row_id": row_id, "row_version": expected_version}
    if status is not None:
        checks["row_status"] = status
    stamp = {"updated_at": at or utc_now(), "updated_by": by}
    # On the driver's cursor (store/prepared.py): a draft is saved at every wizard page.
    touched = write(session, statement, {**values, **stamp, **checks})
    session.expire_all()  # rows loaded before this in the session are out of date now
    return touched == 1
