"""Reading courses across the whole clinic (the recall list) and the sessions a batch number
was used in (tracing): a few set-wise queries, never one per client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from consult_app.domain.chart import LotKind
from consult_app.domain.consultation import Status
from consult_app.domain.plan import Plan
from consult_app.domain.treatment import SessionStatus
from consult_app.store.rows import (
    ClientRow,
    ConsentRow,
    ConsultationRow,
    SessionLotRow,
    TreatmentSessionRow,
    UserRow,
)

STREAM_BATCH = 2000  # rows fetched at a time: a server-side cursor on PostgreSQL


@dataclass(frozen=True, slots=True)
class CourseFacts:
    """What a course's progress is worked out from, with whom to call about it."""

    consultation_id: int
    client_id: int
    first_name: str
    last_name: str
    phone: str
    consultation_date: date
    plan: Plan  # its sessions and interval only: the recall list needs no more
    treated: int  # sessions treated so far
    last_treated_on: date | None


@dataclass(frozen=True, slots=True)
class TracedRow:
    kind: LotKind
    value: str
    session_id: int
    session_date: date
    number: int | None
    planned: int | None  # the plan's sessions
    client_id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str
    practitioner: str


def _treated() -> Any:
    return (
        select(
            TreatmentSessionRow.consultation_id.label("consultation_id"),
            func.count().label("treated"),
            func.max(TreatmentSessionRow.session_date).label("last_treated_on"),
        )
        .where(TreatmentSessionRow.status == str(SessionStatus.TREATED))
        .group_by(TreatmentSessionRow.consultation_id)
        .subquery("treated")
    )


def _courses(until: date | None, consultation_id: int | None = None) -> Select[Any]:
    """Signed consultations (a consent exists) with their treated sessions counted, each
    client's in order of consultation, so the newest course of a client comes last."""
    treated = _treated()
    signed = select(ConsentRow.id).where(ConsentRow.consultation_id == ConsultationRow.id).exists()
    # Two numbers read out of the plan by the database: decoding 100,000 whole plans in Python
    # took most of the recall list's time.
    sessions = ConsultationRow.plan["sessions"].as_integer()
    query = (
        select(
            ConsultationRow.id,
            ConsultationRow.client_id,
            ClientRow.first_name,
            ClientRow.last_name,
            ClientRow.phone,
            ConsultationRow.consultation_date,
            sessions,
            ConsultationRow.plan["interval_weeks"].as_integer(),
            func.coalesce(treated.c.treated, 0),
            treated.c.last_treated_on,
        )
        .join(ClientRow, ClientRow.id == ConsultationRow.client_id)
        .outerjoin(treated, treated.c.consultation_id == ConsultationRow.id)
        .where(
            ConsultationRow.status == str(Status.COMPLETED),
            sessions.is_not(None),  # no plan (SQL or JSON null): nothing to recall
            signed,
        )
    )
    if until is not None:  # a course is never due before its consultation's day
        query = query.where(ConsultationRow.consultation_date <= until)
    if consultation_id is not None:
        query = query.where(ConsultationRow.id == consultation_id)
    return query.order_by(
        ConsultationRow.client_id, ConsultationRow.consultation_date, ConsultationRow.id
    )


def _facts(row: Any) -> CourseFacts:
    (cid, client_id, first, last, phone, on, sessions, weeks, count, last_treated) = row
    plan = Plan((), int(sessions), int(weeks or 0))
    return CourseFacts(cid, client_id, first, last, phone, on, plan, int(count), last_treated)


class RecallRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count_courses(self, until: date | None = None) -> int:
        """How many signed consultations `courses(until)` reads (for a progress bar)."""
        inner = _courses(until).order_by(None).subquery()
        return int(self.session.scalar(select(func.count()).select_from(inner)) or 0)

    def courses(self, until: date | None = None) -> Iterator[CourseFacts]:
        """Every signed consultation with a plan (on or before `until`), in batches, in order
        of client and then of consultation."""
        query = _courses(until).execution_options(yield_per=STREAM_BATCH)
        for row in self.session.execute(query):
            yield _facts(row)

    def course(self, consultation_id: int) -> CourseFacts | None:
        """The course of one signed consultation; None if it is not signed or has no plan."""
        row = self.session.execute(_courses(None, consultation_id)).first()
        return _facts(row) if row is not None else None

    def traced(self, key: str, kind: LotKind | None = None) -> list[TracedRow]:
        """The treated sessions whose chart recorded a batch or serial with this folded key
        (domain.chart.lot_key), oldest first; the index on value_key finds them."""
        query = (
            select(
                SessionLotRow.kind,
                SessionLotRow.value,
                TreatmentSessionRow.id,
                TreatmentSessionRow.session_date,
                TreatmentSessionRow.number,
                ConsultationRow.plan["sessions"].as_integer(),
                ClientRow.id,
                ClientRow.first_name,
                ClientRow.last_name,
                ClientRow.date_of_birth,
                ClientRow.phone,
                func.coalesce(UserRow.display_name, TreatmentSessionRow.signed_by, ""),
            )
            .join(TreatmentSessionRow, TreatmentSessionRow.id == SessionLotRow.session_id)
            .join(ClientRow, ClientRow.id == TreatmentSessionRow.client_id)
            .join(ConsultationRow, ConsultationRow.id == TreatmentSessionRow.consultation_id)
            .outerjoin(UserRow, UserRow.id == TreatmentSessionRow.practitioner_id)
            .where(SessionLotRow.value_key == key)
            .order_by(TreatmentSessionRow.session_date, TreatmentSessionRow.id, SessionLotRow.id)
        )
        if kind is not None:
            query = query.where(SessionLotRow.kind == str(kind))
        return [TracedRow(LotKind(r[0]), *r[1:]) for r in self.session.execute(query)]
