"""Consultations: drafts saved page by page, completed ones kept as they were made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Text, bindparam, delete, exists, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from consult_app.domain.assessment import Assessment
from consult_app.domain.consultation import Consultation, ConsultationSummary, Decision, Status
from consult_app.domain.plan import Plan
from consult_app.domain.screening import Finding, Outcome
from consult_app.domain.withdrawal import Shown, Withdrawal, finding_key
from consult_app.errors import NotFoundError, StaleRecordError
from consult_app.store.base import utc_now
from consult_app.store.prepared import fetch_typed
from consult_app.store.repositories.versioned import minutes, new_row_stamp, update_if_current
from consult_app.store.rows import ClientRow, ConsentRow, ConsultationRow, UserRow

# Stored words to their enums by a dict lookup: calling the enum costs more, 50 lines a client.
_STATUSES = {str(status): status for status in Status}
_OUTCOMES = {str(outcome): outcome for outcome in Outcome}


@dataclass(frozen=True, slots=True)
class ConsultationDraft:
    """Everything a save writes; the services build it from the wizard's state."""

    answers_json: dict[str, object]
    assessment: Assessment
    goals: tuple[str, ...]
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    plan: Plan | None
    outcome: Outcome | None
    reassess_on: date | None
    content_versions: dict[str, str]
    wizard_page: str
    shown: tuple[Shown, ...] = ()
    withdrawn: tuple[Withdrawal, ...] = ()


def _shown(findings: list[dict[str, object]]) -> tuple[Shown, ...]:
    """A finding's entry carries "shown" (the answers it rested on) once it was shown."""
    return tuple(
        Shown(Finding.from_json(f), dict(f["shown"]))  # type: ignore[call-overload]
        for f in findings
        if f.get("shown") is not None
    )


def _findings_json(draft: ConsultationDraft) -> list[dict[str, object]]:
    shown = {finding_key(s.finding): s.basis for s in draft.shown}
    return [
        {**f.to_json(), **({"shown": shown[finding_key(f)]} if finding_key(f) in shown else {})}
        for f in draft.findings
    ]


def _to_consultation(row: ConsultationRow, practitioner: str | None) -> Consultation:
    return Consultation(
        id=row.id,
        client_id=row.client_id,
        consultation_date=row.consultation_date,
        status=Status(row.status),
        version=row.version,
        practitioner=practitioner,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        **_content({name: getattr(row, name) for name in _CONTENT_COLUMNS}),
    )


_CONTENT_COLUMNS = (
    "answers",
    "assessment",
    "goals",
    "findings",
    "decisions",
    "plan",
    "outcome",
    "reassess_on",
    "content_versions",
    "wizard_page",
    "withdrawn",
)


def _content(values: Mapping[str, Any]) -> dict[str, Any]:
    """A consultation's content from its columns' values as read (the JSON ones decoded)."""
    assessment = values["assessment"]
    return {
        "answers_json": dict(values["answers"]),
        "assessment": Assessment(
            fitzpatrick=assessment.get("fitzpatrick"),
            glogau=assessment.get("glogau"),
            concerns=tuple(assessment.get("concerns", ())),
            acne_scar_types=tuple(assessment.get("acne_scar_types", ())),
            acne_scar_grade=assessment.get("acne_scar_grade"),
        ),
        "goals": tuple(values["goals"]),
        "findings": tuple(Finding.from_json(f) for f in values["findings"]),
        "decisions": tuple(Decision.from_json(d) for d in values["decisions"]),
        "plan": Plan.from_json(values["plan"]) if values["plan"] else None,
        "outcome": Outcome(values["outcome"]) if values["outcome"] else None,
        "reassess_on": values["reassess_on"],
        "content_versions": dict(values["content_versions"]),
        "wizard_page": values["wizard_page"],
        "shown": _shown(values["findings"]),
        "withdrawn": tuple(Withdrawal.from_json(w) for w in values["withdrawn"] or ()),
    }


