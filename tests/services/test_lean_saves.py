"""A draft save and an opened history do only the work they need, and hand back what is stored.

A save reads the account (the permission check), the draft with its client's date of birth in
one statement, writes the version-checked UPDATE and its audit row, and hands back the saved
consultation without reading it again; opening a history reads the account, the client and
the history and writes its audit row; the panel's treatment sessions box reads the account, the
courses and the sessions. Counted with the engine's own statement events on a
real database; what each hands back is compared with a fresh read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text, update

from consult_app.domain.assessment import Assessment
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import StaleRecordError
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.store.rows import ConsultationRow
from tests.conftest import TODAY, clear_answers
from tests.treatment_sessions import course_for

PLAN = Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6)
REASON = "Client misread the question; she is not pregnant"


@contextmanager
def statements(context: AppContext) -> Iterator[list[str]]:
    """The SQL statements run in the block, each as its first two words (BEGIN left out)."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        words = " ".join(sql.split()[:3]).upper()
        if not words.startswith(("BEGIN", "SELECT 1")):
            seen.append(words)

    event.listen(context.store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(context.store.engine, "before_cursor_execute", note)


def _state(context: AppContext, page: str, **answers: object) -> ConsultationInput:
    return ConsultationInput(
        answers_json={**clear_answers(context.content), **answers},
        assessment=Assessment(fitzpatrick=2, concerns=("fine_lines",)),
        goals=("fine_lines",),
        wizard_page=page,
    )


@pytest.fixture
def client_id(context: AppContext) -> int:
    return ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24))).id


def test_a_draft_save_reads_once_writes_once_and_is_audited(
    context: AppContext, client_id: int
) -> None:
    service = ConsultationService(context)
    draft = service.start(client_id, _state(context, "client"))
    with statements(context) as seen:
        saved = service.save_draft(draft.id, draft.version, _state(context, "history"))
    assert seen == [
        "SELECT USERS.ID, USERS.USERNAME,",  # the account, for the permission check
        "SELECT CONSULTATIONS.ID, CONSULTATIONS.CLIENT_ID,",  # the draft, with the birth date
        "UPDATE CONSULTATIONS SET",  # over the version the wizard holds
        "INSERT INTO AUDIT_LOG",
    ]
    assert saved.version == draft.version + 1
    with context.store.reading() as uow:
        changes = uow.audit.find(AuditFilter(entity="consultation", action="change"), 5)
    assert [(e.entity_id, e.detail) for e in changes] == [(draft.id, "draft")]


def test_each_save_hands_back_exactly_what_a_fresh_read_finds(
    context: AppContext, client_id: int
) -> None:
    """Shown findings, a withdrawal with its reason, decisions and a plan: the consultation a
    save hands back (made without reading it again) is the stored one, field for field."""
    service = ConsultationService(context)
    started = service.start(client_id, _state(context, "client"))
    pregnant = replace(
        _state(context, "cautions", pregnant_or_breastfeeding=True, cold_sore_history=True),
        decisions=(Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, "Antiviral"),),
    )
    shown = service.save_draft(started.id, started.version, pregnant, findings_shown=True)
    assert shown.shown and shown.findings
    assert shown == service.get(shown.id)

    answered_away = replace(
        pregnant, answers_json={**pregnant.answers_json, "pregnant_or_breastfeeding": False}
    )
    withdrawn = service.save_draft(
        shown.id, shown.version, answered_away, findings_shown=True, withdrawal_reason=REASON
    )
    assert [w.reason for w in withdrawn.withdrawn] == [REASON]
    assert withdrawn == service.get(withdrawn.id)

    planned = service.save_draft(
        withdrawn.id, withdrawn.version, replace(answered_away, plan=PLAN, wizard_page="plan")
    )
    assert planned.plan == PLAN and planned.decisions
    assert planned == service.get(planned.id)


def test_a_save_over_an_older_version_is_still_refused(context: AppContext, client_id: int) -> None:
    service = ConsultationService(context)
    draft = service.start(client_id, _state(context, "client"))
    newer = service.save_draft(draft.id, draft.version, _state(context, "history"))
    with pytest.raises(StaleRecordError):
        service.save_draft(draft.id, draft.version, _state(context, "goals"))
    assert service.get(draft.id) == newer


def test_opening_a_history_reads_three_things_and_writes_its_audit_row(
    context: AppContext, client_id: int
) -> None:
    service = ConsultationService(context)
    service.start(client_id, _state(context, "client"))
    with statements(context) as seen:
        client, history = ClientService(context).with_history(client_id)
    assert seen == [
        "SELECT USERS.ID, USERS.USERNAME,",
        "SELECT CLIENTS.ID, CLIENTS.FIRST_NAME,",
        "SELECT CONSULTATIONS.ID, CONSULTATIONS.CONSULTATION_DATE,",
        "INSERT INTO AUDIT_LOG",
    ]
    assert client.id == client_id and len(history) == 1


def test_the_history_tells_a_plan_from_none_however_none_was_written(
    context: AppContext, client_id: int
) -> None:
    """No plan is JSON null when a save writes it and SQL NULL when a bulk load leaves it out;
    the history (which tells it in SQL, without reading the plan) says "no plan" for both."""
    service = ConsultationService(context)
    json_null = service.start(client_id, _state(context, "client"))
    planned = service.start(client_id, replace(_state(context, "plan"), plan=PLAN))
    sql_null = service.start(client_id, _state(context, "client"))
    with context.store.bulk() as connection:
        connection.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == sql_null.id)
            .values(plan=text("NULL"))
        )
        stored = dict(
            connection.execute(
                text("SELECT id, plan IS NULL FROM consultations WHERE client_id = :c"),
                {"c": client_id},
            ).all()
        )
    assert not stored[json_null.id] and stored[sql_null.id]  # both ways are on file
    lines = {line.id: line.has_plan for line in ClientService(context).history(client_id)}
    assert lines == {json_null.id: False, planned.id: True, sql_null.id: False}


def test_the_treatment_box_reads_the_account_the_courses_and_the_sessions(
    context: AppContext,
) -> None:
    course = course_for(context)
    course.treat(TODAY)
    course.clock.day = TODAY + timedelta(days=1)
    course.service.start(course.consultation_id, course.clock.day)  # a draft: not counted
    with statements(context) as seen:
        courses, sessions = course.service.course_view(course.client_id)
    # The account, then each course with its counts, then the session lines: one read each.
    assert [" ".join(words.split()[:2]) for words in seen] == [
        "SELECT USERS.ID,",
        "SELECT CONSULTATIONS.ID,",
        "SELECT TREATMENT_SESSIONS.ID,",
    ]
    assert courses == course.service.courses(course.client_id)
    assert sessions == course.service.sessions(course.client_id)
    [progress] = courses
    assert (progress.treated, progress.last_treated_on) == (1, TODAY)
    assert [(s.session_date, s.number) for s in sessions] == [
        (TODAY + timedelta(days=1), None),
        (TODAY, 1),
    ]
