"""Courses of treatment for the demo clinic: a few clients with signed consultations and their
sessions (treated, one ended not treated, first sessions due, one overdue, one course complete),
made through the services as a practitioner would, so every record is whole (consents with their
PDFs, sessions with their batch numbers) and reception has sessions to see and reprint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from consult_app.domain.assessment import Assessment
from consult_app.domain.chart import (
    Cartridge,
    Chart,
    Device,
    Endpoint,
    Numbing,
    ProductUsed,
    TreatedArea,
)
from consult_app.domain.client import ClientDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import ConsultationInput
from consult_app.domain.dates import time_zone
from consult_app.domain.people import User
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.questionnaire import Questionnaire, QuestionType
from consult_app.domain.treatment import SessionInput, TreatmentSession
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.demo_signatures import scribble_png
from consult_app.services.treatments import TreatmentService
from consult_app.store.base import written_at

DEMO_DEVICES = (
    Device("Dermapen", "4", "DP4-20931"),
    Device("SkinPen", "Precision", "SP-77410"),
)
_PRACTITIONER = "Dr Sam Patel"
# Clinic times (the clinic's clock) the made-up history is written at, so a record signed on a
# day says a time of that day: the consultation in the morning, then the session, whose
# numbing (see _chart) runs 10:00-10:35. Each course a few minutes on from the one before.
_ARRIVED, _CONSENTED = time(9, 0), time(9, 40)
_SESSION_STARTED, _SESSION_ENDED = time(9, 55), time(11, 5)
_MINUTES_APART = 6


@dataclass(frozen=True, slots=True)
class DemoCourse:
    """A client, their consultation `consulted` days ago and the sessions since (days ago;
    a negative day is a session ended not treated, for an active cold sore). Each has their
    own phone number, from Ofcom's range kept for drama (07700 900000-900999): no one's."""

    first: str
    last: str
    born: date
    phone: str
    consulted: int
    sessions: tuple[int, ...]
    planned: int = 4


DEMO_COURSES = (
    # due now; overdue; one session ended not treated; first session due; complete; not due yet
    DemoCourse("Amelia", "Hughes", date(1986, 3, 14), "07700 900421", 60, (60, 32)),
    DemoCourse("Ngọc Anh", "Trần", date(1991, 8, 2), "07700 900187", 150, (150, 120), 3),
    DemoCourse("Zofia", "Kowalska", date(1979, 11, 23), "07700 900634", 35, (35, -3)),
    DemoCourse("Priya", "Sharma", date(1994, 1, 9), "07700 900352", 5, ()),
    DemoCourse("Ingrid", "Lindqvist", date(1983, 6, 30), "07700 900718", 100, (100, 72, 44), 3),
    DemoCourse("Oliver", "Thompson", date(1990, 4, 17), "07700 900265", 20, (20,)),
)


def clear_answers(questionnaire: Questionnaire) -> dict[str, Any]:
    """A complete set of answers (JSON form) that raises no finding."""
    blank = {
        QuestionType.YES_NO: False,
        QuestionType.CHOICE: "no",
        QuestionType.MULTI: [],
        QuestionType.PROCEDURES: [],
    }
    return {
        q.id: blank[q.type]
        for q in questionnaire.questions.values()
        if q.required and not q.follow_up_of
    }


@contextmanager
def _as_of(context: AppContext, user: User) -> Iterator[list[date]]:
    """`context` signed in as `user`, its today the day in the list the caller moves on."""
    day = [context.today()]
    before = (context.user, context.today)
    context.user, context.today = user, lambda: day[0]
    try:
        yield day
    finally:
        context.user, context.today = before


def _chart(context: AppContext, on: date, number: int) -> Chart:
    return Chart(
        numbing=Numbing("Lidocaine 5% cream", time(10, 0), time(10, 35)),
        device=DEMO_DEVICES[number % 2],
        cartridge=Cartridge(16, f"C{on:%y%m}-{1100 + number}", on + timedelta(days=400)),
        areas=tuple(TreatedArea(a.id, a.depth_min, 2) for a in context.content.plan.areas[:2]),
        products=(ProductUsed("Hyaluronic acid serum", f"HA-{on:%y}{number:02d}"),),
        endpoint=Endpoint.EVEN_ERYTHEMA,
    )


WrittenAt = Callable[[date, time], AbstractContextManager[None]]


def _clock(context: AppContext, offset: int) -> WrittenAt:
    """Writing at a clinic time on a day, `offset` courses on: what the records say of when."""
    details = ClinicService(context).details()
    zone = (time_zone(details.time_zone) if details else None) or UTC

    def at(on: date, clock: time) -> AbstractContextManager[None]:
        moment = datetime.combine(on, clock, tzinfo=zone) + timedelta(minutes=offset)
        return written_at(moment)

    return at


def _course(
    context: AppContext, day: list[date], today: date, course: DemoCourse, index: int
) -> None:
    consultations, treatments = ConsultationService(context), TreatmentService(context)
    at = _clock(context, index * _MINUTES_APART)
    day[0] = today - timedelta(days=course.consulted)
    areas = context.content.plan.areas[:2]
    state = ConsultationInput(
        answers_json=clear_answers(context.content.questionnaire),
        assessment=Assessment(fitzpatrick=2, concerns=("fine_lines",)),
        goals=("texture",),
        plan=Plan(tuple(PlannedArea(a.id, a.depth_min) for a in areas), course.planned, 4),
    )
    with at(day[0], _ARRIVED):
        client = ClientService(context).add(
            ClientDetails(course.first, course.last, course.born, phone=course.phone)
        )
        draft = consultations.start(client.id, state)
    signatures = Signatures(scribble_png(), scribble_png(80, 24), _PRACTITIONER, True)
    with at(day[0], _CONSENTED):
        consultation = consultations.sign(draft.id, draft.version, state, signatures)
    for number, ago in enumerate(course.sessions, start=1):
        day[0] = today - timedelta(days=abs(ago))
        with at(day[0], _SESSION_STARTED):
            started = treatments.start(consultation.id, day[0])
        chart = _chart(context, day[0], number)
        # Ended as the practitioner would: a cold sore at once, a treatment once it is done.
        with at(day[0], _SESSION_STARTED if ago < 0 else _SESSION_ENDED):
            _finish(treatments, started, chart, cold_sore=ago < 0)


def _finish(
    treatments: TreatmentService, started: TreatmentSession, chart: Chart, *, cold_sore: bool
) -> None:
    if cold_sore:
        answers = {**started.answers_json, "active_cold_sore": True}
        treatments.end_not_treated(
            started.id,
            started.version,
            SessionInput(answers, (), chart),
            "Cold sore on the upper lip today; rebooked for when it has healed.",
        )
    else:
        treatments.sign_off(
            started.id, started.version, SessionInput(started.answers_json, (), chart)
        )


def add_demo_courses(context: AppContext, owner: User, practitioner: User, today: date) -> None:
    """The demo clinic's devices (set by the owner) and its courses (run by the practitioner)."""
    with _as_of(context, owner):
        TreatmentService(context).save_devices(list(DEMO_DEVICES))
    with _as_of(context, practitioner) as day:
        for index, course in enumerate(DEMO_COURSES):
            _course(context, day, today, course, index)
