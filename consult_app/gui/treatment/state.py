"""What the session wizard's pages share: the client, the signed plan, the draft, the answers.

It speaks the same few words as the consultation wizard's state (`content`, `input`,
`update`, `screening`, `goes_ahead`, `consultations` for the printable-text check), so that
wizard's history form and cautions page serve a session unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from consult_app.domain.chart import Device
from consult_app.domain.client import Client
from consult_app.domain.consultation import Consultation
from consult_app.domain.course import CourseProgress
from consult_app.domain.screening import ScreeningResult
from consult_app.domain.session_date import SessionDateLimits, session_date_problems
from consult_app.domain.treatment import SessionInput, TreatmentSession, changed_answers
from consult_app.errors import Problem
from consult_app.services.consultations import ConsultationService, goes_ahead

if TYPE_CHECKING:
    from consult_app.gui.signed_in import SignedIn
    from consult_app.services.treatments import TreatmentService


@dataclass
class SessionState:
    client: Client
    consultation: Consultation  # the signed consultation whose plan this session follows
    session: TreatmentSession
    input: SessionInput
    previous: dict[str, Any]  # the answers given last time, to compare with today's
    treatments: TreatmentService
    consultations: ConsultationService
    practitioner_name: str
    devices: list[Device] = field(default_factory=list)
    course: CourseProgress | None = None
    # The days the session can be dated on (a draft's); None when not known, and then the
    # service alone refuses a wrong day, on saving.
    date_limits: SessionDateLimits | None = None
    # Whose turn opened the wizard: a document finished after a switch is not shown.
    signed_in: SignedIn | None = None

    @property
    def content(self):  # type: ignore[no-untyped-def]  # the services' Content; gui/ may not import content/
        return self.consultations.context.content

    @property
    def session_date(self) -> date:
        """The day of the visit: as chosen on the first page (a visit written up late), else
        as stored."""
        if self.is_read_only:
            return self.session.session_date
        return self.input.session_date or self.session.session_date

    def date_problems(self, day: date) -> list[Problem]:
        """What keeps the session from being dated `day`, as far as is known here."""
        if self.date_limits is None:
            return []
        return session_date_problems(day, self.date_limits)

    @property
    def is_read_only(self) -> bool:
        """Signed off or ended as not treated: shown as it was, changed only by an amendment."""
        return not self.session.is_draft

    def update(self, **changes: Any) -> None:
        self.input = replace(self.input, **changes)

    def screening(self) -> ScreeningResult:
        """The day's answers screened on the session date, with the course's timing cautions."""
        return self.treatments.screen(
            self.consultation.id, self.session_date, self.input.answers_json
        )

    def goes_ahead(self) -> bool:
        return goes_ahead(self.screening(), self.input.decisions)

    def changed(self) -> set[str]:
        """Question ids answered differently from last time (as stored, once read-only)."""
        if self.is_read_only:
            return set(self.session.changed)
        return set(changed_answers(self.previous, self.input.answers_json))
