"""Putting a draft away: deleted when nothing was answered, or voided (kept, with the reason,
but no longer listed or continued).

The bodies of ConsultationService.discard_if_blank and .void (consultations.py), which make
each one unit of work; everything here runs inside it.
"""

from __future__ import annotations

from consult_app.domain.consultation import Consultation, ConsultationInput
from consult_app.domain.permissions import Permission
from consult_app.domain.validation import check_text
from consult_app.errors import ConsultError, Problem, ValidationError
from consult_app.services.access import require
from consult_app.services.context import AppContext
from consult_app.services.drafting import draft_over, is_blank
from consult_app.services.withdrawals import audit_withdrawn


def discard_if_blank(context: AppContext, consultation_id: int, expected_version: int) -> bool:
    """See ConsultationService.discard_if_blank."""
    require(context, Permission.CONSULT, "consultation", consultation_id)
    with context.store.writing() as uow:
        stored = uow.consultations.get(consultation_id)
        # A withdrawn stop or caution, with its reason, is kept even when nothing is answered.
        if not stored.is_draft or not is_blank(ConsultationInput.of(stored)) or stored.withdrawn:
            return False
        if not uow.consultations.discard(consultation_id, expected_version):
            return False
        context.audit(uow, "discard", "consultation", consultation_id)
        return True


def void(
    context: AppContext,
    consultation_id: int,
    expected_version: int,
    reason: str,
    state: ConsultationInput | None,
) -> Consultation:
    """See ConsultationService.void."""
    require(context, Permission.CONSULT, "consultation", consultation_id)
    message = check_text("The reason", reason) if reason.strip() else "The reason is required."
    if message:
        raise ValidationError([Problem("reason", message)])
    before, draft = None, None
    if state is not None:  # a stop or caution these answers remove is kept, with this reason
        before, draft, _ = draft_over(context, consultation_id, state, reason, shown_now=())
    with context.store.writing() as uow:
        if not uow.consultations.get(consultation_id).is_draft:
            raise ConsultError(
                "Only a consultation still in progress can be voided. A finished one stays "
                "as it is; add a correction to it instead."
            )
        voided = uow.consultations.void(
            consultation_id, expected_version, reason.strip(), context.actor, draft
        )
        if before is not None and draft is not None:
            audit_withdrawn(context, uow, consultation_id, before, draft)
        # The reason stays on the consultation: it may be medical, so not in the audit trail.
        context.audit(uow, "void", "consultation", consultation_id)
        return voided
