"""The demo clinic has clients part-way through a course: sessions treated, one ended not treated,
first sessions due, one overdue, one course complete; reception sees their dates and status."""

from __future__ import annotations

import re

from consult_app.domain.course import DueStatus
from consult_app.domain.people import Role
from consult_app.domain.treatment import SessionStatus
from consult_app.services.clients import ClientService
from consult_app.services.demo_clinic import create_demo_clinic
from consult_app.services.demo_courses import DEMO_DEVICES
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
