"""Unfinished consultations: an empty one is not kept, one with answers can be voided with a
reason (kept, audited, no longer listed), and never deleted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consultation import Status
from consult_app.errors import ConsultError, StaleRecordError, ValidationError
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService, is_blank
from consult_app.services.context import AppContext
from consult_app.store.rows import AuditRow, ConsultationRow
from tests.clinic_files import signable, signatures
from tests.conftest import clear_answers

REASON = "Started for the wrong client"


@pytest.fixture
def client_id(context: AppContext) -> int:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    return ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24))).id


@pytest.fixture
def service(context: AppContext) -> ConsultationService:
    return ConsultationService(context)


def _row(context: AppContext, consultation_id: int) -> ConsultationRow | None:
    with context.store.reading() as uow:
        row = uow.session.get(ConsultationRow, consultation_id)
        if row is not None:
            uow.session.expunge(row)
        return row


def _actions(context: AppContext, consultation_id: int) -> list[str]:
    with context.store.reading() as uow:
        return list(
            uow.session.scalars(
                select(AuditRow.action)
                .where(AuditRow.entity == "consultation", AuditRow.entity_id == consultation_id)
                .order_by(AuditRow.id)
            )
        )


def test_a_question_passed_by_is_not_an_answer() -> None:
    assert is_blank(ConsultationInput(wizard_page="history:health_today"))
    assert is_blank(ConsultationInput(answers_json={"skin_condition_history": [], "notes": None}))
    assert not is_blank(ConsultationInput(answers_json={"smoker": False}))  # "no" is an answer
    assert not is_blank(ConsultationInput(goals=("texture",)))


def test_an_empty_draft_is_discarded_and_the_audit_trail_says_so(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    draft = service.start(client_id, ConsultationInput(wizard_page="client"))
    saved = service.save_draft(draft.id, draft.version, ConsultationInput(wizard_page="history"))
    assert service.discard_if_blank(saved.id, saved.version)
    assert _row(context, draft.id) is None
    assert ClientService(context).history(client_id) == []
    assert _actions(context, draft.id) == ["create", "change", "discard"]


def test_a_draft_with_an_answer_is_never_discarded(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    draft = service.start(client_id, ConsultationInput(answers_json={"smoker": False}))
    assert not service.discard_if_blank(draft.id, draft.version)
    assert _row(context, draft.id) is not None
    assert "discard" not in _actions(context, draft.id)


def test_an_empty_draft_another_desk_answered_meanwhile_is_kept(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    draft = service.start(client_id)
    service.save_draft(draft.id, draft.version, ConsultationInput(answers_json={"smoker": True}))
    assert not service.discard_if_blank(draft.id, draft.version)  # the version this desk read
    assert _row(context, draft.id).answers == {"smoker": True}


def test_a_voided_draft_is_kept_with_who_when_and_why_and_no_longer_listed(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    signed_state = signable(context.content)
    first = service.start(client_id, signed_state)
    signed = service.sign(first.id, first.version, signed_state, signatures())
    draft = service.start(client_id, ConsultationInput(answers_json={"smoker": True}))
    typed = ConsultationInput(answers_json={"smoker": True, "diabetes": "no"}, wizard_page="x")
    voided = service.void(draft.id, draft.version, f"  {REASON}  ", typed)
    assert voided.status is Status.VOID
    row = _row(context, draft.id)
    assert row is not None
    assert (row.status, row.void_reason) == ("void", REASON)
    assert row.voided_by == context.actor and row.voided_at is not None
    assert row.answers == {"smoker": True, "diabetes": "no"}  # what was typed last is kept
    assert [line.id for line in ClientService(context).history(client_id)] == [signed.id]
    assert _actions(context, draft.id)[-1] == "void"
    with context.store.reading() as uow:  # the reason may be medical: not in the audit trail
        details = list(uow.session.scalars(select(AuditRow.detail)))
    assert not [d for d in details if REASON in d]
    with pytest.raises(StaleRecordError, match="voided"):
        service.save_draft(voided.id, voided.version, typed)


def test_voiding_needs_a_reason_and_a_draft(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    draft = service.start(client_id, ConsultationInput(answers_json={"smoker": True}))
    for reason in ("", "   ", "no\x07bell"):
        with pytest.raises(ValidationError):
            service.void(draft.id, draft.version, reason)
    assert _row(context, draft.id).status == "draft"
    state = signable(context.content)
    first = service.start(client_id, state)
    signed = service.sign(first.id, first.version, state, signatures())
    with pytest.raises(ConsultError, match="add a correction"):
        service.void(signed.id, signed.version, REASON)
    assert _row(context, signed.id).status == "completed"


def test_a_void_over_a_newer_save_is_refused(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    draft = service.start(client_id, ConsultationInput(answers_json={"smoker": True}))
    service.save_draft(draft.id, draft.version, replace(ConsultationInput.of(draft), goals=("x",)))
    with pytest.raises(StaleRecordError):
        service.void(draft.id, draft.version, REASON)
    assert _row(context, draft.id).status == "draft"
    with context.store.reading() as uow:
        count = uow.session.scalar(select(func.count()).select_from(ConsultationRow))
    assert count == 1


def test_voiding_with_a_stop_answered_away_keeps_the_withdrawal_with_the_void_reason(
    context: AppContext, service: ConsultationService, client_id: int
) -> None:
    answers = {**clear_answers(context.content), "pregnant_or_breastfeeding": True}
    state = ConsultationInput(answers_json=answers, wizard_page="cautions")
    started = service.start(client_id, state)
    shown = service.save_draft(started.id, started.version, state, findings_shown=True)
    typed = replace(state, answers_json={**answers, "pregnant_or_breastfeeding": False})
    voided = service.void(shown.id, shown.version, REASON, typed)
    [kept] = voided.withdrawn
    assert (kept.rule, kept.reason) == ("pregnancy", REASON)
    assert "withdraw" in _actions(context, shown.id)
