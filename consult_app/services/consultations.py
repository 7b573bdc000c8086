"""Starting, saving, signing and completing consultations; findings always come from the engine.

Each public method is one use case (one unit of work); the longer ones live by what they do:
drafting.py (what a save writes), voiding.py (putting a draft away), signing.py (completing
and signing).
"""

from __future__ import annotations

from typing import Any

from consult_app.domain.answers import parse_answers
from consult_app.domain.assessment import Assessment
from consult_app.domain.consent import Amendment, ConsentRecord, Signatures
from consult_app.domain.consent_text import build_consent_text
from consult_app.domain.consultation import Consultation

# Handed on: the wizard's state lives with the consultation now, where paper.py reads it too.
from consult_app.domain.consultation import ConsultationInput as ConsultationInput
from consult_app.domain.permissions import Permission
from consult_app.domain.screening import ScreeningResult, screen
from consult_app.domain.texts import ConsentTemplate
from consult_app.domain.validation import check_text
from consult_app.domain.withdrawal import ALL_SHOWN, STOPS_SHOWN
from consult_app.errors import Problem, ValidationError
from consult_app.services import signing, voiding
from consult_app.services.access import require, use_case
from consult_app.services.context import AppContext
from consult_app.services.drafting import born, draft_for, draft_over

# Handed on: the wizard and its tests ask the consultation service's module for these.
from consult_app.services.drafting import goes_ahead as goes_ahead
from consult_app.services.drafting import is_blank as is_blank
from consult_app.services.paper import PaperCheck, check_consent
from consult_app.services.withdrawals import audit_withdrawn


class ConsultationService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    @use_case()
    def get(self, consultation_id: int) -> Consultation:
        """Open a consultation's record (answers, findings, notes); the view is audited."""
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            consultation = uow.consultations.get(consultation_id)
            self.context.audit(uow, "view", "consultation", consultation_id)
            return consultation

    @use_case(write=False)
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
        date_of_birth = born(self.context, client_id)
        rules = self.context.content.rules
        return screen(rules, answers, assessment, date_of_birth, self.context.today())

    @use_case(write=False)
    def consent_text(self, client_id: int, state: ConsultationInput) -> ConsentTemplate:
        """The consent exactly as the client reads it, with their own plan and cautions."""
        result = self.screen(client_id, state)
        content = self.context.content
        return build_consent_text(
            content.consent, content.plan, result.findings, state.decisions, state.plan
        )

    def unprintable_characters(self, text: str) -> list[str]:
        """What in a typed note or answer printed forms cannot show (it prints as "?")."""
        from consult_app.documents.fonts import unsupported_characters

        return unsupported_characters(text)

    @use_case(write=False)
    def paper_check(
        self, consultation_id: int, state: ConsultationInput, practitioner_name: str
    ) -> PaperCheck:
        """Before signing: what the consent would print as "?", field by field, and whether
        the client's name needs a Latin-letter version for the paper."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            consultation = uow.consultations.get(consultation_id)
            client = uow.clients.get(consultation.client_id).details
        result = self.screen(consultation.client_id, state)
        return check_consent(self.context, consultation, client, state, result, practitioner_name)

    @use_case()
    def start(self, client_id: int, state: ConsultationInput | None = None) -> Consultation:
        """Open a new draft consultation for today."""
        user = require(self.context, Permission.CONSULT, "client", client_id)
        draft, _ = draft_for(self.context, client_id, state or ConsultationInput(), complete=False)
        with self.context.store.writing() as uow:
            uow.clients.get(client_id)  # a clear NotFoundError before anything is written
            started = uow.consultations.start(
                client_id, self.context.today(), user.id, draft, self.context.actor
            )
            self.context.audit(uow, "create", "consultation", started.id)
            return started

    @use_case()
    def save_draft(
        self,
        consultation_id: int,
        expected_version: int,
        state: ConsultationInput,
        *,
        findings_shown: bool = False,
        stops_shown: bool = False,
        withdrawal_reason: str = "",
    ) -> Consultation:
        """Save the wizard's state; refused (StaleRecordError) if another save came in between.

        `findings_shown`: the wizard shows the findings next (the cautions page or later);
        `stops_shown`: it shows the stops known so far (the client page). A shown stop or
        caution these answers remove needs `withdrawal_reason` (WithdrawalNeeded).
        """
        shown = ALL_SHOWN if findings_shown else STOPS_SHOWN if stops_shown else ()
        before, draft, _ = draft_over(
            self.context, consultation_id, state, withdrawal_reason, shown_now=shown
        )
        with self.context.store.writing() as uow:
            saved = uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor, over=before
            )
            self.context.audit(uow, "change", "consultation", consultation_id, "draft")
            audit_withdrawn(self.context, uow, consultation_id, before, draft)
            return saved

    @use_case()
    def discard_if_blank(self, consultation_id: int, expected_version: int) -> bool:
        """Delete a draft in which nothing was answered (see `is_blank`); True if it went.

        Checked and deleted in one transaction, and only at the version the caller holds: a
        draft with any answer, or one another workstation saved meanwhile, is never deleted.
        """
        return voiding.discard_if_blank(self.context, consultation_id, expected_version)

    @use_case()
    def void(
        self,
        consultation_id: int,
        expected_version: int,
        reason: str,
        state: ConsultationInput | None = None,
    ) -> Consultation:
        """Set a draft aside for good, with the reason: it is kept (with `state`, what was typed
        last, when given) but no longer listed or continued. Completed ones take an amendment."""
        return voiding.void(self.context, consultation_id, expected_version, reason, state)

    @use_case()
    def complete(
        self,
        consultation_id: int,
        expected_version: int,
        state: ConsultationInput,
        *,
        withdrawal_reason: str = "",
        early: bool = False,
    ) -> Consultation:
        """Finish a consultation where treatment does not go ahead today (no consent to sign).

        `early`: as soon as a stop is known (an age under 18 on the first page), without the
        rest of the questionnaire; the stops found so far are the reason.
        """
        return signing.complete(
            self.context,
            consultation_id,
            expected_version,
            state,
            withdrawal_reason=withdrawal_reason,
            early=early,
        )

    @use_case()
    def sign(
        self,
        consultation_id: int,
        expected_version: int,
        state: ConsultationInput,
        signatures: Signatures,
        *,
        withdrawal_reason: str = "",
    ) -> Consultation:
        """Record the signed consent and complete the consultation, in one transaction."""
        return signing.sign(
            self.context,
            consultation_id,
            expected_version,
            state,
            signatures,
            withdrawal_reason=withdrawal_reason,
        )

    @use_case(write=False)
    def consents(self, consultation_id: int) -> list[ConsentRecord]:
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            return uow.consents.for_consultation(consultation_id)

    @use_case()
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

    @use_case(write=False)
    def amendments(self, consultation_id: int) -> list[Amendment]:
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.reading() as uow:
            return uow.consents.amendments(consultation_id)
