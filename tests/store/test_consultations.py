"""Consultations in a real database: drafts, completion, stale saves, what is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Decision, DecisionChoice, Status
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.screening import Outcome
from consult_app.errors import StaleRecordError, ValidationError
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from tests.conftest import clear_answers
from tests.pngs import png

CLIENT_PNG, PRACTITIONER_PNG = png(60, 20), png(80, 24)
SIGNED = Signatures(CLIENT_PNG, PRACTITIONER_PNG, "Dr Sam Patel", photo_consent=True)


@pytest.fixture
def client_id(context: AppContext) -> int:
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"), "Dr Sam Patel"
    )
    return ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24))).id


@pytest.fixture
def service(context: AppContext) -> ConsultationService:
    return ConsultationService(context)


def _caution_state(context: AppContext) -> ConsultationInput:
    answers = {**clear_answers(context.content), "cold_sore_history": True}
    return ConsultationInput(
        answers_json=answers,
        assessment=Assessment(fitzpatrick=5, concerns=("acne_scars",)),
        goals=("acne_scars",),
        plan=Plan((PlannedArea("cheeks", 0.5),), sessions=6, interval_weeks=6),
        wizard_page="plan",
    )


def test_draft_keeps_partial_answers_and_page(service: ConsultationService, client_id: int) -> None:
    draft = service.start(client_id)
    saved = service.save_draft(
        draft.id,
        draft.version,
        ConsultationInput(answers_json={"smoker": True}, wizard_page="history_1"),
    )
    again = service.context.store.reading()
    with again as uow:
        stored = uow.consultations.get(draft.id)
    assert stored.status is Status.DRAFT
    assert stored.answers_json == {"smoker": True}
    assert stored.wizard_page == "history_1"
    assert [f.rule for f in stored.findings] == ["smoking"]
    assert saved.version == 2


def test_completing_stores_findings_decisions_plan_and_versions(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = _caution_state(context)
    draft = service.start(client_id, state)
    decisions = (Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, "Antiviral from GP"),)
    done = service.sign(draft.id, draft.version, replace(state, decisions=decisions), SIGNED)
    assert done.status is Status.COMPLETED
    assert done.outcome is Outcome.CAUTION
    assert {f.rule for f in done.findings} == {"herpes_history", "fitzpatrick_high"}
    assert done.decisions == decisions
    assert done.plan == state.plan
    assert done.content_versions == context.content.versions
    history = ClientService(context).history(client_id)
    assert [(h.id, h.status, h.outcome) for h in history] == [
        (done.id, Status.COMPLETED, Outcome.CAUTION)
    ]


def test_completion_refuses_an_undecided_caution(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = _caution_state(context)
    draft = service.start(client_id, state)
    with pytest.raises(ValidationError) as refused:
        service.complete(draft.id, draft.version, state)
    assert [p.field for p in refused.value.problems] == ["decisions.herpes_history"]
    with service.context.store.reading() as uow:
        assert uow.consultations.get(draft.id).status is Status.DRAFT


def test_completion_refuses_missing_answers(service: ConsultationService, client_id: int) -> None:
    draft = service.start(client_id)
    with pytest.raises(ValidationError) as refused:
        service.complete(
            draft.id, draft.version, ConsultationInput(assessment=Assessment(fitzpatrick=2))
        )
    assert "answers.pregnant_or_breastfeeding" in {p.field for p in refused.value.problems}


def test_a_stop_keeps_no_plan_and_a_reassessment_date(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    answers = {
        **clear_answers(context.content),
        "isotretinoin_last_6_months": True,
        "isotretinoin_last_dose": "2026-10-01",
    }
    state = replace(_caution_state(context), answers_json=answers)
    draft = service.start(client_id, state)
    decisions = ()
    done = service.complete(draft.id, draft.version, replace(state, decisions=decisions))
    assert done.outcome is Outcome.STOP
    assert done.plan is None
    assert done.reassess_on == date(2027, 4, 1)


def test_stale_draft_save_is_refused_and_keeps_the_first(
    service: ConsultationService, client_id: int
) -> None:
    draft = service.start(client_id)
    service.save_draft(draft.id, draft.version, ConsultationInput(answers_json={"smoker": True}))
    with pytest.raises(StaleRecordError):
        service.save_draft(
            draft.id, draft.version, ConsultationInput(answers_json={"smoker": False})
        )
    with service.context.store.reading() as uow:
        assert uow.consultations.get(draft.id).answers_json == {"smoker": True}


def test_a_completed_consultation_cannot_be_saved_over(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = replace(_caution_state(context), answers_json=clear_answers(context.content))
    draft = service.start(client_id, state)
    done = service.sign(draft.id, draft.version, state, SIGNED)
    with pytest.raises(StaleRecordError) as refused:
        service.save_draft(done.id, done.version, state)
    assert "completed" in str(refused.value)


def test_going_ahead_without_a_signed_consent_is_refused(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = replace(_caution_state(context), answers_json=clear_answers(context.content))
    draft = service.start(client_id, state)
    with pytest.raises(ValidationError) as refused:
        service.complete(draft.id, draft.version, state)
    assert [p.field for p in refused.value.problems] == ["consent"]


def test_going_ahead_without_a_plan_is_refused(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = replace(_caution_state(context), answers_json=clear_answers(context.content), plan=None)
    draft = service.start(client_id, state)
    with pytest.raises(ValidationError) as refused:
        service.sign(draft.id, draft.version, state, SIGNED)
    assert [p.field for p in refused.value.problems] == ["plan"]


def test_a_deep_needle_without_a_reason_is_refused(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    deep = Plan((PlannedArea("forehead", 1.5),), sessions=4, interval_weeks=4)
    state = replace(_caution_state(context), answers_json=clear_answers(context.content), plan=deep)
    draft = service.start(client_id, state)
    with pytest.raises(ValidationError) as refused:
        service.sign(draft.id, draft.version, state, SIGNED)
    assert [p.field for p in refused.value.problems] == ["plan.forehead"]
    reasoned = Plan((PlannedArea("forehead", 1.5, "Deep scar, discussed"),), 4, 4)
    done = service.sign(draft.id, draft.version, replace(state, plan=reasoned), SIGNED)
    assert done.plan == reasoned


def test_deferring_a_caution_means_no_plan_and_no_consent(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = _caution_state(context)
    wait = (Decision("herpes_history", DecisionChoice.DEFER, "Antivirals first"),)
    draft = service.start(client_id, state)
    with pytest.raises(ValidationError):
        service.sign(draft.id, draft.version, replace(state, decisions=wait), SIGNED)
    done = service.complete(draft.id, draft.version, replace(state, decisions=wait))
    assert done.plan is None
    assert service.consents(done.id) == []


def test_an_amendment_keeps_the_signed_record_and_adds_a_reasoned_note(
    service: ConsultationService, client_id: int, context: AppContext
) -> None:
    state = replace(_caution_state(context), answers_json=clear_answers(context.content))
    draft = service.start(client_id, state)
    done = service.sign(draft.id, draft.version, state, SIGNED)
    with pytest.raises(ValidationError):
        service.amend(done.id, "", "Phone typo")
    amendment = service.amend(done.id, "Client remembered a detail", "Takes fish oil daily")
    assert [a.id for a in service.amendments(done.id)] == [amendment.id]
    assert service.get(done.id).answers_json == done.answers_json
