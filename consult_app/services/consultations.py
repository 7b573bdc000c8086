"""Starting, saving, signing and completing consultations; findings always come from the engine."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from consult_app.domain.answers import answers_to_json, parse_answers
from consult_app.domain.assessment import Assessment, parse_assessment
from consult_app.domain.consent import Amendment, ConsentRecord, Signatures
from consult_app.domain.consent_text import build_consent_text, consent_sha256
from consult_app.domain.consultation import Consultation, Decision, DecisionChoice
from consult_app.domain.permissions import Permission
from consult_app.domain.plan import Plan, plan_problems
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, ScreeningResult, screen
from consult_app.domain.texts import ConsentTemplate
from consult_app.domain.validation import check_text
from consult_app.errors import ConsultError, Problem, ValidationError
from consult_app.services.access import require
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.documents import build_consent_pdf, paper_setting, sha256
from consult_app.store.base import utc_now
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


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def goes_ahead(result: ScreeningResult, decisions: tuple[Decision, ...]) -> bool:
    """Treatment can be planned today: no stop, and no caution decided as wait or refer."""
    cautions = {f.rule for f in result.findings if f.severity is Severity.CAUTION}
    waiting = any(
        d.choice is not DecisionChoice.PROCEED_MODIFIED for d in decisions if d.rule in cautions
    )
    return result.outcome is not Outcome.STOP and not waiting


class ConsultationService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def get(self, consultation_id: int) -> Consultation:
        """Open a consultation's record (answers, findings, notes); the view is audited."""
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            consultation = uow.consultations.get(consultation_id)
            self.context.audit(uow, "view", "consultation", consultation_id)
            return consultation

    def _client_of(self, consultation_id: int) -> int:
        with self.context.store.reading() as uow:
            return uow.consultations.get(consultation_id).client_id

    def screen(
        self, client_id: int, state: ConsultationInput, *, complete: bool = False
    ) -> ScreeningResult:
        """Findings for the answers so far (a draft may be incomplete)."""
        require(self.context, Permission.CONSULT, "client", client_id)
        answers = parse_answers(
            self.context.content.questionnaire, state.answers_json, complete=complete
        )
        return self._screen_parsed(client_id, answers, state.assessment)

    def _screen_parsed(
        self, client_id: int, answers: dict[str, Any], assessment: Assessment
    ) -> ScreeningResult:
        with self.context.store.reading() as uow:
            born = uow.clients.get(client_id).details.date_of_birth
        return screen(self.context.content.rules, answers, assessment, born, self.context.today())

    def consent_text(self, client_id: int, state: ConsultationInput) -> ConsentTemplate:
        """The consent exactly as the client reads it, with their own plan and cautions."""
        result = self.screen(client_id, state)
        content = self.context.content
        return build_consent_text(
            content.consent, content.plan, result.findings, state.decisions, state.plan
        )

    def _draft(
        self, client_id: int, state: ConsultationInput, *, complete: bool
    ) -> tuple[ConsultationDraft, bool]:
        """What a save writes, and whether treatment goes ahead (answers screened once)."""
        content = self.context.content
        answers = parse_answers(content.questionnaire, state.answers_json, complete=complete)
        result = self._screen_parsed(client_id, answers, state.assessment)
        ahead = goes_ahead(result, state.decisions)
        draft = ConsultationDraft(
            answers_json=answers_to_json(answers),
            assessment=state.assessment,
            goals=state.goals,
            findings=result.findings,
            decisions=state.decisions,
            plan=state.plan if ahead else None,
            outcome=result.outcome,
            reassess_on=result.reassess_on,
            content_versions=content.versions,
            wizard_page=state.wizard_page,
        )
        return draft, ahead

    def start(self, client_id: int, state: ConsultationInput | None = None) -> Consultation:
        """Open a new draft consultation for today."""
        user = require(self.context, Permission.CONSULT, "client", client_id)
        draft, _ = self._draft(client_id, state or ConsultationInput(), complete=False)
        with self.context.store.writing() as uow:
            uow.clients.get(client_id)  # a clear NotFoundError before anything is written
            started = uow.consultations.start(
                client_id, self.context.today(), user.id, draft, self.context.actor
            )
            self.context.audit(uow, "create", "consultation", started.id)
            return started

    def save_draft(
        self, consultation_id: int, expected_version: int, state: ConsultationInput
    ) -> Consultation:
        """Save the wizard's state; refused (StaleRecordError) if another save came in between."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        draft, _ = self._draft(self._client_of(consultation_id), state, complete=False)
        with self.context.store.writing() as uow:
            saved = uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor
            )
            self.context.audit(uow, "change", "consultation", consultation_id, "draft")
            return saved

    def _final_draft(
        self, consultation_id: int, state: ConsultationInput
    ) -> tuple[ConsultationDraft, bool]:
        """The draft to complete and whether treatment goes ahead; refuses anything forgotten."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        content = self.context.content
        parse_assessment(
            content.questionnaire, state.assessment.to_json(), require_fitzpatrick=True
        )
        client_id = self._client_of(consultation_id)
        draft, ahead = self._draft(client_id, state, complete=True)
        _check_decisions(draft)
        if ahead:
            if state.plan is None:
                raise ValidationError([Problem("plan", "treatment goes ahead, so it needs a plan")])
            problems = plan_problems(state.plan, content.plan, state.assessment)
            if problems:
                raise ValidationError(problems)
        return draft, ahead

    def complete(
        self, consultation_id: int, expected_version: int, state: ConsultationInput
    ) -> Consultation:
        """Finish a consultation where treatment does not go ahead today (no consent to sign)."""
        draft, ahead = self._final_draft(consultation_id, state)
        if ahead:
            raise ValidationError(
                [
                    Problem(
                        "consent",
                        "treatment goes ahead, so the client's consent must be signed first",
                    )
                ]
            )
        with self.context.store.writing() as uow:
            done = uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor, complete=True
            )
            self.context.audit(uow, "complete", "consultation", consultation_id)
            return done

    def sign(
        self,
        consultation_id: int,
        expected_version: int,
        state: ConsultationInput,
        signatures: Signatures,
    ) -> Consultation:
        """Record the signed consent and complete the consultation, in one transaction."""
        draft, ahead = self._final_draft(consultation_id, state)
        if not ahead:
            raise ValidationError(
                [Problem("consent", "treatment does not go ahead today: nothing to sign")]
            )
        problems = [
            Problem(name, "a signature is needed" if not png else "is not a PNG picture")
            for name, png in (
                ("client_signature", signatures.client_png),
                ("practitioner_signature", signatures.practitioner_png),
            )
            if not png.startswith(PNG_SIGNATURE)
        ]
        if not signatures.practitioner_name.strip():
            problems.append(Problem("practitioner_name", "the practitioner's name is needed"))
        if problems:
            raise ValidationError(problems)
        content = self.context.content
        text = build_consent_text(
            content.consent, content.plan, draft.findings, state.decisions, state.plan
        )
        clinic = ClinicService(self.context).details()
        paper = paper_setting(self.context)
        if clinic is None:
            raise ConsultError("Set up the clinic's details before signing a consent.")
        with self.context.store.writing() as uow:
            client = uow.clients.get(uow.consultations.get(consultation_id).client_id)
            done = uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor, complete=True
            )
            record = ConsentRecord(
                id=0,
                consultation_id=consultation_id,
                template_version=text.version,
                text_sha256=consent_sha256(text),
                signed_at=utc_now().replace(microsecond=0),
                client_name=client.details.full_name,
                practitioner_name=signatures.practitioner_name.strip(),
                photo_consent=signatures.photo_consent,
                client_signature=signatures.client_png,
                practitioner_signature=signatures.practitioner_png,
            )
            # The PDF is made once, now, and kept with its fingerprint: the paper the client
            # signed can always be reproduced exactly and any later change to it detected.
            sequence = len(uow.consents.for_consultation(consultation_id)) + 1
            pdf = build_consent_pdf(
                self.context, done, client.details, clinic, record, sequence, paper
            )
            uow.consents.add(replace(record, pdf_sha256=sha256(pdf)), pdf)
            self.context.audit(uow, "sign", "consultation", consultation_id)
            return done

    def consents(self, consultation_id: int) -> list[ConsentRecord]:
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            return uow.consents.for_consultation(consultation_id)

    def amend(self, consultation_id: int, reason: str, change: str) -> Amendment:
        """Add a correction to a completed consultation; what was signed stays as it was."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        problems = [
            Problem(name, message)
            for name, value, label in (
                ("reason", reason, "The reason"),
                ("change", change, "The correction"),
            )
            for message in [
                f"{label} is required." if not value.strip() else check_text(label, value)
            ]
            if message
        ]
        if problems:
            raise ValidationError(problems)
        with self.context.store.writing() as uow:
            if not uow.consultations.get(consultation_id).is_completed:
                raise ValidationError(
                    [Problem("consultation", "is still a draft: change it directly")]
                )
            amendment = uow.consents.amend(
                consultation_id, reason.strip(), change.strip(), self.context.actor
            )
            self.context.audit(uow, "amend", "consultation", consultation_id)
            return amendment

    def amendments(self, consultation_id: int) -> list[Amendment]:
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            return uow.consents.amendments(consultation_id)


def _check_decisions(draft: ConsultationDraft) -> None:
    decided = {d.rule for d in draft.decisions if d.note.strip()}
    problems = [
        Problem(f"decisions.{f.rule}", "needs a decision and a short note")
        for f in draft.findings
        if f.severity is Severity.CAUTION and f.rule not in decided
    ]
    if problems:
        raise ValidationError(problems)
