"""The demo clinic has clients part-way through a course: sessions treated, one ended not treated,
first sessions due, one overdue, one course complete; reception sees their dates and status."""

from __future__ import annotations

import re
from datetime import time
from io import BytesIO
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from consult_app.domain.audit import AuditFilter
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.course import DueStatus
from consult_app.domain.people import Role
from consult_app.domain.treatment import SessionStatus
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.demo_clinic import create_demo_clinic
from consult_app.services.demo_courses import DEMO_DEVICES
from consult_app.services.documents import DocumentService
from consult_app.services.signin import Gate
from consult_app.services.treatments import TreatmentService
from tests.accounts import signed_in
from tests.conftest import TODAY


def test_the_demo_clinic_has_courses_in_every_state(database_url: str) -> None:
    context, _ = create_demo_clinic(Gate(database_url), 20, 10, today=TODAY)
    try:
        signed_in(context, Role.RECEPTION)
        clients, treatments = ClientService(context), TreatmentService(context)
        found, phones = {}, {}
        for client_id in clients.search(""):
            for course in treatments.courses(client_id):
                details = clients.get(client_id).details
                phones[details.last_name] = details.phone
                statuses = [s.status for s in treatments.sessions(client_id)]
                found[details.last_name] = (course.due_status(TODAY), course.treated, statuses)
        treated, not_treated = SessionStatus.TREATED, SessionStatus.NOT_TREATED
        assert found == {
            "Hughes": (DueStatus.DUE, 2, [treated, treated]),
            "Trần": (DueStatus.OVERDUE, 2, [treated, treated]),
            "Kowalska": (DueStatus.DUE, 1, [not_treated, treated]),
            "Sharma": (DueStatus.DUE, 0, []),
            "Lindqvist": (DueStatus.COMPLETE, 3, [treated] * 3),
            "Thompson": (DueStatus.NOT_DUE, 1, [treated]),
        }
        # Reception calls each of them from the recall list: one number each, none real.
        assert len(set(phones.values())) == len(phones)
        assert all(re.fullmatch(r"07700 900\d{3}", phone) for phone in phones.values())
        signed_in(context, Role.PRACTITIONER)
        assert treatments.devices() == list(DEMO_DEVICES)
    finally:
        context.store.close()


def test_each_demo_session_and_consent_is_signed_on_its_own_day_at_a_clinic_time(
    database_url: str,
) -> None:
    """Not all at the moment the demo was made: the record, the audit trail and the session
    record's paper say the same day and time, in clinic hours."""
    context, _ = create_demo_clinic(Gate(database_url), 0, 0, today=TODAY)
    try:
        clinic = ClinicService(context).details() or ClinicDetails("Demo")
        zone = ZoneInfo(clinic.time_zone)
        treatments = TreatmentService(context)
        with context.store.reading() as uow:
            audit = uow.audit.find(AuditFilter(), 10_000)
            consents = [
                (c.signed_at, uow.consultations.get(c.consultation_id).consultation_date)
                for client_id in ClientService(context).search("")
                for course in treatments.courses(client_id)
                for c in uow.consents.for_consultation(course.consultation_id)
            ]
        ended = ("sign", "not_treated")  # signed off, or ended without treatment
        signings = {e.entity_id: e.at for e in audit if e.entity == "session" and e.action in ended}
        sessions = [
            s
            for client_id in ClientService(context).search("")
            for s in treatments.sessions(client_id)
        ]
        assert len(sessions) == 10 and len(consents) == 6
        for session in sessions:
            full = treatments.get(session.id)
            assert full.signed_at is not None
            local = clinic.moment(full.signed_at)
            signed = full.signed_at.astimezone(zone)
            assert signed.date() == full.session_date, local
            assert time(9) <= signed.time() <= time(12, 30), local
            assert signings[session.id] == full.signed_at  # the audit trail says the same
            paper = DocumentService(context).session_record_pdf(session.id)
            text = " ".join(p.extract_text() for p in PdfReader(BytesIO(paper)).pages)
            assert local in " ".join(text.split()), local
        for signed_at, consulted in consents:
            at = signed_at.astimezone(zone)
            assert at.date() == consulted and time(9) <= at.time() <= time(11)
    finally:
        context.store.close()
