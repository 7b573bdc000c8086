"""A use case is one unit of work: the account re-read, its reads and its writes in one
transaction, counted by the engine's own `begin` events on a real database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from consult_app.domain.assessment import Assessment
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.documents import DocumentUse
from consult_app.domain.people import Role
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import NotAllowedError
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.conftest import clear_answers
from tests.pngs import png


@contextmanager
def transactions(context: AppContext) -> Iterator[list[int]]:
    """How many transactions the engine begins in the block (one entry per begin)."""
    begun: list[int] = []

    def count(connection: Any) -> None:
        begun.append(1)

    event.listen(context.store.engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(context.store.engine, "begin", count)


def _state(context: AppContext) -> ConsultationInput:
    return ConsultationInput(
        answers_json={**clear_answers(context.content), "cold_sore_history": True},
        assessment=Assessment(fitzpatrick=3, concerns=("fine_lines",)),
        goals=("fine_lines",),
        decisions=(Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, "Antiviral cover"),),
        plan=Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6),
    )


@pytest.fixture
def client_id(context: AppContext) -> int:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    return ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24))).id


def _one(context: AppContext, use_case: Callable[[], Any]) -> Any:
    with transactions(context) as begun:
        result = use_case()
    assert len(begun) == 1
    return result


def test_each_use_case_is_one_transaction(context: AppContext, client_id: int) -> None:
    service = ConsultationService(context)
    state = _state(context)
    draft = _one(context, lambda: service.start(client_id, replace(state, plan=None)))
    saved = _one(context, lambda: service.save_draft(draft.id, draft.version, state))
    signatures = Signatures(png(), png(80, 24), "Dr Sam Patel", photo_consent=False)
    signed = _one(context, lambda: service.sign(saved.id, saved.version, state, signatures))
    assert signed.is_completed
    pdf = _one(context, lambda: DocumentService(context).consent_pdf(signed.id))
    assert pdf.startswith(b"%PDF")
    client, history = _one(context, lambda: ClientService(context).with_history(client_id))
    assert client.id == client_id and [h.id for h in history] == [signed.id]
    for document in (DocumentService(context).aftercare_pdf, DocumentService(context).record_pdf):
        _one(context, lambda d=document: d(signed.id, DocumentUse.VIEW))  # type: ignore[misc]
    with context.store.reading() as uow:
        actions = [e.action for e in uow.audit.find(AuditFilter(), 50, 0)]
    assert {"create", "change", "sign", "view"} <= set(actions)  # all still audited


def test_a_refusal_inside_a_use_case_is_still_recorded(context: AppContext, client_id: int) -> None:
    """The use case's transaction rolls back; the refusal is written after it, in its own."""
    with context.store.writing() as uow:
        context.user = uow.users.add("desk", "Front desk", Role.RECEPTION, "x" * 20)
    with transactions(context) as begun, pytest.raises(NotAllowedError):
        ConsultationService(context).start(client_id)
    assert len(begun) == 2
    with context.store.reading() as uow:
        [refused] = uow.audit.find(AuditFilter(action="refused"), 5, 0)
        assert uow.consultations.history(client_id) == []
    assert (refused.username, refused.detail) == ("desk", "consult")


def test_an_account_switched_off_elsewhere_is_refused_within_the_same_transaction(
    context: AppContext, client_id: int
) -> None:
    assert context.user is not None
    with context.store.writing() as uow:  # an owner elsewhere switches this account off
        me = context.user
        uow.users.update(me.id, me.display_name, me.role, False)
    with transactions(context) as begun, pytest.raises(NotAllowedError, match="switched off"):
        ClientService(context).with_history(client_id)
    assert len(begun) == 1 and context.user is me  # refused, and the sign-in left as it was
