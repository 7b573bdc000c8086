"""Treatment sessions: drafts saved over their version, finished ones kept as they were finished
(the database refuses to change them), with their amendments and batch numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import Session

from consult_app.domain.chart import Chart, LotKind, lot_key
from consult_app.domain.consent import Amendment
from consult_app.domain.consultation import Decision, Status
from consult_app.domain.course import CourseProgress, course_after
from consult_app.domain.screening import Finding, Outcome
from consult_app.domain.treatment import SessionStatus, SessionSummary, TreatmentSession
from consult_app.errors import NotFoundError, StaleRecordError
from consult_app.store.base import utc_now
from consult_app.store.prepared import fetch_typed
from consult_app.store.repositories.versioned import minutes, new_row_stamp, update_if_current
from consult_app.store.rows import (
    ConsentRow,
    ConsultationRow,
    SessionAmendmentRow,
    SessionLotRow,
    TreatmentSessionRow,
    UserRow,
)

_DRAFT = str(SessionStatus.DRAFT)
_TREATED = str(SessionStatus.TREATED)
_STATUSES = {str(status): status for status in SessionStatus}  # a dict look-up per line


@dataclass(frozen=True, slots=True)
class SessionDraft:
    """Everything a save of a session writes; the services build it from the wizard's state."""

    answers_json: dict[str, object]
    changed: tuple[str, ...]
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    outcome: Outcome | None
    chart: Chart
    content_versions: dict[str, str]
    wizard_page: str
    not_treated_reason: str = ""
    session_date: date | None = None  # moved to this day; None leaves it as it is


@dataclass(frozen=True, slots=True)
class Finish:
    """How a draft ends: treated (with its number in the course) or not treated."""

    status: SessionStatus
    signed_by: str
    number: int | None = None


def _columns(draft: SessionDraft) -> dict[str, object]:
    return {
        "answers": draft.answers_json,
        "changed": list(draft.changed),
        "findings": [f.to_json() for f in draft.findings],
        "decisions": [d.to_json() for d in draft.decisions],
        "outcome": str(draft.outcome) if draft.outcome else None,
        "chart": draft.chart.to_json(),
        "content_versions": draft.content_versions,
        "wizard_page": draft.wizard_page,
        "not_treated_reason": draft.not_treated_reason,
    } | ({"session_date": draft.session_date} if draft.session_date else {})


