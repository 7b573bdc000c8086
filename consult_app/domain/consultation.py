"""A consultation: what was asked, seen, found, decided and planned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from consult_app.domain.assessment import Assessment
from consult_app.domain.plan import Plan
from consult_app.domain.screening import Finding, Outcome

if TYPE_CHECKING:  # the type only: nothing here needs withdrawal.py loaded
    from consult_app.domain.withdrawal import Shown, Withdrawal


class Status(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    VOID = "void"  # a draft set aside with a reason: kept, never continued, not listed


# What became of a consultation, in the words reception and the paper use alike: a treatment
# agreed and signed, a client not treated that day (a stop, a deferral or a referral), or one
# not finished yet.
SIGNED = "Signed"
NOT_TREATED = "Not suitable today"
IN_PROGRESS = "In progress"
VOIDED = "Voided"
UNSIGNED = "Completed, not signed"  # a plan but no consent: demo data, never the wizard's


def status_in_words(status: str, *, is_signed: bool, has_plan: bool) -> str:
    """A consultation's status as the list on screen and the record on paper say it."""
    if status == Status.DRAFT:
        return IN_PROGRESS
    if status == Status.VOID:
        return VOIDED
    if is_signed:
        return SIGNED
    return UNSIGNED if has_plan else NOT_TREATED


class DecisionChoice(StrEnum):
    PROCEED_MODIFIED = "proceed_modified"  # proceed with the stated change
    DEFER = "defer"
    REFER_GP = "refer_gp"


@dataclass(frozen=True, slots=True)
class Decision:
    """The practitioner's recorded decision on one caution."""

    rule: str
    choice: DecisionChoice
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "choice": str(self.choice), "note": self.note}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        return cls(data["rule"], DecisionChoice(data["choice"]), data.get("note", ""))


@dataclass(frozen=True, slots=True)
class Consultation:
    """A stored consultation as the services hand it out; never a live database row."""

    id: int
    client_id: int
    consultation_date: date
    status: Status
    version: int
    practitioner: str | None = None
    answers_json: dict[str, Any] = field(default_factory=dict)  # parse with the questionnaire
    assessment: Assessment = field(default_factory=Assessment)
    goals: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    decisions: tuple[Decision, ...] = ()
    plan: Plan | None = None
    outcome: Outcome | None = None
    reassess_on: date | None = None
    content_versions: dict[str, str] = field(default_factory=dict)
    wizard_page: str = ""
    updated_at: datetime | None = None
    updated_by: str | None = None
    shown: tuple[Shown, ...] = ()  # the findings the practitioner has been shown, still found
    withdrawn: tuple[Withdrawal, ...] = ()  # shown ones a changed answer removed, with reasons

    @property
    def is_completed(self) -> bool:
        return self.status is Status.COMPLETED

    @property
    def is_draft(self) -> bool:
        return self.status is Status.DRAFT


@dataclass(frozen=True, slots=True)
class ConsultationSummary:
    """A line of a client's consultation history."""

    id: int
    consultation_date: date
    status: Status
    outcome: Outcome | None
    practitioner: str | None
    is_signed: bool = False  # a consent was signed: the treatment went ahead
    # A plan kept without a signed consent: only in data made outside the wizard (the demo
    # clinic), where completing with a plan never went through signing.
    has_plan: bool = False


@dataclass(frozen=True, slots=True)
class ConsultationInput:
    """What the wizard holds so far; answers in their JSON form, as typed."""

    answers_json: dict[str, Any] = field(default_factory=dict)
    assessment: Assessment = field(default_factory=Assessment)
    goals: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    plan: Plan | None = None
    wizard_page: str = ""

    @classmethod
    def of(cls, consultation: Consultation) -> ConsultationInput:
        """The wizard state a stored draft resumes with."""
        return cls(
            consultation.answers_json,
            consultation.assessment,
            consultation.goals,
            consultation.decisions,
            consultation.plan,
            consultation.wizard_page,
        )
