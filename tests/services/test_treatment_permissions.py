"""Treatment sessions as each role: reception sees dates, numbers and due status, and is refused
(and the refusal audited) every clinical read and every change of a session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from consult_app.domain.chart import Device
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.course import SESSION_TOO_SOON
from consult_app.domain.people import Role, User
from consult_app.domain.treatment import SessionInput, TreatmentSession
from consult_app.errors import NotAllowedError
from consult_app.services.context import AppContext
from consult_app.services.treatments import TreatmentService
from consult_app.store.rows import AuditRow
from tests.accounts import signed_in
from tests.conftest import TODAY
from tests.treatment_sessions import Course, course_for, full_chart

OWNER, PRACTITIONER, RECEPTION = Role.OWNER, Role.PRACTITIONER, Role.RECEPTION
EVERYONE = {OWNER, PRACTITIONER, RECEPTION}
CLINICAL = {OWNER, PRACTITIONER}


@dataclass
class Sessions:
    course: Course
    users: dict[Role, User]
    treated: TreatmentSession
    draft: TreatmentSession

    @property
    def service(self) -> TreatmentService:
        return self.course.service

    @property
    def consultation_id(self) -> int:
        return self.course.consultation_id


@pytest.fixture
def sessions(context: AppContext) -> Sessions:
    course = course_for(context)
    treated = course.treat(TODAY)
    draft = course.service.start(course.consultation_id, TODAY)
    users = {role: signed_in(context, role).user for role in (OWNER, RECEPTION, PRACTITIONER)}
    return Sessions(course, users, treated, draft)  # type: ignore[arg-type]


def _state(s: Sessions) -> SessionInput:
    # A second session on the day of the first is too soon: decided, so it can be signed off.
    soon = Decision(SESSION_TOO_SOON, DecisionChoice.PROCEED_MODIFIED, "Client travels abroad")
    return SessionInput(s.draft.answers_json, (soon,), full_chart(TODAY))


ACTIONS: dict[str, tuple[set[Role], Callable[[Sessions], Any]]] = {
    "see a client's courses": (EVERYONE, lambda s: s.service.courses(s.course.client_id)),
    "list a client's sessions": (EVERYONE, lambda s: s.service.sessions(s.course.client_id)),
    "see a client's courses and sessions": (
        EVERYONE,
        lambda s: s.service.course_view(s.course.client_id),
    ),
    "open a session": (CLINICAL, lambda s: s.service.get(s.treated.id)),
    "read the last answers": (CLINICAL, lambda s: s.service.previous_answers(s.consultation_id)),
    "screen a session's answers": (
        CLINICAL,
        lambda s: s.service.screen(s.consultation_id, TODAY, s.draft.answers_json),
    ),
    "read the days a session can be dated on": (
        CLINICAL,
        lambda s: s.service.date_limits(s.consultation_id),
    ),
    "resume a session": (CLINICAL, lambda s: s.service.draft_for(s.consultation_id)),
    "save a session": (
        CLINICAL,
        lambda s: s.service.save_draft(s.draft.id, s.draft.version, _state(s)),
    ),
    "sign a session off": (
        CLINICAL,
        lambda s: s.service.sign_off(s.draft.id, s.draft.version, _state(s)),
    ),
    "end a session not treated": (
        CLINICAL,
        lambda s: s.service.end_not_treated(s.draft.id, s.draft.version, _state(s), "Unwell"),
    ),
    "amend a session": (CLINICAL, lambda s: s.service.amend(s.treated.id, "typo", "2 passes")),
    "read a session's amendments": (CLINICAL, lambda s: s.service.amendments(s.treated.id)),
    "read the device list": (CLINICAL, lambda s: s.service.devices()),
    "change the device list": (
        {OWNER},
        lambda s: s.service.save_devices([Device("Dermapen", "4", "DP4-1")]),
    ),
}


def _audit(s: Sessions) -> list[tuple[str, str, str]]:
    with s.course.context.store.reading() as uow:
        rows = uow.session.scalars(select(AuditRow).order_by(AuditRow.id))
        return [(r.action, r.username, r.detail) for r in rows]


@pytest.mark.parametrize("role", [OWNER, PRACTITIONER, RECEPTION], ids=str)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_exactly_what_it_should(
    sessions: Sessions, role: Role, action: str
) -> None:
    allowed, do = ACTIONS[action]
    before = len(_audit(sessions))
    sessions.course.context.user = sessions.users[role]
    if role in allowed:
        do(sessions)
        assert not [a for a in _audit(sessions)[before:] if a[0] == "refused"]
        return
    with pytest.raises(NotAllowedError, match=f"{str(role).capitalize()} accounts cannot"):
        do(sessions)
    assert _audit(sessions)[before:] == [("refused", sessions.users[role].username, _need(action))]


def _need(action: str) -> str:
    """The permission a refusal names in the audit trail."""
    if action in ("open a session", "read the last answers", "read a session's amendments"):
        return "view_medical_record"
    return "clinic_settings" if action == "change the device list" else "consult"


def test_reception_cannot_start_a_session(sessions: Sessions) -> None:
    sessions.course.context.user = sessions.users[RECEPTION]
    with pytest.raises(NotAllowedError):
        sessions.service.start(sessions.consultation_id, TODAY)
    assert _audit(sessions)[-1] == ("refused", sessions.users[RECEPTION].username, "consult")


def test_reception_sees_dates_numbers_and_status_only(sessions: Sessions) -> None:
    sessions.course.context.user = sessions.users[RECEPTION]
    listed = sessions.service.sessions(sessions.course.client_id)
    assert [(s.id, s.number, str(s.status)) for s in listed] == [
        (sessions.draft.id, None, "draft"),
        (sessions.treated.id, 1, "treated"),
    ]
    [course] = sessions.service.courses(sessions.course.client_id)
    assert course.words() == "1 of 3 sessions done, next due from 23 Dec 2026"
    assert sessions.service.course_view(sessions.course.client_id) == ([course], listed)
