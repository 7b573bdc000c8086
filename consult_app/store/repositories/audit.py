"""The audit trail: appended to, never changed (the database refuses updates and deletes)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from consult_app.domain.audit import AuditEntry, AuditFilter
from consult_app.store.base import utc_now
from consult_app.store.rows import AuditRow

# Rows held in memory at a time while a whole listing streams out (an export).
STREAM_BATCH = 500


def _to_entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        row.id,
        row.at,
        row.user_id,
        row.username,
        row.action,
        row.entity,
        row.entity_id,
        row.detail,
    )


def _conditions(wanted: AuditFilter) -> list[ColumnElement[bool]]:
    """Plain comparisons on bare columns, so the indexes on `at` and (entity, entity_id) apply."""
    conditions: list[ColumnElement[bool]] = []
    if wanted.since is not None:
        conditions.append(AuditRow.at >= wanted.since)
    if wanted.before is not None:
        conditions.append(AuditRow.at < wanted.before)
    if wanted.username:
        conditions.append(AuditRow.username == wanted.username)
    if wanted.action:
        conditions.append(AuditRow.action == wanted.action)
    if wanted.entity:
        conditions.append(AuditRow.entity == wanted.entity)
    if wanted.entity_id is not None:
        conditions.append(AuditRow.entity_id == wanted.entity_id)
    if wanted.up_to_id is not None:
        conditions.append(AuditRow.id <= wanted.up_to_id)
    return conditions


def _newest_first(wanted: AuditFilter) -> Select[tuple[AuditRow]]:
    # The id breaks ties between entries of the same instant, so pages never overlap.
    return (
        select(AuditRow)
        .where(*_conditions(wanted))
        .order_by(AuditRow.at.desc(), AuditRow.id.desc())
    )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        username: str,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str = "",
        user_id: int | None = None,
    ) -> None:
        """Note who did what to which record; `detail` must never hold medical content."""
        self.session.add(
            AuditRow(
                at=utc_now(),
                user_id=user_id,
                username=username,
                action=action,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
        )

    def find(self, wanted: AuditFilter, limit: int, offset: int = 0) -> list[AuditEntry]:
        """One page of the matching entries, newest first."""
        rows = self.session.scalars(_newest_first(wanted).limit(limit).offset(offset))
        return [_to_entry(row) for row in rows]

    def count(self, wanted: AuditFilter) -> int:
        query = select(func.count()).select_from(AuditRow).where(*_conditions(wanted))
        return self.session.scalar(query) or 0

    def stream(self, wanted: AuditFilter) -> Iterator[AuditEntry]:
        """Every matching entry, newest first, read in batches (a server-side cursor on
        PostgreSQL), so a million-line trail never sits in memory at once."""
        query = _newest_first(wanted).execution_options(yield_per=STREAM_BATCH)
        # The session's identity map holds rows weakly, so each batch is freed once converted.
        for row in self.session.scalars(query):
            yield _to_entry(row)

    def newest_id(self) -> int:
        """The id of the latest entry (0 for an empty trail), to pin a listing with."""
        return self.session.scalar(select(func.max(AuditRow.id))) or 0
