"""The recall list and the next session's calendar file, through the services, on an encrypted
SQLite file and on PostgreSQL: reception may use both; nothing clinical in either."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import event, select

from consult_app.domain.course import DueStatus, RecallLine
from consult_app.domain.people import Role
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import NotAvailableError, ValidationError
from consult_app.services.context import AppContext
from consult_app.services.recall import RecallService
from consult_app.store.rows import AuditRow
from tests.accounts import signed_in
from tests.conftest import TODAY
from tests.signed_consents import sign_consultation
from tests.treatment_sessions import Course, course_for

# The plan of tests/treatment_sessions.py: 3 sessions, 4 weeks apart; TODAY is 25 Nov 2026.
WEEKS_4 = timedelta(weeks=4)


@pytest.fixture
def context(encrypted_context: AppContext) -> AppContext:
    return encrypted_context


def _reception(context: AppContext) -> AppContext:
    return signed_in(
        AppContext(store=context.store, content=context.content, today=context.today),
        Role.RECEPTION,
    )


def _clinic(context: AppContext) -> dict[str, Course]:
    """Four clients: one not treated yet, one half-way, one finished, one treated long ago."""
    fresh = course_for(context, "Ada", "Fresh")  # consulted today: session 1 due today
    half = course_for(context, "Ben", "Half")
    done = course_for(context, "Cat", "Done")
    late = course_for(context, "Dee", "Late")
    for course in (fresh, half, done):  # one clock for all: the context's (the last made)
        course.clock = late.clock
    # Every session of today before the clock moves on: consents are signed at the machine's
    # own time, and a session is never dated before its course's consent was signed.
    for course in (half, done, late):
        course.treat(TODAY)
    done.treat(TODAY + WEEKS_4)
    done.treat(TODAY + 2 * WEEKS_4)
    return {"fresh": fresh, "half": half, "done": done, "late": late}


def _names(lines: list[RecallLine]) -> list[str]:
    return [line.client_name for line in lines]


def test_the_recall_list_holds_the_clients_due_in_the_range_soonest_first(
    context: AppContext,
) -> None:
    courses = _clinic(context)
    reception = _reception(context)
    reception.today = lambda: TODAY + WEEKS_4 + timedelta(days=20)  # 20 days after Ben's due
    recall = RecallService(reception)
    lines = recall.due(TODAY - timedelta(days=30), TODAY + 3 * WEEKS_4)
    assert _names(lines) == ["Ada Fresh", "Ben Half", "Dee Late"]  # Cat's course is complete
    ada, ben, dee = lines
    assert (ada.due_from, ada.next_number, ada.planned) == (TODAY, 1, 3)
    assert (ben.due_from, ben.next_number, ben.status) == (
        TODAY + WEEKS_4,
        2,
        DueStatus.OVERDUE,
    )
    assert dee.due_from == TODAY + WEEKS_4 and dee.client_id == courses["late"].client_id
    assert ada.phone == "" and ada.consultation_id == courses["fresh"].consultation_id


def test_without_a_first_date_everyone_due_is_listed_however_long_overdue(
    context: AppContext,
) -> None:
    _clinic(context)
    reception = _reception(context)
    later = TODAY + 5 * WEEKS_4  # months after anyone's next session fell due
    reception.today = lambda: later
    recall = RecallService(reception)
    lines = recall.due(None, later + timedelta(weeks=2))
    assert _names(lines) == ["Ada Fresh", "Ben Half", "Dee Late"]
    assert {line.status for line in lines} == {DueStatus.OVERDUE}
    assert recall.due(later - WEEKS_4, later + timedelta(weeks=2)) == []  # a range still narrows
    assert _names(recall.due(None, TODAY)) == ["Ada Fresh"]  # and the last date still counts


def test_both_ends_of_the_range_are_included_and_a_day_outside_is_not(
    context: AppContext,
) -> None:
    _clinic(context)
    recall = RecallService(context)
    due = TODAY + WEEKS_4  # Ben's and Dee's second sessions
    assert _names(recall.due(due, due)) == ["Ben Half", "Dee Late"]
    assert _names(recall.due(due - timedelta(days=1), due - timedelta(days=1))) == []
    assert _names(recall.due(due + timedelta(days=1), due + WEEKS_4)) == []
    assert _names(recall.due(TODAY, TODAY)) == ["Ada Fresh"]


def test_a_newer_signed_plan_replaces_the_older_course(context: AppContext) -> None:
    old = course_for(context, "Eve", "Again")
    old.treat(TODAY)
    later = TODAY + timedelta(days=3)
    old.clock.day = later
    with context.store.reading() as uow:
        client = uow.clients.get(old.client_id)
    # A second consultation for the same person: a new client record would be someone else.
    newer = sign_consultation(context, client.id, Plan((PlannedArea("forehead", 0.25),), 4, 6))
    lines = RecallService(context).due(TODAY, TODAY + 2 * WEEKS_4)
    assert [(line.consultation_id, line.due_from) for line in lines] == [(newer, later)]


def test_a_range_that_ends_before_it_starts_is_refused(context: AppContext) -> None:
    with pytest.raises(ValidationError, match="last date is before the first"):
        RecallService(context).due(TODAY, TODAY - timedelta(days=1))


def test_progress_is_reported_and_the_queries_do_not_grow_with_the_clinic(
    context: AppContext,
) -> None:
    for number in range(3):
        course_for(context, "Few", f"Client{number}")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = context.store.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        seen: list[tuple[int, int]] = []
        assert len(RecallService(context).due(TODAY, TODAY, lambda d, t: seen.append((d, t)))) == 3
        few = len(statements)
        for number in range(12):
            course_for(context, "Many", f"Client{number}")
        statements.clear()
        assert len(RecallService(context).due(TODAY, TODAY)) == 15
        many = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert seen[-1] == (3, 3)
    assert many <= few  # the same few statements for 15 clients as for 3: none per client


def test_an_overdue_session_goes_in_the_calendar_on_today(context: AppContext) -> None:
    half = _clinic(context)["half"]
    reception = _reception(context)
    reception.today = lambda: TODAY + WEEKS_4 + timedelta(days=20)
    data = RecallService(reception).appointment_ics(half.consultation_id)
    (calendar_event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert calendar_event.decoded("DTSTART") == TODAY + WEEKS_4 + timedelta(days=20)
    assert "has been due since 23 Dec 2026" in str(calendar_event["DESCRIPTION"])


def test_the_next_session_as_a_calendar_file(context: AppContext) -> None:
    half = _clinic(context)["half"]
    reception = _reception(context)
    reception.today = lambda: TODAY + timedelta(days=1)  # the next session is due in 27 days
    data = RecallService(reception).appointment_ics(half.consultation_id)
    (calendar_event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert calendar_event.decoded("DTSTART") == TODAY + WEEKS_4
    assert str(calendar_event["SUMMARY"]) == "Micro-needling session 2 of 3 at Harbour Skin"
    assert b"\r\n" in data and b"forehead" not in data.lower() and b"lot" not in data.lower()
    with context.store.reading() as uow:
        entries = uow.session.scalars(
            select(AuditRow).where(
                AuditRow.action == "export",
                AuditRow.entity == "consultation",
                AuditRow.entity_id == half.consultation_id,
            )
        ).all()
        seen = [(e.username, e.detail) for e in entries]
    assert seen == [("test.reception", "next session as a calendar file")]


def test_a_booked_time_is_the_clinic_time(context: AppContext) -> None:
    from datetime import datetime

    half = _clinic(context)["half"]
    booked = datetime(2026, 12, 23, 10, 30)  # Europe/London in winter: UTC
    data = RecallService(context).appointment_ics(half.consultation_id, starts_at=booked)
    assert b"DTSTART:20261223T103000Z" in data


def test_no_calendar_file_for_a_complete_course_or_an_unsigned_consultation(
    context: AppContext,
) -> None:
    done = _clinic(context)["done"]
    recall = RecallService(context)
    with pytest.raises(NotAvailableError, match="course of 3 sessions is complete"):
        recall.appointment_ics(done.consultation_id)
    with pytest.raises(NotAvailableError, match="no signed treatment plan"):
        recall.appointment_ics(999_999)