def _content_of(draft: ConsultationDraft) -> dict[str, Any]:
    """What `_content` reads back from `_columns(draft)`, taken from the draft itself: a save
    hands back what it wrote, and decoding the JSON it has just encoded cost more than its
    UPDATE's own Python."""
    basis = {finding_key(s.finding): s.basis for s in draft.shown}
    assessment = draft.assessment
    return {
        "answers_json": dict(draft.answers_json),
        "assessment": replace(
            assessment,
            concerns=tuple(assessment.concerns),
            acne_scar_types=tuple(assessment.acne_scar_types),
        ),
        "goals": tuple(draft.goals),
        "findings": tuple(draft.findings),
        "decisions": tuple(draft.decisions),
        "plan": draft.plan,
        "outcome": draft.outcome,
        "reassess_on": draft.reassess_on,
        "content_versions": dict(draft.content_versions),
        "wizard_page": draft.wizard_page,
        # As `_findings_json` writes them: only for a finding these answers still give.
        "shown": tuple(
            Shown(f, dict(basis[finding_key(f)])) for f in draft.findings if finding_key(f) in basis
        ),
        "withdrawn": tuple(draft.withdrawn),
    }


def _columns(draft: ConsultationDraft) -> dict[str, object]:
    return {
        "answers": draft.answers_json,
        "assessment": draft.assessment.to_json(),
        "goals": list(draft.goals),
        "findings": _findings_json(draft),
        "decisions": [d.to_json() for d in draft.decisions],
        "plan": draft.plan.to_json() if draft.plan else None,
        "outcome": str(draft.outcome) if draft.outcome else None,
        "reassess_on": draft.reassess_on,
        "content_versions": draft.content_versions,
        "wizard_page": draft.wizard_page,
        "withdrawn": [w.to_json() for w in draft.withdrawn] or None,
    }


@cache
def history_statement() -> Select[int, date, str, str | None, str, bool, bool]:
    """A client's history lines (`client_id`), newest first; built once, run per click."""
    signed = exists().where(ConsentRow.consultation_id == ConsultationRow.id)
    # Whether a plan was saved, told in SQL: no plan is SQL NULL or JSON null, by how it was
    # written; reading the plan itself would parse 50 JSON documents to test one bit.
    has_plan = func.coalesce(sql_cast(ConsultationRow.plan, Text), "null") != "null"
    return (
        select(
            ConsultationRow.id,
            ConsultationRow.consultation_date,
            ConsultationRow.status,
            ConsultationRow.outcome,
            UserRow.display_name,
            signed.label("is_signed"),
            has_plan.label("has_plan"),
        )
        .outerjoin(UserRow, UserRow.id == ConsultationRow.practitioner_id)
        .where(
            ConsultationRow.client_id == bindparam("client_id"),
            ConsultationRow.status != str(Status.VOID),  # voided drafts are kept, not listed
        )
        .order_by(ConsultationRow.consultation_date.desc(), ConsultationRow.id.desc())
    )


@dataclass(frozen=True, slots=True)
class SaveBasis:
    """What a save needs of the stored consultation: whose it is and the client's date of
    birth (for screening), its status and version, the findings shown and those withdrawn."""

    id: int
    client_id: int
    consultation_date: date
    status: Status
    version: int
    practitioner: str | None
    date_of_birth: date | None
    shown: tuple[Shown, ...]
    withdrawn: tuple[Withdrawal, ...]


@cache
def basis_statement() -> Select[Any]:
    """A `SaveBasis`'s columns for one consultation (`consultation_id`); built once, as a
    draft is saved at every page of the wizard."""
    return (
        select(
            ConsultationRow.id,
            ConsultationRow.client_id,
            ConsultationRow.consultation_date,
            ConsultationRow.status,
            ConsultationRow.version,
            UserRow.display_name,
            ClientRow.date_of_birth,
            ConsultationRow.findings,
            ConsultationRow.withdrawn,
        )
        .join(ClientRow, ClientRow.id == ConsultationRow.client_id)
        .outerjoin(UserRow, UserRow.id == ConsultationRow.practitioner_id)
        .where(ConsultationRow.id == bindparam("consultation_id"))
    )


class ConsultationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def start(
        self,
        client_id: int,
        on: date,
        practitioner_id: int | None,
        draft: ConsultationDraft,
        by: str,
    ) -> Consultation:
        row = ConsultationRow(
            client_id=client_id,
            practitioner_id=practitioner_id,
            consultation_date=on,
            status=str(Status.DRAFT),
            **new_row_stamp(by),
            **_columns(draft),
        )
        self.session.add(row)
        self.session.flush()
        return self.get(row.id)

    def get(self, consultation_id: int) -> Consultation:
        found = self.session.execute(
            select(ConsultationRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == ConsultationRow.practitioner_id)
            .where(ConsultationRow.id == consultation_id)
        ).first()
        if found is None:
            raise NotFoundError(f"There is no consultation with number {consultation_id}.")
        return _to_consultation(found[0], found[1])

    def basis(self, consultation_id: int) -> SaveBasis:
        """What a save over this consultation needs of it, in one statement."""
        # On the driver's cursor (store/prepared.py): a draft is saved at every wizard page.
        found = fetch_typed(self.session, basis_statement(), {"consultation_id": consultation_id})
        if not found:
            raise NotFoundError(f"There is no consultation with number {consultation_id}.")
        number, client_id, on, status, version, practitioner, born, findings, withdrawn = found[0]
        return SaveBasis(
            number,
            client_id,
            on,
            _STATUSES[status],
            version,
            practitioner,
            born,
            _shown(findings),
            tuple(Withdrawal.from_json(w) for w in withdrawn or ()),
        )

    def save(
        self,
        consultation_id: int,
        expected_version: int,
        draft: ConsultationDraft,
        by: str,
        *,
        complete: bool = False,
        over: SaveBasis | None = None,
    ) -> Consultation:
        """Write a draft (or complete it) only over the version the caller read.

        Given `over`, read in this transaction at `expected_version`, the saved consultation is
        made from it and what was written, without reading it back: the version check passing
        means nobody wrote in between.
        """
        values = _columns(draft)
        if complete:
            values["status"] = str(Status.COMPLETED)
        at = utc_now()
        if not update_if_current(
            self.session,
            ConsultationRow,
            consultation_id,
            expected_version,
            values,
            by,
            status=str(Status.DRAFT),
            at=at,
        ):
            raise self._stale(consultation_id)
        if over is None or over.id != consultation_id or over.version != expected_version:
            return self.get(consultation_id)
        return Consultation(
            id=consultation_id,
            client_id=over.client_id,
            consultation_date=over.consultation_date,
            status=Status.COMPLETED if complete else Status.DRAFT,
            version=expected_version + 1,
            practitioner=over.practitioner,
            updated_at=at,
            updated_by=by,
            **_content_of(draft),
        )

    def _stale(self, consultation_id: int) -> StaleRecordError:
        current = self.get(consultation_id)
        what = {
            Status.COMPLETED: "consultation (now completed)",
            Status.VOID: "consultation (now voided)",
        }.get(current.status, "consultation")
        return StaleRecordError(what, current.updated_by, minutes(current.updated_at))

    def void(
        self,
        consultation_id: int,
        expected_version: int,
        reason: str,
        by: str,
        draft: ConsultationDraft | None = None,
    ) -> Consultation:
        """Set a draft aside (with what was typed last, if given): kept, with who, when, why."""
        values = _columns(draft) if draft is not None else {}
        values.update(
            status=str(Status.VOID), voided_at=utc_now(), voided_by=by, void_reason=reason
        )
        if not update_if_current(
            self.session,
            ConsultationRow,
            consultation_id,
            expected_version,
            values,
            by,
            status=str(Status.DRAFT),
        ):
            raise self._stale(consultation_id)
        return self.get(consultation_id)

    def discard(self, consultation_id: int, expected_version: int) -> bool:
        """Delete a draft still at `expected_version`; the service checks nothing is in it."""
        result = self.session.execute(
            delete(ConsultationRow)
            .where(
                ConsultationRow.id == consultation_id,
                ConsultationRow.version == expected_version,
                ConsultationRow.status == str(Status.DRAFT),
            )
            .execution_options(synchronize_session=False)
        )
        self.session.expire_all()
        return cast("CursorResult[Any]", result).rowcount == 1  # what DML returns

    def history(self, client_id: int) -> list[ConsultationSummary]:
        # On the driver's cursor (store/prepared.py), with a statement built once: the panel
        # reads this each time a client is chosen, 50 lines for a regular client, and
        # SQLAlchemy's result rows cost more than the query.
        rows = fetch_typed(self.session, history_statement(), {"client_id": client_id})
        return [
            ConsultationSummary(
                number,
                on,
                _STATUSES[status],
                _OUTCOMES[outcome] if outcome else None,
                practitioner,
                bool(signed),
                bool(planned),
            )
            for number, on, status, outcome, practitioner, signed, planned in rows
        ]
