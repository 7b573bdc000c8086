"""Every use case, as each role: allowed ones work, refused ones raise and land in the audit trail.

Reception may search clients, edit contact details, print blank handouts and reprint stored
documents; it is refused medical history, findings, notes and the consultation record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.documents import DocumentUse, HandoutKind
from consult_app.domain.people import Role, User
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import NotAllowedError
from consult_app.services.accounts import AccountService
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from consult_app.store.rows import AuditRow
from tests.conftest import clear_answers
from tests.pngs import png

OWNER, PRACTITIONER, RECEPTION = Role.OWNER, Role.PRACTITIONER, Role.RECEPTION
EVERYONE = {OWNER, PRACTITIONER, RECEPTION}
CLINICAL = {OWNER, PRACTITIONER}


@dataclass
class Clinic:
    context: AppContext
    users: dict[Role, User]
    client_id: int
    signed_id: int
    draft_id: int

    def as_role(self, role: Role) -> AppContext:
        self.context.user = self.users[role]
        return self.context


def _state(context: AppContext) -> ConsultationInput:
    return ConsultationInput(
        answers_json=clear_answers(context.content),
        assessment=Assessment(fitzpatrick=2),
        goals=("texture",),
        plan=Plan((PlannedArea("forehead", 0.25),), 3, 4),
    )


@pytest.fixture
def clinic(context: AppContext) -> Clinic:
    owner = context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin"), "Morgan Owen"
    )
    accounts = AccountService(context)
    users = {
        OWNER: owner,
        PRACTITIONER: accounts.add("sam", "Dr Sam Patel", PRACTITIONER, "a long password 1"),
        RECEPTION: accounts.add("robin", "Robin Reyes", RECEPTION, "a long password 2"),
    }
    context.user = users[PRACTITIONER]
    client = ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    service = ConsultationService(context)
    state = _state(context)
    started = service.start(client.id, state)
    signatures = Signatures(png(), png(), "Dr Sam Patel", True)
    signed = service.sign(started.id, started.version, state, signatures)
    draft = service.start(client.id)
    return Clinic(context, users, client.id, signed.id, draft.id)


def _details(c: Clinic) -> ClientDetails:
    return ClientService(c.context).get(c.client_id).details


ACTIONS: dict[str, tuple[set[Role], Callable[[Clinic], Any]]] = {
    "search clients": (EVERYONE, lambda c: ClientService(c.context).search("Zo")),
    "list clients": (EVERYONE, lambda c: ClientService(c.context).listings([c.client_id])),
    "open contact details": (EVERYONE, lambda c: ClientService(c.context).get(c.client_id)),
    "add a client": (
        EVERYONE,
        lambda c: ClientService(c.context).add(ClientDetails("Ann", "Lee", date(1980, 1, 2))),
    ),
    "edit contact details": (
        EVERYONE,
        lambda c: ClientService(c.context).change(
            c.client_id,
            ClientService(c.context).get(c.client_id).version,
            replace(_details(c), phone="07700 900123"),
        ),
    ),
    "print a blank handout": (
        EVERYONE,
        lambda c: DocumentService(c.context).handout_pdf(HandoutKind.AFTERCARE),
    ),
    "reprint the aftercare sheet": (
        EVERYONE,
        lambda c: DocumentService(c.context).aftercare_pdf(c.signed_id, DocumentUse.PRINT),
    ),
    "open the aftercare sheet (it holds lines chosen from the cautions)": (
        CLINICAL,
        lambda c: DocumentService(c.context).aftercare_pdf(c.signed_id, DocumentUse.VIEW),
    ),
    "reprint the signed consent": (
        EVERYONE,
        lambda c: DocumentService(c.context).consent_pdf(c.signed_id, DocumentUse.PRINT),
    ),
    "open the signed consent": (
        CLINICAL,
        lambda c: DocumentService(c.context).consent_pdf(c.signed_id, DocumentUse.VIEW),
    ),
    "save the signed consent to a file": (
        CLINICAL,
        lambda c: DocumentService(c.context).consent_pdf(c.signed_id, DocumentUse.EXPORT),
    ),
    "open the consultation record": (
        CLINICAL,
        lambda c: DocumentService(c.context).record_pdf(c.signed_id),
    ),
    "open a consultation": (CLINICAL, lambda c: ConsultationService(c.context).get(c.signed_id)),
    "read the consents": (
        CLINICAL,
        lambda c: ConsultationService(c.context).consents(c.signed_id),
    ),
    "read the amendments": (
        CLINICAL,
        lambda c: ConsultationService(c.context).amendments(c.signed_id),
    ),
    "screen answers": (
        CLINICAL,
        lambda c: ConsultationService(c.context).screen(c.client_id, _state(c.context)),
    ),
    "start a consultation": (
        CLINICAL,
        lambda c: ConsultationService(c.context).start(c.client_id),
    ),
    "save a draft": (
        CLINICAL,
        lambda c: ConsultationService(c.context).save_draft(
            c.draft_id, _version(c, c.draft_id), _state(c.context)
        ),
    ),
    "void a draft": (
        CLINICAL,
        lambda c: ConsultationService(c.context).void(
            c.draft_id, _version(c, c.draft_id), "Started for the wrong client"
        ),
    ),
    "discard an empty draft": (
        CLINICAL,
        lambda c: ConsultationService(c.context).discard_if_blank(
            c.draft_id, _version(c, c.draft_id)
        ),
    ),
    "amend a record": (
        CLINICAL,
        lambda c: ConsultationService(c.context).amend(c.signed_id, "typo", "forehead 0.5 mm"),
    ),
    "manage accounts": (OWNER, lambda c: AccountService(c.context).accounts()),
    "change the clinic's details": (
        OWNER,
        lambda c: ClinicService(c.context).change(ClinicDetails("Harbour Skin & Co")),
    ),
}


def _version(c: Clinic, consultation_id: int) -> int:
    with c.context.store.reading() as uow:
        return uow.consultations.get(consultation_id).version


@dataclass(frozen=True)
class Entry:
    action: str
    username: str
    user_id: int | None
    entity: str
    entity_id: int | None
    detail: str


def _audit(c: Clinic) -> list[Entry]:
    with c.context.store.reading() as uow:
        rows = uow.session.scalars(select(AuditRow).order_by(AuditRow.id))
        return [
            Entry(r.action, r.username, r.user_id, r.entity, r.entity_id, r.detail) for r in rows
        ]


@pytest.mark.parametrize("role", [OWNER, PRACTITIONER, RECEPTION], ids=str)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_exactly_what_it_should(clinic: Clinic, role: Role, action: str) -> None:
    allowed, do = ACTIONS[action]
    before = len(_audit(clinic))
    clinic.as_role(role)
    if role in allowed:
        do(clinic)
        assert not [a for a in _audit(clinic)[before:] if a.action == "refused"]
        return
    with pytest.raises(NotAllowedError) as refused:
        do(clinic)
    assert str(role).capitalize() in str(refused.value)  # says which role cannot
    who = "a practitioner or the clinic owner" if PRACTITIONER in allowed else "the clinic owner"
    assert f"Ask {who} if this needs doing." in str(refused.value)
    new = _audit(clinic)[before:]
    assert [(a.action, a.username, a.user_id) for a in new] == [
        ("refused", clinic.users[role].username, clinic.users[role].id)
    ]


def test_reception_sees_consultation_dates_but_no_outcome(clinic: Clinic) -> None:
    _, history = ClientService(clinic.as_role(RECEPTION)).with_history(clinic.client_id)
    assert {h.id for h in history} == {clinic.signed_id, clinic.draft_id}
    assert all(h.outcome is None for h in history)
    _, seen_by_practitioner = ClientService(clinic.as_role(PRACTITIONER)).with_history(
        clinic.client_id
    )
    assert any(h.outcome is not None for h in seen_by_practitioner)


def test_views_of_medical_records_are_audited_without_medical_content(clinic: Clinic) -> None:
    before = len(_audit(clinic))
    context = clinic.as_role(PRACTITIONER)
    ClientService(context).with_history(clinic.client_id)
    ConsultationService(context).get(clinic.signed_id)
    DocumentService(context).record_pdf(clinic.signed_id, DocumentUse.EXPORT)
    DocumentService(context).consent_pdf(clinic.signed_id, DocumentUse.PRINT)
    new = [(a.action, a.entity, a.entity_id, a.detail) for a in _audit(clinic)[before:]]
    assert new == [
        ("view", "client", clinic.client_id, "consultation history"),
        ("view", "consultation", clinic.signed_id, ""),
        ("export", "consultation", clinic.signed_id, "record"),
        ("print", "consultation", clinic.signed_id, "consent"),
    ]
    assert all(a.username == "sam" for a in _audit(clinic)[before:])


def test_nobody_signed_in_is_refused(clinic: Clinic) -> None:
    clinic.context.user = None
    with pytest.raises(NotAllowedError, match="Sign in"):
        ClientService(clinic.context).search("Zo")


def test_a_check_on_a_worker_thread_reads_the_account_but_never_rewrites_who_is_signed_in(
    clinic: Clinic,
) -> None:
    """Documents are made off the GUI thread: the account is read again there (a role changed
    on another desk applies at once), but who is signed in is the window's to change."""
    context = clinic.as_role(Role.PRACTITIONER)
    me = context.user
    assert me is not None
    with context.store.writing() as uow:  # an owner elsewhere renames and demotes this account
        uow.users.update(me.id, "Renamed Elsewhere", Role.RECEPTION, True)
    refused: list[str] = []

    def work() -> None:
        try:
            DocumentService(context).pdf("record", clinic.signed_id, DocumentUse.VIEW)
        except NotAllowedError as error:
            refused.append(str(error))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert len(refused) == 1 and refused[0].startswith("Reception accounts cannot")
    assert context.user is me