def _to_session(row: TreatmentSessionRow, practitioner: str | None) -> TreatmentSession:
    return TreatmentSession(
        id=row.id,
        consultation_id=row.consultation_id,
        client_id=row.client_id,
        session_date=row.session_date,
        status=SessionStatus(row.status),
        version=row.version,
        number=row.number,
        practitioner=practitioner,
        answers_json=dict(row.answers),
        changed=tuple(row.changed),
        findings=tuple(Finding.from_json(f) for f in row.findings),
        decisions=tuple(Decision.from_json(d) for d in row.decisions),
        outcome=Outcome(row.outcome) if row.outcome else None,
        chart=Chart.from_json(row.chart),
        not_treated_reason=row.not_treated_reason,
        signed_at=row.signed_at,
        signed_by=row.signed_by,
        content_versions=dict(row.content_versions),
        wizard_page=row.wizard_page,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


@cache
def sessions_statement() -> Select[int, int, date, str, int | None, str]:
    """A client's (`client_id`) session lines, newest first; built once, run at each choice of
    client in the panel."""
    return (
        select(
            TreatmentSessionRow.id,
            TreatmentSessionRow.consultation_id,
            TreatmentSessionRow.session_date,
            TreatmentSessionRow.status,
            TreatmentSessionRow.number,
            UserRow.display_name,
        )
        .outerjoin(UserRow, UserRow.id == TreatmentSessionRow.practitioner_id)
        .where(TreatmentSessionRow.client_id == bindparam("client_id"))
        .order_by(TreatmentSessionRow.session_date.desc(), TreatmentSessionRow.id.desc())
    )


@cache
def courses_statement() -> Select[Any]:
    """Each of a client's (`client_id`) signed consultations with a plan, newest first, with
    what its progress is worked out from (`course_after`'s arguments): the plan's sessions and
    interval, read out by the database rather than whole plans decoded, and the count and
    latest day of its treated sessions. Built once, run at each choice of client."""
    treated = (
        select(
            TreatmentSessionRow.consultation_id,
            func.count().label("done"),
            func.max(TreatmentSessionRow.session_date).label("last_on"),
        )
        .where(
            TreatmentSessionRow.client_id == bindparam("client_id"),
            TreatmentSessionRow.status == _TREATED,
        )
        .group_by(TreatmentSessionRow.consultation_id)
        .subquery("treated")
    )
    planned = ConsultationRow.plan["sessions"].as_integer()
    signed = exists().where(ConsentRow.consultation_id == ConsultationRow.id)
    return (
        select(
            ConsultationRow.id,
            planned,
            func.coalesce(ConsultationRow.plan["interval_weeks"].as_integer(), 0),
            ConsultationRow.consultation_date,
            func.coalesce(treated.c.done, 0),
            treated.c.last_on,
        )
        .outerjoin(treated, treated.c.consultation_id == ConsultationRow.id)
        .where(
            ConsultationRow.client_id == bindparam("client_id"),
            ConsultationRow.status == str(Status.COMPLETED),
            planned.is_not(None),  # no plan (SQL or JSON null): no course
            signed,
        )
        .order_by(ConsultationRow.consultation_date.desc(), ConsultationRow.id.desc())
    )


def _amendment(row: SessionAmendmentRow, consultation_id: int) -> Amendment:
    return Amendment(
        row.id, consultation_id, row.created_at, row.created_by, row.reason, row.change
    )


class TreatmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def start(
        self,
        consultation_id: int,
        client_id: int,
        on: date,
        practitioner_id: int | None,
        draft: SessionDraft,
        by: str,
    ) -> TreatmentSession:
        row = TreatmentSessionRow(
            consultation_id=consultation_id,
            client_id=client_id,
            practitioner_id=practitioner_id,
            status=_DRAFT,
            **new_row_stamp(by),
            **(_columns(draft) | {"session_date": on}),
        )
        self.session.add(row)
        self.session.flush()
        return self.get(row.id)

    def get(self, session_id: int) -> TreatmentSession:
        found = self.session.execute(
            select(TreatmentSessionRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == TreatmentSessionRow.practitioner_id)
            .where(TreatmentSessionRow.id == session_id)
        ).first()
        if found is None:
            raise NotFoundError(f"There is no treatment session with number {session_id}.")
        return _to_session(found[0], found[1])

    def save(
        self,
        session_id: int,
        expected_version: int,
        draft: SessionDraft,
        by: str,
        finish: Finish | None = None,
    ) -> TreatmentSession:
        """Write a draft (or finish it) only over the version the caller read."""
        values = _columns(draft)
        if finish is not None:
            values.update(
                status=str(finish.status),
                number=finish.number,
                signed_at=utc_now().replace(microsecond=0),
                signed_by=finish.signed_by,
            )
        if not update_if_current(
            self.session,
            TreatmentSessionRow,
            session_id,
            expected_version,
            values,
            by,
            status=_DRAFT,
        ):
            raise self._stale(session_id)
        return self.get(session_id)

    def current(self, session_id: int, expected_version: int) -> TreatmentSession:
        """The session, if it is still the draft at `expected_version` the caller read; else
        StaleRecordError, before anything is checked against a session that has moved on.
        (The save itself checks again, in its one UPDATE.)"""
        found = self.get(session_id)
        if found.version != expected_version or not found.is_draft:
            raise self._stale(session_id)
        return found

    def _stale(self, session_id: int) -> StaleRecordError:
        current = self.get(session_id)
        what = {
            SessionStatus.TREATED: "treatment session (now signed off)",
            SessionStatus.NOT_TREATED: "treatment session (now ended without treatment)",
        }.get(current.status, "treatment session")
        return StaleRecordError(what, current.updated_by, minutes(current.updated_at))

    def add_lots(self, session_id: int, lots: tuple[tuple[LotKind, str], ...]) -> None:
        self.session.add_all(
            SessionLotRow(
                session_id=session_id, kind=str(kind), value=value, value_key=lot_key(value)
            )
            for kind, value in lots
        )
        self.session.flush()

    def lots(self, session_id: int) -> list[tuple[LotKind, str]]:
        rows = self.session.execute(
            select(SessionLotRow.kind, SessionLotRow.value)
            .where(SessionLotRow.session_id == session_id)
            .order_by(SessionLotRow.id)
        )
        return [(LotKind(kind), value) for kind, value in rows]

    def for_client(self, client_id: int) -> list[SessionSummary]:
        """The client's sessions, newest first: dates, numbers and status only."""
        rows = fetch_typed(self.session, sessions_statement(), {"client_id": client_id})
        make = SessionSummary._make  # one C-level tuple per line, no __new__ call
        return [
            make((session_id, consultation_id, on, _STATUSES[status], number, practitioner))
            for session_id, consultation_id, on, status, number, practitioner in rows
        ]

    def courses(self, client_id: int) -> list[CourseProgress]:
        """Where each of the client's signed plans stands, newest consultation first."""
        rows = fetch_typed(self.session, courses_statement(), {"client_id": client_id})
        return [course_after(*row) for row in rows]

    def treated_dates(self, client_id: int) -> dict[int, list[date]]:
        """The days each of the client's consultations had a treated session, by consultation."""
        rows = self.session.execute(
            select(TreatmentSessionRow.consultation_id, TreatmentSessionRow.session_date).where(
                TreatmentSessionRow.client_id == client_id,
                TreatmentSessionRow.status == _TREATED,
            )
        )
        found: dict[int, list[date]] = {}
        for consultation_id, on in rows:
            found.setdefault(consultation_id, []).append(on)
        return found

    def treated_count(self, consultation_id: int) -> int:
        return (
            self.session.scalar(
                select(func.count()).where(
                    TreatmentSessionRow.consultation_id == consultation_id,
                    TreatmentSessionRow.status == _TREATED,
                )
            )
            or 0
        )

    def _latest(self, consultation_id: int, *statuses: str) -> TreatmentSession | None:
        session_id = self.session.scalar(
            select(TreatmentSessionRow.id)
            .where(
                TreatmentSessionRow.consultation_id == consultation_id,
                TreatmentSessionRow.status.in_(statuses),
            )
            .order_by(TreatmentSessionRow.session_date.desc(), TreatmentSessionRow.id.desc())
            .limit(1)
        )
        return self.get(session_id) if session_id is not None else None

    def last_finished(self, consultation_id: int) -> TreatmentSession | None:
        """The latest session of the course that was treated or ended not treated."""
        return self._latest(consultation_id, _TREATED, str(SessionStatus.NOT_TREATED))

    def draft_for(self, consultation_id: int) -> TreatmentSession | None:
        return self._latest(consultation_id, _DRAFT)

    def amend(self, session_id: int, reason: str, change: str, by: str) -> Amendment:
        row = SessionAmendmentRow(
            session_id=session_id, created_at=utc_now(), created_by=by, reason=reason, change=change
        )
        self.session.add(row)
        self.session.flush()
        return _amendment(row, self.get(session_id).consultation_id)

    def amendments(self, session_id: int) -> list[Amendment]:
        consultation_id = self.get(session_id).consultation_id
        rows = self.session.scalars(
            select(SessionAmendmentRow)
            .where(SessionAmendmentRow.session_id == session_id)
            .order_by(SessionAmendmentRow.id)
        )
        return [_amendment(r, consultation_id) for r in rows]
