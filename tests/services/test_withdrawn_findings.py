"""A stop or caution shown once and then answered away is kept, with the answer and a reason.

Real databases (SQLite file and PostgreSQL), the clinic's own rules, the record PDF read back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.assessment import Assessment
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Status
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome
from consult_app.domain.withdrawal import DATE_OF_BIRTH
from consult_app.errors import ValidationError
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from consult_app.services.withdrawals import WithdrawalNeeded
from consult_app.store.store import Store
from tests.clinic_owner import set_up_clinic
from tests.conftest import clear_answers
from tests.documents.pdf_checks import all_text
from tests.pngs import png

PREGNANT_QUESTION = "Are you pregnant or breastfeeding at the moment?"
REASON = "Client misread the question; she is not pregnant"
PLAN = Plan((PlannedArea("cheeks", 0.5),), sessions=6, interval_weeks=6)
SIGNED = Signatures(png(60, 20), png(80, 24), "Dr Sam Patel", photo_consent=False)


@pytest.fixture
def owner(store: Store, content: Content) -> AppContext:
    return set_up_clinic(store, content)


def _client(context: AppContext, born: date) -> int:
    return ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", born)).id


def _state(context: AppContext, page: str, **answers: object) -> ConsultationInput:
    return ConsultationInput(
        answers_json={**clear_answers(context.content), **answers},
        assessment=Assessment(fitzpatrick=2, concerns=("fine_lines",)),
        goals=("fine_lines",),
        wizard_page=page,
    )


def test_a_stop_answered_away_is_kept_with_the_answer_reason_who_and_when(
    owner: AppContext,
) -> None:
    service = ConsultationService(owner)
    started = service.start(_client(owner, date(1990, 5, 24)))
    pregnant = _state(owner, "cautions", pregnant_or_breastfeeding=True)
    shown = service.save_draft(started.id, started.version, pregnant, findings_shown=True)
    assert [s.finding.rule for s in shown.shown] == ["pregnancy"]
    not_pregnant = _state(owner, "history:health_today", pregnant_or_breastfeeding=False)
    with pytest.raises(WithdrawalNeeded) as refused:
        service.save_draft(shown.id, shown.version, not_pregnant)
    [pending] = refused.value.withdrawals
    assert (pending.rule, pending.severity) == ("pregnancy", Severity.STOP)
    assert service.get(shown.id).version == shown.version, "nothing was saved without a reason"
    with pytest.raises(ValidationError):
        service.save_draft(shown.id, shown.version, not_pregnant, withdrawal_reason="   ")

    saved = service.save_draft(
        shown.id, shown.version, not_pregnant, withdrawal_reason=f"  {REASON} "
    )
    [kept] = service.get(saved.id).withdrawn
    assert (kept.rule, kept.kind, kept.reason, kept.by) == (
        "pregnancy",
        "Stop",
        REASON,
        "Dr Sam Patel",
    )
    assert kept.message == shown.findings[0].message
    [change] = kept.changes
    assert (change.label, change.before, change.after) == (PREGNANT_QUESTION, "Yes", "No")
    assert kept.at is not None
    assert service.get(saved.id).shown == (), "what is gone is no longer counted as shown"

    # Saving again asks nothing more; signing keeps the withdrawal on the record.
    planned = replace(not_pregnant, plan=PLAN, wizard_page="consent")
    again = service.save_draft(saved.id, saved.version, planned, findings_shown=True)
    done = service.sign(again.id, again.version, replace(planned, wizard_page="summary"), SIGNED)
    assert done.status is Status.COMPLETED and done.outcome is Outcome.CLEAR
    assert [w.reason for w in done.withdrawn] == [REASON]
    text = all_text(DocumentService(owner).record_pdf(done.id))
    assert "Withdrawn after a changed answer" in text
    assert "changed from Yes to No" in text and REASON in text

    trail = AuditTrailService(owner).entries(
        AuditFilter(entity="consultation", entity_id=done.id, action="withdraw")
    )
    assert [e.username for e in trail] == ["sam"]
    assert "stop" in trail[0].detail and "pregnan" not in trail[0].detail.lower()


def test_findings_never_shown_may_change_freely(owner: AppContext) -> None:
    service = ConsultationService(owner)
    started = service.start(_client(owner, date(1990, 5, 24)))
    pregnant = _state(owner, "history:skin", pregnant_or_breastfeeding=True)
    saved = service.save_draft(started.id, started.version, pregnant)
    assert saved.shown == ()
    changed = service.save_draft(
        saved.id, saved.version, _state(owner, "history:skin", pregnant_or_breastfeeding=False)
    )
    assert changed.withdrawn == ()


def test_a_date_of_birth_moving_the_client_over_18_needs_a_reason(owner: AppContext) -> None:
    service, clients = ConsultationService(owner), ClientService(owner)
    client_id = _client(owner, date(2012, 3, 14))
    started = service.start(client_id)
    shown = service.save_draft(
        started.id, started.version, _state(owner, "plan"), findings_shown=True
    )
    assert [s.finding.rule for s in shown.shown] == ["under_minimum_age"]
    client = clients.get(client_id)
    clients.change(
        client_id, client.version, replace(client.details, date_of_birth=date(2002, 3, 14))
    )
    later = _state(owner, "history:health_today")
    with pytest.raises(WithdrawalNeeded):
        service.save_draft(shown.id, shown.version, later)
    saved = service.save_draft(
        shown.id, shown.version, later, withdrawal_reason="Year mistyped; checked her licence"
    )
    [kept] = saved.withdrawn
    [change] = kept.changes
    assert (change.subject, change.before, change.after) == (
        DATE_OF_BIRTH,
        "14 Mar 2012",
        "14 Mar 2002",
    )


def test_an_under_18_client_is_ended_as_not_suitable_without_the_questionnaire(
    owner: AppContext,
) -> None:
    service = ConsultationService(owner)
    started = service.start(_client(owner, date(2012, 3, 14)))
    done = service.complete(
        started.id, started.version, ConsultationInput(wizard_page="summary"), early=True
    )
    stored = service.get(done.id)
    assert stored.status is Status.COMPLETED
    assert stored.outcome is Outcome.STOP
    assert [f.rule for f in stored.findings] == ["under_minimum_age"]
    assert stored.plan is None and stored.answers_json == {}
    adult = service.start(_client(owner, date(1990, 5, 24)))
    with pytest.raises(ValidationError):
        service.complete(adult.id, adult.version, ConsultationInput(), early=True)
    assert service.get(adult.id).status is Status.DRAFT


def test_the_client_page_counts_only_its_stops_as_shown(owner: AppContext) -> None:
    service = ConsultationService(owner)
    started = service.start(_client(owner, date(2012, 3, 14)))
    state = _state(owner, "client", cold_sore_history=True)
    saved = service.save_draft(started.id, started.version, state, stops_shown=True)
    assert {f.rule for f in saved.findings} >= {"under_minimum_age", "herpes_history"}
    assert [s.finding.rule for s in saved.shown] == ["under_minimum_age"]
    no_caution = service.save_draft(saved.id, saved.version, _state(owner, "client"))
    assert no_caution.withdrawn == (), "a caution not shown yet may go without a reason"


def test_a_draft_keeping_a_withdrawn_stop_is_never_discarded_as_blank(owner: AppContext) -> None:
    service, clients = ConsultationService(owner), ClientService(owner)
    client_id = _client(owner, date(2012, 3, 14))
    started = service.start(client_id, ConsultationInput(wizard_page="client"))
    shown = service.save_draft(
        started.id, started.version, ConsultationInput(wizard_page="client"), stops_shown=True
    )
    client = clients.get(client_id)
    clients.change(
        client_id, client.version, replace(client.details, date_of_birth=date(2002, 3, 14))
    )
    saved = service.save_draft(
        shown.id, shown.version, ConsultationInput(wizard_page="client"), withdrawal_reason="Typo"
    )
    assert not service.discard_if_blank(saved.id, saved.version)
    assert [w.reason for w in service.get(saved.id).withdrawn] == ["Typo"]
