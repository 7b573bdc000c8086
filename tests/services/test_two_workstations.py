"""Two workstations on one database: the second stale save is refused, nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.domain.people import Role
from consult_app.errors import StaleRecordError
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.store.store import open_store
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def _workstation(url: str, content: Content, name: str) -> AppContext:
    """A separate engine (its own connections), as a second machine would have."""
    store = open_store(url)
    with store.writing() as uow:
        user = uow.users.add(name.lower().replace(" ", "."), name, Role.PRACTITIONER)
    return AppContext(store=store, content=content, user=user, today=lambda: TODAY)


@pytest.fixture
def desks(database_url: str, content: Content):  # type: ignore[no-untyped-def]
    front, room = (
        _workstation(database_url, content, "Front desk"),
        _workstation(database_url, content, "Room 2"),
    )
    yield front, room
    front.store.close()
    room.store.close()


def test_a_client_changed_on_two_desks_keeps_the_first_save_and_names_who(desks) -> None:  # type: ignore[no-untyped-def]
    front, room = desks
    added = ClientService(front).add(ClientDetails("Ann", "Smith", date(1990, 5, 24)))
    seen_by_room = ClientService(room).get(added.id)
    ClientService(front).change(
        added.id, added.version, replace(added.details, phone="0117 496 0000")
    )
    with pytest.raises(StaleRecordError) as refused:
        ClientService(room).change(
            seen_by_room.id, seen_by_room.version, replace(seen_by_room.details, email="a@b.co")
        )
    assert "Front desk" in str(refused.value)
    kept = ClientService(room).get(added.id)
    assert (kept.details.phone, kept.details.email) == ("0117 496 0000", "")


def test_a_draft_saved_on_two_desks_refuses_the_stale_one(desks) -> None:  # type: ignore[no-untyped-def]
    front, room = desks
    client = ClientService(front).add(ClientDetails("Ann", "Smith", date(1990, 5, 24)))
    draft = ConsultationService(front).start(client.id)
    ConsultationService(front).save_draft(
        draft.id, draft.version, ConsultationInput(answers_json={"smoker": True})
    )
    with pytest.raises(StaleRecordError, match="Front desk"):
        ConsultationService(room).save_draft(
            draft.id, draft.version, ConsultationInput(answers_json={"smoker": False})
        )
    assert ConsultationService(room).get(draft.id).answers_json == {"smoker": True}


def test_another_process_on_the_same_sqlite_file_wins_and_this_one_is_refused(
    tmp_path: Path, content: Content
) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    here = _workstation(url, content, "Room 2")
    client = ClientService(here).add(ClientDetails("Ann", "Smith", date(1990, 5, 24)))
    other = textwrap.dedent(
        f"""
        from dataclasses import replace
        from consult_app.content.bundle import default_content
        from consult_app.domain.people import Role
        from consult_app.services.clients import ClientService
        from consult_app.services.context import AppContext
        from consult_app.store.store import open_store
        store = open_store({url!r})
        with store.writing() as uow:
            user = uow.users.add("front", "Front desk", Role.RECEPTION)
        context = AppContext(store=store, content=default_content(), user=user)
        client = ClientService(context).get({client.id})
        changed = replace(client.details, phone="0117 496 0000")
        ClientService(context).change(client.id, client.version, changed)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", other], cwd=ROOT, capture_output=True, text=True, env={**os.environ}
    )
    assert run.returncode == 0, run.stderr
    with pytest.raises(StaleRecordError, match="Front desk"):
        ClientService(here).change(
            client.id, client.version, replace(client.details, phone="07700 900123")
        )
    assert ClientService(here).get(client.id).details.phone == "0117 496 0000"
    here.store.close()


def test_a_session_signed_off_on_one_desk_refuses_the_other_desks_stale_save(desks) -> None:  # type: ignore[no-untyped-def]
    from consult_app.domain.treatment import SessionInput, SessionStatus
    from consult_app.services.treatments import TreatmentService
    from tests.treatment_sessions import course_for, full_chart

    front, room = desks
    course = course_for(front)
    started = TreatmentService(front).start(course.consultation_id, TODAY)
    seen_by_room = TreatmentService(room).draft_for(course.consultation_id)
    assert seen_by_room == started
    state = SessionInput(started.answers_json, (), full_chart(TODAY))
    TreatmentService(front).sign_off(started.id, started.version, state)
    for stale in (
        lambda: TreatmentService(room).save_draft(seen_by_room.id, seen_by_room.version, state),
        lambda: TreatmentService(room).sign_off(seen_by_room.id, seen_by_room.version, state),
    ):
        with pytest.raises(StaleRecordError, match=r"now signed off\) was changed by Front desk"):
            stale()
    kept = TreatmentService(room).get(started.id)
    assert (kept.status, kept.number, kept.signed_by) == (SessionStatus.TREATED, 1, "Front desk")
    with room.store.reading() as uow:
        assert len(uow.treatments.lots(started.id)) == 3  # written once, by the sign-off that won
