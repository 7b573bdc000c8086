"""Finishing a consultation: completed without treatment, or signed (the consent recorded and
its PDF made once, with its fingerprint) and completed.

The bodies of ConsultationService.complete and .sign (consultations.py), which make each one
unit of work; everything here runs inside it.
"""

from __future__ import annotations

from dataclasses import replace

from consult_app.domain.assessment import parse_assessment
from consult_app.domain.consent import ConsentRecord, Signatures
from consult_app.domain.consent_text import build_consent_text, consent_sha256
from consult_app.domain.consultation import Consultation, ConsultationInput
from consult_app.domain.permissions import Permission
from consult_app.domain.plan import plan_problems
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome
from consult_app.domain.withdrawal import ALL_SHOWN
from consult_app.errors import ConsultError, Problem, ValidationError
from consult_app.services.access import require
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.documents import (
    build_consent_pdf,
    consent_document,
    paper_setting,
    sha256,
)
from consult_app.services.drafting import draft_over
from consult_app.services.paper import name_for_paper
from consult_app.services.withdrawals import audit_withdrawn
from consult_app.store.base import utc_now
from consult_app.store.repositories.consultations import ConsultationDraft, SaveBasis

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def final_draft(
    context: AppContext, consultation_id: int, state: ConsultationInput, withdrawal_reason: str
) -> tuple[ConsultationDraft, bool, SaveBasis]:
    """The draft to complete, whether treatment goes ahead and the consultation as stored
    before; refuses anything forgotten."""
    require(context, Permission.CONSULT, "consultation", consultation_id)
    content = context.content
    parse_assessment(content.questionnaire, state.assessment.to_json(), require_fitzpatrick=True)
    # Completing follows the summary, which lists every finding: all of them were shown.
    before, draft, ahead = draft_over(
        context, consultation_id, state, withdrawal_reason, shown_now=ALL_SHOWN, complete=True
    )
    _check_decisions(draft)
    if ahead:
        if state.plan is None:
            raise ValidationError([Problem("plan", "treatment goes ahead, so it needs a plan")])
        problems = plan_problems(state.plan, content.plan, state.assessment)
        if problems:
            raise ValidationError(problems)
    return draft, ahead, before


def complete(
    context: AppContext,
    consultation_id: int,
    expected_version: int,
    state: ConsultationInput,
    *,
    withdrawal_reason: str,
    early: bool,
) -> Consultation:
    """See ConsultationService.complete."""
    if early:
        before, draft, ahead = draft_over(
            context, consultation_id, state, withdrawal_reason, shown_now=ALL_SHOWN
        )
        if draft.outcome is not Outcome.STOP:
            raise ValidationError(
                [Problem("outcome", "nothing found so far stops treatment today")]
            )
    else:
        draft, ahead, before = final_draft(context, consultation_id, state, withdrawal_reason)
    if ahead and not early:
        raise ValidationError(
            [
                Problem(
                    "consent",
                    "treatment goes ahead, so the client's consent must be signed first",
                )
            ]
        )
    with context.store.writing() as uow:
        done = uow.consultations.save(
            consultation_id, expected_version, draft, context.actor, complete=True
        )
        audit_withdrawn(context, uow, consultation_id, before, draft)
        context.audit(uow, "complete", "consultation", consultation_id)
        return done


def sign(
    context: AppContext,
    consultation_id: int,
    expected_version: int,
    state: ConsultationInput,
    signatures: Signatures,
    *,
    withdrawal_reason: str,
) -> Consultation:
    """See ConsultationService.sign."""
    draft, ahead, before = final_draft(context, consultation_id, state, withdrawal_reason)
    if not ahead:
        raise ValidationError(
            [Problem("consent", "treatment does not go ahead today: nothing to sign")]
        )
    problems = _signature_problems(signatures)
    if problems:
        raise ValidationError(problems)
    content = context.content
    text = build_consent_text(
        content.consent, content.plan, draft.findings, state.decisions, state.plan
    )
    clinic = ClinicService(context).details()
    paper = paper_setting(context)
    if clinic is None:
        raise ConsultError("Set up the clinic's details before signing a consent.")
    with context.store.writing() as uow:
        client = uow.clients.get(uow.consultations.get(consultation_id).client_id)
        done = uow.consultations.save(
            consultation_id, expected_version, draft, context.actor, complete=True
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
        document = consent_document(context, done, client.details, clinic, record, sequence, paper)
        pdf = build_consent_pdf(document)
        uow.consents.add(replace(record, pdf_sha256=sha256(pdf)), pdf)
        audit_withdrawn(context, uow, consultation_id, before, draft)
        context.audit(uow, "sign", "consultation", consultation_id)
        return done


def _signature_problems(signatures: Signatures) -> list[Problem]:
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
    return problems


def _check_decisions(draft: ConsultationDraft) -> None:
    decided = {d.rule for d in draft.decisions if d.note.strip()}
    problems = [
        Problem(f"decisions.{f.rule}", "needs a decision and a short note")
        for f in draft.findings
        if f.severity is Severity.CAUTION and f.rule not in decided
    ]
    if problems:
        raise ValidationError(problems)
