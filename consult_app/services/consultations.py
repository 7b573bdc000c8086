"""Starting, saving, signing and completing consultations; findings always come from the engine."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date
from typing import Any

from consult_app.domain.answers import answers_to_json, parse_answers
from consult_app.domain.assessment import Assessment, parse_assessment
from consult_app.domain.consent import Amendment, ConsentRecord, Signatures
from consult_app.domain.consent_text import build_consent_text, consent_sha256
from consult_app.domain.consultation import Consultation, Decision, DecisionChoice

# Handed on: the wizard's state lives with the consultation now, where paper.py reads it too.
from consult_app.domain.consultation import ConsultationInput as ConsultationInput
from consult_app.domain.permissions import Permission
from consult_app.domain.plan import plan_problems
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, ScreeningResult, screen
from consult_app.domain.texts import ConsentTemplate
from consult_app.domain.validation import check_text
from consult_app.domain.withdrawal import (
    ALL_SHOWN,
    STOPS_SHOWN,
    facts_json,
    shown_after,
    withdrawn_by,
)
from consult_app.errors import ConsultError, Problem, ValidationError
from consult_app.services.access import require, use_case
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.documents import (
    build_consent_pdf,
    consent_document,
    paper_setting,
    sha256,
)
from consult_app.services.paper import PaperCheck, check_consent, name_for_paper
from consult_app.services.withdrawals import audit_withdrawn, withdrawal_reason_for
from consult_app.store.base import utc_now
from consult_app.store.repositories.consultations import ConsultationDraft

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_blank(state: ConsultationInput) -> bool:
    """Nothing answered, assessed, chosen or planned yet: a question passed by (no answer, no
    ticks) is not an answer. Such a draft records nothing about the client, so it is not kept."""
    answered = any(value not in (None, "", []) for value in state.answers_json.values())
    return not (
        answered or state.assessment != Assessment() or state.goals or state.decisions or state.plan
    )


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

    @use_case()
    def get(self, consultation_id: int) -> Consultation:
        """Open a consultation's record (answers, findings, notes); the view is audited."""
        require(self.context, Permission.VIEW_MEDICAL_RECORD, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            consultation = uow.consultations.get(consultation_id)
            self.context.audit(uow, "view", "consultation", consultation_id)
            return consultation

    def _stored(self, consultation_id: int) -> Consultation:
        with self.context.store.reading() as uow:
            return uow.consultations.get(consultation_id)

    def _born(self, client_id: int) -> date | None:
        with self.context.store.reading() as uow:
            return uow.clients.get(client_id).details.date_of_birth

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
        born = self._born(client_id)
        return screen(self.context.content.rules, answers, assessment, born, self.context.today())

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

    def _draft(
        self,
        client_id: int,
        state: ConsultationInput,
        *,
        complete: bool,
        previous: Consultation | None = None,
        shown_now: Collection[Severity] = (),
        withdrawal_reason: str = "",
    ) -> tuple[ConsultationDraft, bool]:
        """What a save writes, and whether treatment goes ahead (answers screened once).

        `shown_now`: the kinds of finding about to be shown to the practitioner. A shown stop or
        caution these answers remove is kept as withdrawn, and only with a reason.
        """
        content = self.context.content
        answers = parse_answers(content.questionnaire, state.answers_json, complete=complete)
        born = self._born(client_id)
        result = screen(content.rules, answers, state.assessment, born, self.context.today())
        ahead = goes_ahead(result, state.decisions)
        answers_json = answers_to_json(answers)
        facts = facts_json(answers_json, state.assessment, born)
        seen = previous.shown if previous else ()
        gone = withdrawn_by(seen, result.findings, facts, content.questionnaire)
        if gone:
            reason = withdrawal_reason_for(gone, withdrawal_reason)
            at = utc_now().replace(microsecond=0)
            gone = tuple(replace(w, reason=reason, by=self.context.actor, at=at) for w in gone)
        draft = ConsultationDraft(
            answers_json=answers_json,
            assessment=state.assessment,
            goals=state.goals,
            findings=result.findings,
            decisions=state.decisions,
            plan=state.plan if ahead else None,
            outcome=result.outcome,
            reassess_on=result.reassess_on,
            content_versions=content.versions,
            wizard_page=state.wizard_page,
            shown=shown_after(seen, result.findings, content.rules, facts, shown_now=shown_now),
            withdrawn=(previous.withdrawn if previous else ()) + gone,
        )
        return draft, ahead

    def _draft_over(
        self,
        consultation_id: int,
        state: ConsultationInput,
        reason: str,
        *,
        shown_now: Collection[Severity],
        complete: bool = False,
    ) -> tuple[Consultation, ConsultationDraft, bool]:
        """The stored consultation, the draft a save writes over it, and whether treatment
        goes ahead."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        before = self._stored(consultation_id)
        draft, ahead = self._draft(
            before.client_id,
            state,
            complete=complete,
            previous=before,
            shown_now=shown_now,
            withdrawal_reason=reason,
        )
        return before, draft, ahead

    @use_case()
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
        before, draft, _ = self._draft_over(
            consultation_id, state, withdrawal_reason, shown_now=shown
        )
        with self.context.store.writing() as uow:
            saved = uow.consultations.save(
                consultation_id, expected_version, draft, self.context.actor
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
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            stored = uow.consultations.get(consultation_id)
            # A withdrawn stop or caution, with its reason, is kept even when nothing is answered.
            if (
                not stored.is_draft
                or not is_blank(ConsultationInput.of(stored))
                or stored.withdrawn
            ):
                return False
            if not uow.consultations.discard(consultation_id, expected_version):
                return False
            self.context.audit(uow, "discard", "consultation", consultation_id)
            return True

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
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        message = check_text("The reason", reason) if reason.strip() else "The reason is required."
        if message:
            raise ValidationError([Problem("reason", message)])
        before, draft = None, None
        if state is not None:  # a stop or caution these answers remove is kept, with this reason
            before, draft, _ = self._draft_over(consultation_id, state, reason, shown_now=())
        with self.context.store.writing() as uow:
            if not uow.consultations.get(consultation_id).is_draft:
                raise ConsultError(
                    "Only a consultation still in progress can be voided. A finished one stays "
                    "as it is; add a correction to it instead."
                )
            voided = uow.consultations.void(
                consultation_id, expected_version, reason.strip(), self.context.actor, draft
            )
            if before is not None and draft is not None:
                audit_withdrawn(self.context, uow, consultation_id, before, draft)
            # The reason stays on the consultation: it may be medical, so not in the audit trail.
            self.context.audit(uow, "void", "consultation", consultation_id)
            return voided

    def _final_draft(
        self, consultation_id: int, state: ConsultationInput, withdrawal_reason: str
    ) -> tuple[ConsultationDraft, bool, Consultation]:
        """The draft to complete, whether treatment goes ahead and the consultation as stored
        before; refuses anything forgotten."""
        require(self.context, Permission.CONSULT, "consultation", consultation_id)
        content = self.context.content
        parse_assessment(
            content.questionnaire, state.assessment.to_json(), require_fitzpatrick=True
        )
        # Completing follows the summary, which lists every finding: all of them were shown.
        before, draft, ahead = self._draft_over(
            consultation_id, state, withdrawal_reason, shown_now=ALL_SHOWN, complete=True
        )
        _check_decisions(draft)
        if ahead:
            if state.plan is None:
                raise ValidationError([Problem("plan", "treatment goes ahead, so it needs a plan")])
            problems = plan_problems(state.plan, content.plan, state.assessment)
            if problems:
                raise ValidationError(problems)
        return draft, ahead, before

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
        if early:
            before, draft, ahead = self._draft_over(
                consultation_id, state, withdrawal_reason, shown_now=ALL_SHOWN
            )
            if draft.outcome is not Outcome.STOP:
                raise ValidationError(
                    [Problem("outcome", "nothing found so far stops treatment today")]
                )
        else:
            draft, ahead, before = self._final_draft(consultation_id, state, withdrawal_reason)
        if ahead and not early:
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
            audit_withdrawn(self.context, uow, consultation_id, before, draft)
            self.context.audit(uow, "complete", "consultation", consultation_id)
            return done

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
        draft, ahead, before = self._final_draft(consultation_id, state, withdrawal_reason)
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
                client_name=name_for_paper(client.details.full_name, signatures.paper_name),
                practitioner_name=signatures.practitioner_name.strip(),
                photo_consent=signatures.photo_consent,
                client_signature=signatures.client_png,
                practitioner_signature=signatures.practitioner_png,
            )
            # The PDF is made once, now, and kept with its fingerprint: the paper the client
            # signed can always be reproduced exactly and any later change to it detected.
            sequence = len(uow.consents.for_consultation(consultation_id)) + 1
            document = consent_document(
                self.context, done, client.details, clinic, record, sequence, paper
            )
            pdf = build_consent_pdf(document)
            uow.consents.add(replace(record, pdf_sha256=sha256(pdf)), pdf)
            audit_withdrawn(self.context, uow, consultation_id, before, draft)
            self.context.audit(uow, "sign", "consultation", consultation_id)
            return done

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


def _check_decisions(draft: ConsultationDraft) -> None:
    decided = {d.rule for d in draft.decisions if d.note.strip()}
    problems = [
        Problem(f"decisions.{f.rule}", "needs a decision and a short note")
        for f in draft.findings
        if f.severity is Severity.CAUTION and f.rule not in decided
    ]
    if problems:
        raise ValidationError(problems)
