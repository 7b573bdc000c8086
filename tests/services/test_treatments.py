"""Treatment sessions through the services, on an encrypted SQLite file and on PostgreSQL:
started from the last answers, re-screened on the session date, signed off with every problem
listed at once, numbered in the course, kept read-only by the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from consult_app.domain.chart import Chart, LotKind
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.course import SESSION_TOO_SOON
from consult_app.domain.dates import day_in
from consult_app.domain.screening import Outcome
from consult_app.domain.treatment import SessionInput, SessionStatus
from consult_app.errors import ConsultError, StaleRecordError, ValidationError
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.store.rows import AuditRow
from tests.accounts import signed_in
from tests.conftest import TODAY
from tests.treatment_sessions import DEVICE, Course, course_for, full_chart


@pytest.fixture
def course(encrypted_context: AppContext) -> Course:
    return course_for(encrypted_context)


def test_a_session_starts_from_the_consultations_answers(course: Course) -> None:
    consultation = ConsultationService(course.context).get(course.consultation_id)
    started = course.service.start(course.consultation_id, TODAY)
    assert started.status is SessionStatus.DRAFT and started.number is None
    assert started.answers_json == consultation.answers_json
    assert started.changed == ()
    assert started.practitioner == "Test practitioner"
    assert course.service.draft_for(course.consultation_id) == started
    assert course.service.previous_answers(course.consultation_id) == consultation.answers_json


def test_a_signed_off_session_counts_in_the_course_and_keeps_its_lots(course: Course) -> None:
    first = course.treat(TODAY, lot="ab-12 34")
    assert (first.status, first.number, first.signed_by) == (
        SessionStatus.TREATED,
        1,
        "Test practitioner",
    )
    assert course.service.get(first.id).chart == full_chart(TODAY, lot="ab-12 34")
    with course.context.store.reading() as uow:
        assert uow.treatments.lots(first.id) == [
            (LotKind.CARTRIDGE, "ab-12 34"),
            (LotKind.DEVICE, DEVICE.serial),
            (LotKind.PRODUCT, "HA-2291"),
        ]
    [progress] = course.service.courses(course.client_id)
    assert progress.words() == "1 of 3 sessions done, next due from 23 Dec 2026"
    second = course.treat(TODAY + timedelta(weeks=4))
    assert second.number == 2
    assert [s.number for s in course.service.sessions(course.client_id)] == [2, 1]
    courses, sessions = course.service.course_view(course.client_id)
    assert courses == course.service.courses(course.client_id)
    assert sessions == course.service.sessions(course.client_id)
    assert course.service.draft_for(course.consultation_id) is None


def test_sign_off_lists_every_problem_at_once(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    answers = dict(started.answers_json)
    del answers["smoker"]
    with pytest.raises(ValidationError) as refused:
        course.service.sign_off(started.id, started.version, SessionInput(answers, (), Chart()))
    assert [p.field for p in refused.value.problems] == [
        "answers.smoker",
        "chart.numbing",
        "chart.device",
        "chart.cartridge",
        "chart.areas",
        "chart.endpoint",
    ]
    assert course.service.get(started.id).status is SessionStatus.DRAFT  # nothing written


def test_a_session_too_soon_is_a_caution_to_decide(course: Course) -> None:
    course.treat(TODAY)
    soon = TODAY + timedelta(days=20)
    course.clock.day = soon
    started = course.service.start(course.consultation_id, soon)
    assert [f.rule for f in started.findings] == [SESSION_TOO_SOON]
    state = SessionInput(started.answers_json, (), full_chart(soon))
    with pytest.raises(ValidationError) as refused:
        course.service.sign_off(started.id, started.version, state)
    assert [p.field for p in refused.value.problems] == [f"decisions.{SESSION_TOO_SOON}"]
    wait = Decision(SESSION_TOO_SOON, DecisionChoice.DEFER, "Come back on the due date")
    with pytest.raises(ValidationError, match="end the session as not treated"):
        course.service.sign_off(started.id, started.version, replace(state, decisions=(wait,)))
    go = Decision(SESSION_TOO_SOON, DecisionChoice.PROCEED_MODIFIED, "Travelling; one pass only")
    signed = course.service.sign_off(started.id, started.version, replace(state, decisions=(go,)))
    assert signed.number == 2 and signed.decisions == (go,)


def test_a_new_pregnancy_stops_and_the_session_ends_not_treated(course: Course) -> None:
    course.treat(TODAY)
    later = TODAY + timedelta(weeks=5)
    course.clock.day = later
    started = course.service.start(course.consultation_id, later)
    answers = {**started.answers_json, "pregnant_or_breastfeeding": True}
    screened = course.service.screen(course.consultation_id, later, answers)
    assert screened.outcome is Outcome.STOP
    state = SessionInput(answers, (), full_chart(later))
    with pytest.raises(ValidationError, match="stops treatment"):
        course.service.sign_off(started.id, started.version, state)
    with pytest.raises(ValidationError, match="reason"):
        course.service.end_not_treated(started.id, started.version, state, "  ")
    ended = course.service.end_not_treated(started.id, started.version, state, "Pregnant")
    assert (ended.status, ended.number, ended.outcome) == (
        SessionStatus.NOT_TREATED,
        None,
        Outcome.STOP,
    )
    assert ended.changed == ("pregnant_or_breastfeeding",)
    assert ended.not_treated_reason == "Pregnant"
    # What the client told us then is what the next session starts from.
    assert course.service.previous_answers(course.consultation_id)["pregnant_or_breastfeeding"]
    assert course.service.courses(course.client_id)[0].treated == 1
    with pytest.raises(StaleRecordError, match="ended without treatment"):
        course.service.save_draft(ended.id, ended.version, state)


def test_a_toxin_since_the_consultation_is_caught_on_the_session_day(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    toxin = [{"kind": "toxin", "date": (TODAY - timedelta(days=13)).isoformat()}]
    answers = {**started.answers_json, "recent_aesthetic_procedures": toxin}
    saved = course.service.save_draft(started.id, started.version, SessionInput(answers))
    assert "recent_procedure" in {f.rule for f in saved.findings}
    assert saved.changed == ("recent_aesthetic_procedures",)


def test_another_workstations_save_makes_this_one_stale(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    course.service.save_draft(started.id, started.version, started.input())
    with pytest.raises(StaleRecordError, match="treatment session was changed by Test"):
        course.service.save_draft(started.id, started.version, started.input())
    state = SessionInput(started.answers_json, (), full_chart(TODAY))
    with pytest.raises(StaleRecordError):
        course.service.sign_off(started.id, started.version, state)


def test_a_session_needs_a_signed_plan_and_a_sensible_date(course: Course) -> None:
    draft = ConsultationService(course.context).start(course.client_id)
    with pytest.raises(ConsultError, match="needs a signed consultation"):
        course.service.start(draft.id, TODAY)
    with pytest.raises(ValidationError, match="future"):
        course.service.start(course.consultation_id, TODAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="before the consultation"):
        course.service.start(course.consultation_id, TODAY - timedelta(days=1))
    course.service.start(course.consultation_id, TODAY)
    with pytest.raises(ConsultError, match="already in progress"):
        course.service.start(course.consultation_id, TODAY)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE treatment_sessions SET not_treated_reason = 'x'",
        "DELETE FROM treatment_sessions",
        "UPDATE session_lots SET value = 'x'",
        "DELETE FROM session_lots",
        "UPDATE session_amendments SET reason = 'x'",
        "DELETE FROM session_amendments",
    ],
)
def test_a_finished_session_cannot_be_changed_even_by_hand(course: Course, statement: str) -> None:
    signed = course.treat(TODAY)
    course.service.amend(signed.id, "Typo in the notes", "Two passes, not three")
    with (
        pytest.raises(DBAPIError, match="cannot be changed"),
        course.context.store.engine.begin() as c,
    ):
        c.execute(text(statement))
    assert course.service.get(signed.id) == signed


def test_a_draft_can_still_be_saved_over_by_hand(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    with course.context.store.engine.begin() as connection:
        connection.execute(text("UPDATE treatment_sessions SET wizard_page = 'chart'"))
    assert course.service.get(started.id).wizard_page == "chart"


def test_amendments_correct_a_finished_session_only(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    with pytest.raises(ValidationError, match="still in progress"):
        course.service.amend(started.id, "why", "what")
    state = SessionInput(started.answers_json, (), full_chart(TODAY))
    signed = course.service.sign_off(started.id, started.version, state)
    with pytest.raises(ValidationError) as refused:
        course.service.amend(signed.id, "", " ")
    assert [p.field for p in refused.value.problems] == ["reason", "change"]
    added = course.service.amend(signed.id, " Wrong depth typed ", "Forehead 0.5 mm")
    assert course.service.amendments(signed.id) == [added]
    assert (added.consultation_id, added.reason) == (course.consultation_id, "Wrong depth typed")


def test_the_audit_trail_names_sessions_but_never_their_content(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    answers = {**started.answers_json, "pregnant_or_breastfeeding": True}
    course.service.end_not_treated(
        started.id, started.version, SessionInput(answers), "Pregnant since last time"
    )
    course.service.get(started.id)
    with course.context.store.reading() as uow:
        rows = uow.session.scalars(select(AuditRow).where(AuditRow.entity == "session"))
        found = [(r.action, r.entity_id, r.detail) for r in rows]
    assert found == [
        ("create", started.id, ""),
        ("not_treated", started.id, ""),
        ("view", started.id, ""),
    ]


def test_new_session_dates_before_the_last_treated_one_are_refused(course: Course) -> None:
    course.treat(TODAY + timedelta(weeks=4))
    with pytest.raises(ValidationError, match="before the last session of this course"):
        course.service.start(course.consultation_id, TODAY + timedelta(weeks=3))


def _signed_day() -> date:
    """The clinic's day the course's consent was signed: the wall clock's, not the tests'."""
    return day_in(datetime.now(UTC))


def test_a_visit_written_up_late_is_moved_to_its_day_and_screened_on_it(course: Course) -> None:
    first = max(TODAY, _signed_day())
    course.treat(first)
    course.clock.day = first + timedelta(weeks=5)
    started = course.service.start(course.consultation_id, course.clock.day)
    assert [f.rule for f in started.findings] == []
    limits = course.service.date_limits(course.consultation_id)
    assert (limits.today, limits.last_session_on, limits.earliest) == (
        course.clock.day,
        first,
        first,
    )
    day = first + timedelta(days=10)  # the visit was ten days after the first
    moved = course.service.save_draft(
        started.id, started.version, replace(started.input(), session_date=day)
    )
    assert moved.session_date == day
    assert [f.rule for f in moved.findings] == [SESSION_TOO_SOON]
    assert course.service.get(started.id).session_date == day
    kept = course.service.save_draft(
        moved.id, moved.version, replace(moved.input(), session_date=None)
    )
    assert kept.session_date == day, "no date given: the stored one stays"
    for refused, words in (
        (course.clock.day + timedelta(days=1), "is in the future"),
        (first - timedelta(days=1), "is before the (consultation was signed|last session)"),
    ):
        with pytest.raises(ValidationError, match=words):
            course.service.save_draft(
                kept.id, kept.version, replace(kept.input(), session_date=refused)
            )
    assert course.service.get(started.id).session_date == day
    wait = Decision(SESSION_TOO_SOON, DecisionChoice.DEFER, "Come back on the due date")
    on_time = course.clock.day
    ended = course.service.end_not_treated(
        kept.id,
        kept.version,
        SessionInput(kept.answers_json, (wait,), session_date=on_time),
        "Wait",
    )
    assert (ended.session_date, ended.findings) == (on_time, ())


def test_a_session_cannot_be_dated_before_its_consultation_was_signed(course: Course) -> None:
    signed = _signed_day()
    if signed <= TODAY:
        pytest.skip("this computer's clock is behind the tests' consultation date")
    course.clock.day = signed
    limits = course.service.date_limits(course.consultation_id)
    assert (limits.consulted_on, limits.signed_on, limits.earliest) == (TODAY, signed, signed)
    with pytest.raises(ValidationError, match="before the consultation was signed"):
        course.service.start(course.consultation_id, signed - timedelta(days=1))
    started = course.service.start(course.consultation_id, signed)
    with pytest.raises(ValidationError, match="before the consultation was signed"):
        course.service.save_draft(
            started.id, started.version, replace(started.input(), session_date=TODAY)
        )


def test_the_course_is_complete_after_its_planned_sessions(course: Course) -> None:
    for weeks in (0, 4, 8):
        course.treat(TODAY + timedelta(weeks=weeks))
    [progress] = course.service.courses(course.client_id)
    assert progress.complete and progress.words().endswith("the course is complete")
    extra_day = TODAY + timedelta(weeks=12)
    course.clock.day = extra_day
    extra = course.service.start(course.consultation_id, extra_day)
    assert [f.rule for f in extra.findings] == ["course_complete"]


def test_an_unknown_session_is_not_found(course: Course) -> None:
    from consult_app.errors import NotFoundError

    with pytest.raises(NotFoundError):
        course.service.get(999)


def test_the_owner_keeps_the_device_list_the_chart_offers(course: Course) -> None:
    from consult_app.domain.chart import Device
    from consult_app.domain.people import Role
    from consult_app.errors import NotAllowedError

    practitioner = course.context.user
    devices = [Device(" Dermapen ", "4", "DP4-0031"), Device("SkinPen", "Precision", "SP-9")]
    with pytest.raises(NotAllowedError):
        course.service.save_devices(devices)
    signed_in(course.context, Role.OWNER)
    with pytest.raises(ValidationError, match="same serial"):
        course.service.save_devices([*devices, Device("Dermapen", "4", "dp4 0031")])
    course.service.save_devices(devices)
    course.context.user = practitioner
    assert course.service.devices() == [Device("Dermapen", "4", "DP4-0031"), devices[1]]
    signed_in(course.context, Role.RECEPTION)
    with pytest.raises(NotAllowedError):
        course.service.devices()
