"""A treatment session: the re-screen on the day, the decisions, the chart, the sign-off."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from consult_app.domain.answers import Answers
from consult_app.domain.assessment import Assessment
from consult_app.domain.chart import Chart
from consult_app.domain.consultation import Decision
from consult_app.domain.course import CourseProgress, course_cautions
from consult_app.domain.rules import SEVERITY_ORDER, RuleSet
from consult_app.domain.screening import Finding, Outcome, ScreeningResult, outcome_of, screen


class SessionStatus(StrEnum):
    DRAFT = "draft"  # started, not signed off yet
    TREATED = "treated"  # charted and signed off by the practitioner: read-only from then on
    NOT_TREATED = "not_treated"  # ended without treatment (a stop, or a decision to defer)


SESSION_STATUS_WORDS = {
    SessionStatus.DRAFT: "In progress",
    SessionStatus.TREATED: "Treated",
    SessionStatus.NOT_TREATED: "Not treated",
}


@dataclass(frozen=True, slots=True)
class SessionInput:
    """What the session wizard holds so far; answers in their JSON form, as typed."""

    answers_json: dict[str, Any] = field(default_factory=dict)
    decisions: tuple[Decision, ...] = ()
    chart: Chart = field(default_factory=Chart)
    wizard_page: str = ""
    # The day of the visit as chosen (a visit written up late); None keeps the stored one.
    session_date: date | None = None


@dataclass(frozen=True, slots=True)
class TreatmentSession:
    """A stored treatment session as the services hand it out; never a live database row."""

    id: int
    consultation_id: int
    client_id: int
    session_date: date
    status: SessionStatus
    version: int
    number: int | None = None  # its place in the course once treated (1 = the first)
    practitioner: str | None = None
    answers_json: dict[str, Any] = field(default_factory=dict)  # every answer, as of the day
    changed: tuple[str, ...] = ()  # question ids answered differently from last time
    findings: tuple[Finding, ...] = ()  # screening on the session date, plus course cautions
    decisions: tuple[Decision, ...] = ()
    outcome: Outcome | None = None
    chart: Chart = field(default_factory=Chart)
    not_treated_reason: str = ""
    signed_at: datetime | None = None
    signed_by: str | None = None
    content_versions: dict[str, str] = field(default_factory=dict)
    wizard_page: str = ""
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.status is SessionStatus.DRAFT

    def input(self) -> SessionInput:
        """The wizard state a stored draft resumes with."""
        return SessionInput(
            self.answers_json, self.decisions, self.chart, self.wizard_page, self.session_date
        )


class SessionSummary(NamedTuple):
    """A line of a client's session list: dates, numbers and status only, fit for reception.

    A named tuple, not a frozen dataclass: a busy client has hundreds of lines, read at each
    choice of client, and a frozen dataclass takes five times as long to make."""

    id: int
    consultation_id: int
    session_date: date
    status: SessionStatus
    number: int | None
    practitioner: str | None


def changed_answers(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The question ids whose JSON answer differs between two visits, in `after`'s order."""
    keys = list(after) + [k for k in before if k not in after]
    return tuple(k for k in keys if before.get(k) != after.get(k))


def rescreen(
    rules: RuleSet,
    answers: Answers,
    assessment: Assessment,
    date_of_birth: date | None,
    session_date: date,
    course: CourseProgress,
) -> ScreeningResult:
    """Screen the day's answers on the session date (so waiting periods are counted to this
    day, not the consultation's) with the cautions the session's timing raises."""
    found = list(screen(rules, answers, assessment, date_of_birth, session_date).findings)
    found += course_cautions(course, session_date)
    found.sort(key=lambda f: SEVERITY_ORDER[f.severity])  # stable: timing cautions stay last
    return ScreeningResult(outcome_of(found), tuple(found))
