"""Treatment sessions: the visits of a signed plan's course, started from the last answers,
re-screened on the day, charted and signed off (or ended not treated), then read-only.

Each public method is one use case (one unit of work), permission-checked and audited; the
audit trail says what was done to which session, never what the session holds. The rules a
save follows live in session_rules.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from consult_app.domain.chart import Device, device_list_problems
from consult_app.domain.consent import Amendment
from consult_app.domain.course import CourseProgress
from consult_app.domain.permissions import Permission
from consult_app.domain.screening import ScreeningResult
from consult_app.domain.session_date import SessionDateLimits
from consult_app.domain.treatment import (
    SessionInput,
    SessionStatus,
    SessionSummary,
    TreatmentSession,
)
from consult_app.domain.validation import check_text
from consult_app.errors import ConsultError, Problem, ValidationError
from consult_app.services.access import require, use_case
from consult_app.services.context import AppContext
from consult_app.services.session_rules import (
    check_date,
    date_limits,
    day_after_save,
    previous_answers,
    screened,
    session_draft,
    sign_off_problems,
    signed_course,
)
from consult_app.store.repositories.treatments import Finish

ENTITY = "session"
DEVICES_KEY = "devices"


def _required_text(field: str, label: str, value: str) -> list[Problem]:
    if not value.strip():
        return [Problem(field, f"{label} is required.")]
    message = check_text(label, value)
    return [Problem(field, message)] if message else []


class TreatmentService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    # Appointments: dates, numbers and due status, which reception may see.

    @use_case(write=False)
    def courses(self, client_id: int) -> list[CourseProgress]:
        """Each signed plan's progress, newest consultation first."""
        require(self.context, Permission.SEE_APPOINTMENTS, "client", client_id)
        with self.context.store.reading() as uow:
            return uow.treatments.courses(client_id)

    @use_case(write=False)
    def sessions(self, client_id: int) -> list[SessionSummary]:
        """The client's sessions, newest first."""
        require(self.context, Permission.SEE_APPOINTMENTS, "client", client_id)
        with self.context.store.reading() as uow:
            return uow.treatments.for_client(client_id)

    @use_case(write=False)
    def course_view(self, client_id: int) -> tuple[list[CourseProgress], list[SessionSummary]]:
        """`courses` and `sessions` together, as the client panel shows them at each choice of
        client: one transaction and one check of the account instead of two."""
        require(self.context, Permission.SEE_APPOINTMENTS, "client", client_id)
        with self.context.store.reading() as uow:
            return uow.treatments.courses(client_id), uow.treatments.for_client(client_id)

    # Clinical reads: answers, findings and charts.

    @use_case()
    def get(self, session_id: int) -> TreatmentSession:
        """Open a session's record (answers, findings, chart); the view is audited."""
        require(self.context, Permission.VIEW_MEDICAL_RECORD, ENTITY, session_id)
        with self.context.store.writing() as uow:
            found = uow.treatments.get(session_id)
            self.context.audit(uow, "view", ENTITY, session_id)
            return found

    @use_case()
    def previous_answers(self, consultation_id: int) -> dict[str, Any]:
        """The answers as last known for this course, which a new session starts from."""
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            consultation = signed_course(uow, consultation_id)
            self.context.audit(uow, "view", "consultation", consultation_id, "previous answers")
            return previous_answers(uow, consultation)

    @use_case()
    def draft_for(self, consultation_id: int) -> TreatmentSession | None:
        """The session of this course still in progress, to resume; None if there is none."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            found = uow.treatments.draft_for(consultation_id)
            if found is not None:
                self.context.audit(uow, "view", ENTITY, found.id)
            return found

    @use_case(write=False)
    def screen(
        self, consultation_id: int, session_date: date, answers_json: dict[str, Any]
    ) -> ScreeningResult:
        """Findings for the day's answers so far, on the session date, with timing cautions."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            consultation = signed_course(uow, consultation_id)
            return screened(self.context, uow, consultation, session_date, answers_json)[1]

    # Running a session.

    @use_case()
    def start(self, consultation_id: int, session_date: date) -> TreatmentSession:
        """A new draft session of this course on `session_date`, with the last answers."""
        user = require(self.context, Permission.CONSULT, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            consultation = signed_course(uow, consultation_id)
            check_date(self.context, uow, consultation, session_date)
            if uow.treatments.draft_for(consultation_id) is not None:
                raise ConsultError(
                    "A session of this course is already in progress. Continue that one, "
                    "or end it, before starting another."
                )
            state = SessionInput(answers_json=previous_answers(uow, consultation))
            draft, _, _ = session_draft(self.context, uow, consultation, session_date, state)
            started = uow.treatments.start(
                consultation_id,
                consultation.client_id,
                session_date,
                user.id,
                draft,
                self.context.actor,
            )
            self.context.audit(uow, "create", ENTITY, started.id)
            return started

    @use_case(write=False)
    def date_limits(self, consultation_id: int) -> SessionDateLimits:
        """The days this course's next session can be dated on, for the wizard's date field."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            return date_limits(self.context, uow, signed_course(uow, consultation_id))

    @use_case()
    def save_draft(
        self, session_id: int, expected_version: int, state: SessionInput
    ) -> TreatmentSession:
        """Save the wizard's state; refused (StaleRecordError) if another save came in between."""
        require(self.context, Permission.CONSULT, ENTITY, session_id)
        with self.context.store.writing() as uow:
            before = uow.treatments.current(session_id, expected_version)
            consultation = uow.consultations.get(before.consultation_id)
            on = day_after_save(self.context, uow, consultation, before, state)
            draft, _, _ = session_draft(self.context, uow, consultation, on, state)
            saved = uow.treatments.save(session_id, expected_version, draft, self.context.actor)
            self.context.audit(uow, "change", ENTITY, session_id, "draft")
            return saved

    @use_case()
    def end_not_treated(
        self, session_id: int, expected_version: int, state: SessionInput, reason: str
    ) -> TreatmentSession:
        """End the session without treatment (a stop, or a decision to wait or refer), with the
        reason; it is read-only from then on."""
        require(self.context, Permission.CONSULT, ENTITY, session_id)
        problems = _required_text("reason", "The reason", reason)
        if problems:
            raise ValidationError(problems)
        with self.context.store.writing() as uow:
            before = uow.treatments.current(session_id, expected_version)
            consultation = uow.consultations.get(before.consultation_id)
            on = day_after_save(self.context, uow, consultation, before, state)
            draft, _, _ = session_draft(self.context, uow, consultation, on, state, reason.strip())
            finish = Finish(SessionStatus.NOT_TREATED, self.context.actor)
            ended = uow.treatments.save(
                session_id, expected_version, draft, self.context.actor, finish
            )
            self.context.audit(uow, "not_treated", ENTITY, session_id)
            return ended

    @use_case()
    def sign_off(
        self, session_id: int, expected_version: int, state: SessionInput
    ) -> TreatmentSession:
        """Sign the session off as treated: numbered in the course, its batch numbers kept for
        tracing, read-only from then on. ValidationError lists everything still needed."""
        require(self.context, Permission.CONSULT, ENTITY, session_id)
        with self.context.store.writing() as uow:
            before = uow.treatments.current(session_id, expected_version)
            consultation = uow.consultations.get(before.consultation_id)
            on = day_after_save(self.context, uow, consultation, before, state)
            draft, result, answers = session_draft(self.context, uow, consultation, on, state)
            problems = sign_off_problems(self.context, consultation, on, state, result, answers)
            if problems:
                raise ValidationError(problems)
            number = uow.treatments.treated_count(consultation.id) + 1
            finish = Finish(SessionStatus.TREATED, self.context.actor, number)
            signed = uow.treatments.save(
                session_id, expected_version, draft, self.context.actor, finish
            )
            uow.treatments.add_lots(session_id, state.chart.lots())
            self.context.audit(uow, "sign", ENTITY, session_id)
            return signed

    # Corrections.

    @use_case()
    def amend(self, session_id: int, reason: str, change: str) -> Amendment:
        """Add a correction to a finished session; what was signed off stays as it was. The
        amendment names the session's consultation."""
        require(self.context, Permission.CONSULT, ENTITY, session_id)
        problems = _required_text("reason", "The reason", reason)
        problems += _required_text("change", "The correction", change)
        if problems:
            raise ValidationError(problems)
        with self.context.store.writing() as uow:
            if uow.treatments.get(session_id).is_draft:
                raise ValidationError(
                    [Problem("session", "is still in progress: change it directly")]
                )
            amendment = uow.treatments.amend(
                session_id, reason.strip(), change.strip(), self.context.actor
            )
            self.context.audit(uow, "amend", ENTITY, session_id)
            return amendment

    @use_case(write=False)
    def amendments(self, session_id: int) -> list[Amendment]:
        require(self.context, Permission.VIEW_MEDICAL_RECORD, ENTITY, session_id)
        with self.context.store.reading() as uow:
            return uow.treatments.amendments(session_id)

    # The clinic's devices.

    @use_case(write=False)
    def devices(self) -> list[Device]:
        """The clinic's devices, as the chart offers them."""
        require(self.context, Permission.CONSULT, "clinic")
        with self.context.store.reading() as uow:
            return [Device.from_json(d) for d in uow.settings.get(DEVICES_KEY, [])]

    @use_case()
    def save_devices(self, devices: list[Device]) -> None:
        """Replace the clinic's device list (the owner's); each serial number once."""
        require(self.context, Permission.CLINIC_SETTINGS, "clinic")
        problems = device_list_problems(devices)
        if problems:
            raise ValidationError(problems)
        with self.context.store.writing() as uow:
            uow.settings.put(
                DEVICES_KEY,
                [
                    Device(d.make.strip(), d.model.strip(), d.serial.strip()).to_json()
                    for d in devices
                ],
            )
            self.context.audit(uow, "change", "clinic", None, "devices")
