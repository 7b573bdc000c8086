"""The owner reads whose record each audit line is about, and picks one client's lines."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationService
from consult_app.store.store import Store
from tests.clinic_owner import set_up_clinic


def _two_clients(store: Store, content: Content):  # type: ignore[no-untyped-def]
    owner = set_up_clinic(store, content)
    clients = ClientService(owner)
    zoe = clients.add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    ali = clients.add(ClientDetails("Ali", "Khan", date(1985, 1, 2)))
    consultation = ConsultationService(owner).start(zoe.id)
    ConsultationService(owner).get(consultation.id)  # a view of her consultation
    ClientService(owner).with_history(ali.id)  # a view of his record
    return owner, zoe, ali, consultation


def test_each_line_about_a_client_or_consultation_names_the_client(
    store: Store, content: Content
) -> None:
    owner, zoe, ali, consultation = _two_clients(store, content)
    lines = AuditTrailService(owner).entries(AuditFilter())
    named = {(e.entity, e.entity_id, e.client_name) for e in lines if e.entity_id}
    assert ("consultation", consultation.id, "Zoë Łukasiewicz") in named
    assert ("client", zoe.id, "Zoë Łukasiewicz") in named
    assert ("client", ali.id, "Ali Khan") in named
    assert all(e.client_name == "" for e in lines if e.entity not in ("client", "consultation"))


def test_a_client_typed_as_in_find_picks_their_record_and_their_consultations(
    store: Store, content: Content, tmp_path: Path
) -> None:
    owner, zoe, ali, consultation = _two_clients(store, content)
    trail = AuditTrailService(owner)
    hers = trail.entries(AuditFilter(client="lukas"))
    assert hers and {e.client_name for e in hers} == {"Zoë Łukasiewicz"}
    assert {(e.entity, e.entity_id) for e in hers} >= {
        ("client", zoe.id),
        ("consultation", consultation.id),
    }
    pinned = trail.pinned(AuditFilter(client="Khan"))
    assert pinned.client_ids == (ali.id,)
    assert trail.count(pinned) == len(trail.entries(pinned)) > 0
    assert {e.client_name for e in trail.entries(pinned)} == {"Ali Khan"}
    assert trail.count(AuditFilter(client="nobody like this")) == 0
    target = tmp_path / "audit.csv"
    trail.export_csv(AuditFilter(client="24/05/1990"), target)  # by date of birth, as in Find
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][5] == "Client"
    assert {row[5] for row in rows[1:]} == {"Zoë Łukasiewicz"}


def test_a_treatment_sessions_lines_name_its_client_and_are_picked_with_hers(
    store: Store, content: Content
) -> None:
    from tests.treatment_sessions import course_for

    owner = set_up_clinic(store, content)
    course = course_for(owner, "Zoë", "Łukasiewicz")
    session = course.treat(owner.today())
    ClientService(owner).add(ClientDetails("Ali", "Khan", date(1985, 1, 2)))
    trail = AuditTrailService(owner)
    lines = [e for e in trail.entries(AuditFilter()) if e.entity == "session"]
    assert {(e.entity_id, e.client_name) for e in lines} == {(session.id, "Zoë Łukasiewicz")}
    assert {e.action for e in lines} == {"create", "sign"}
    hers = trail.entries(AuditFilter(client="lukas"))
    assert {("session", session.id)} <= {(e.entity, e.entity_id) for e in hers}
    assert not [e for e in trail.entries(AuditFilter(client="Khan")) if e.entity == "session"]
