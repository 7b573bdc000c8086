"""Starting, saving and completing consultations; findings always come from the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from consult_app.domain.answers import answers_to_json, parse_answers
from consult_app.domain.assessment import Assessment, parse_assessment
from consult_app.domain.consultation import Consultation, Decision
from consult_app.domain.plan import Plan
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, ScreeningResult, screen
from consult_app.errors import Problem, ValidationError
from consult_app.services.context import AppContext
from consult_app.store.repositories.consultations import ConsultationDraft


@dataclass(frozen=True, slots=True)
class ConsultationInput:
    """What the wizard holds so far; answers in their JSON form, as typed."""

    answers_json: dict[str, Any] = field(default_factory=dict)
    assessment: Assessment = field(default_factory=Assessment)
    goals: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    plan: Plan | None = None
    wizard_page: str = ""


class ConsultationService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def screen(
        self, client_id: int, state: ConsultationInput, *, complete: bool
    ) -> ScreeningResult:
        """Findings for the answers so far (a draft may be incomplete)."""
        content = self.context.content
        answers = parse_answers(content.questionnaire, state.answers_json, complete=complete)
        with self.context.store.reading() as uow:
            born = uow.clients.get(client_id).details.date_of_birth
        return screen(content.rules, answers, state.assessment, born, self.context.today())

    def _draft(
        self, client_id: int, state: ConsultationInput, *, complete: bool
    ) -> ConsultationDraft:
        content = self.context.content
        answers = parse_answers(content.questionnaire, state.answers_json, complete=complete)
        result = self.screen(client_id, state, complete=complete)
        return ConsultationDraft(
            answers_json=answers_to_json(answers),
            assessment=state.assessment,
            goals=state.goals,
            findings=result.findings,
            decisions=state.decisions,
            plan=state.plan if result.outcome is not Outcome.STOP else None,
            outcome=result.outcome,
            reassess_on=result.reassess_on,
            content_versions=content.versions,
            wizard_page=state.wizard_page,
        )

    def start(self, client_id: int, state: ConsultationInput | None = None) -> Consultation:
        """Open a new draft consultation for today."""
        draft = self._draft(client_id, state or ConsultationInput(), complete=False)
        user = self.context.user
        with self.context.store.writing() as uow:
            uow.clients.get(client_id)  # a clear NotFoundError before anything is written
            started = uow.consultations.start(
                client_id,
                self.context.today(),
                user.id if user else None,
                draft,
                self.context.actor,
            )
            uow.audit.record(self.context.actor, "create", "consultation", started.id)
            return started

    def save_draft(
        self, consultation_id: int, expected_version: int, state: ConsultationInput
    ) -> Consultation:
        """Save the wizard's state; refused (StaleRecordError) if another save came in between."""
        with self.context.store.reading() as uow:
            client_id = uow.consultations.get(consultation_id).client_id
        draft = self._draft(client_id, state, complete=False)
        with self.context.store.writing() as uow:
            return uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor
            )

    def complete(
        self, consultation_id: int, expected_version: int, state: ConsultationInput
    ) -> Consultation:
        """Check that nothing was forgotten, then store the consultation as completed."""
        with self.context.store.reading() as uow:
            client_id = uow.consultations.get(consultation_id).client_id
        parse_assessment(
            self.context.content.questionnaire, state.assessment.to_json(), require_fitzpatrick=True
        )
        draft = self._draft(client_id, state, complete=True)
        _check_decisions(draft)
        with self.context.store.writing() as uow:
            done = uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor, complete=True
            )
            uow.audit.record(self.context.actor, "complete", "consultation", consultation_id)
            return done


def _check_decisions(draft: ConsultationDraft) -> None:
    decided = {d.rule for d in draft.decisions if d.note.strip()}
    problems = [
        Problem(f"decisions.{f.rule}", "needs a decision and a short note")
        for f in draft.findings
        if f.severity is Severity.CAUTION and f.rule not in decided
    ]
    if draft.outcome is not Outcome.STOP and draft.plan is None:
        problems.append(Problem("plan", "a treatment plan is needed when treatment can go ahead"))
    if problems:
        raise ValidationError(problems)
