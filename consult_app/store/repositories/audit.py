"""The audit trail: appended to, never changed (the database refuses updates and deletes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Insert, Select, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from consult_app.domain.audit import AuditEntry, AuditFilter
from consult_app.store.base import utc_now
from consult_app.store.prepared import write
from consult_app.store.rows import AuditRow, ClientRow, ConsultationRow, TreatmentSessionRow

# Records that belong to one client, by the entity name the audit trail gives them.
_OWNED: dict[str, type[ConsultationRow] | type[TreatmentSessionRow]] = {
    "consultation": ConsultationRow,
    "session": TreatmentSessionRow,
}

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
    if wanted.client_ids is not None:
        ids = wanted.client_ids
        conditions.append(
            or_(
                and_(AuditRow.entity == "client", AuditRow.entity_id.in_(ids)),
                *(
                    and_(
                        AuditRow.entity == entity,
                        AuditRow.entity_id.in_(select(row.id).where(row.client_id.in_(ids))),
                    )
                    for entity, row in _OWNED.items()
                ),
            )
        )
    return conditions


@cache
def audit_insert() -> Insert:
    """The INSERT of one entry, its columns given as parameters (built once: most use cases
    write one)."""
    return insert(AuditRow)


def _newest_first(wanted: AuditFilter) -> Select[AuditRow]:
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
        at: datetime | None = None,
    ) -> None:
        """Note who did what to which record; `detail` must never hold medical content.

        `at` is when it happened, for a row written later than that (store/write_hold.py)."""
        # On the driver's cursor (store/prepared.py), written at once: nothing to track until a
        # flush, and most use cases write one, so SQLAlchemy's set-up per statement shows.
        write(
            self.session,
            audit_insert(),
            {
                "at": at or utc_now(),
                "user_id": user_id,
                "username": username,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "detail": detail,
            },
        )

    def find(self, wanted: AuditFilter, limit: int, offset: int = 0) -> list[AuditEntry]:
        """One page of the matching entries, newest first."""
        rows = self.session.scalars(_newest_first(wanted).limit(limit).offset(offset))
        return self._with_client_names([_to_entry(row) for row in rows])

    def count(self, wanted: AuditFilter) -> int:
        query = select(func.count()).select_from(AuditRow).where(*_conditions(wanted))
        return self.session.scalar(query) or 0

    def stream(self, wanted: AuditFilter) -> Iterator[AuditEntry]:
        """Every matching entry, newest first, read in batches (a server-side cursor on
        PostgreSQL), so a million-line trail never sits in memory at once."""
        query = _newest_first(wanted).execution_options(yield_per=STREAM_BATCH)
        # The session's identity map holds rows weakly, so each batch is freed once converted.
        batch: list[AuditEntry] = []
        for row in self.session.scalars(query):
            batch.append(_to_entry(row))
            if len(batch) == STREAM_BATCH:
                yield from self._with_client_names(batch)
                batch = []
        yield from self._with_client_names(batch)

    def _with_client_names(self, entries: list[AuditEntry]) -> list[AuditEntry]:
        """The entries, each naming the client its client, consultation or session record
        belongs to; small lookups by primary key for a page, not a join over the whole trail."""
        client_ids = {e.entity_id for e in entries if e.entity == "client" and e.entity_id}
        owners: dict[tuple[str, int], int] = {}
        for entity, row in _OWNED.items():
            ids = {e.entity_id for e in entries if e.entity == entity and e.entity_id}
            if ids:
                query = select(row.id, row.client_id).where(row.id.in_(ids))
                owners |= {(entity, id_): client for id_, client in self.session.execute(query)}
        wanted = client_ids | set(owners.values())
        if not wanted:
            return entries
        named = select(ClientRow.id, ClientRow.first_name, ClientRow.last_name).where(
            ClientRow.id.in_(wanted)
        )
        names = {id_: f"{first} {last}".strip() for id_, first, last in self.session.execute(named)}

        def client_of(entry: AuditEntry) -> int | None:
            if entry.entity == "client":
                return entry.entity_id
            if entry.entity_id is None:
                return None
            return owners.get((entry.entity, entry.entity_id))

        return [
            replace(e, client_name=names.get(client_of(e) or 0, "")) if client_of(e) else e
            for e in entries
        ]

    def newest_id(self) -> int:
        """The id of the latest entry (0 for an empty trail), to pin a listing with."""
        return self.session.scalar(select(func.max(AuditRow.id))) or 0
