"""Treatment sessions made through the services, for tests that need real stored ones: a clinic
with a signed consultation (plan: forehead, 3 sessions 4 weeks apart) and a chart that can be
signed off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from consult_app.domain.chart import Cartridge, Chart, Endpoint, Numbing, ProductUsed, TreatedArea
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.treatment import SessionInput, TreatmentSession
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.demo_courses import DEMO_DEVICES
from consult_app.services.treatments import TreatmentService
from tests.signed_consents import sign_for

DEVICE = DEMO_DEVICES[0]


def full_chart(on: date, lot: str = "LOT-77A", product_lot: str = "HA-2291") -> Chart:
    """A chart of the signed plan's forehead that signs off on `on`."""
    return Chart(
        numbing=Numbing("Lidocaine 5% cream", time(9, 5), time(9, 40)),
        device=DEVICE,
        cartridge=Cartridge(16, lot, on + timedelta(days=300)),
        areas=(TreatedArea("forehead", 0.25, 2),),
        products=(ProductUsed("Hyaluronic serum", product_lot),),
        endpoint=Endpoint.EVEN_ERYTHEMA,
    )


class Clock:
    """The context's today, moved on by tests (sessions cannot be dated in the future)."""

    def __init__(self, today: date) -> None:
        self.day = today

    def __call__(self) -> date:
        return self.day


@dataclass
class Course:
    context: AppContext
    clock: Clock
    consultation_id: int
    client_id: int

    @property
    def service(self) -> TreatmentService:
        return TreatmentService(self.context)

    def treat(self, on: date, **chart: str) -> TreatmentSession:
        """A session on `on`, signed off with nothing changed since last time."""
        self.clock.day = max(self.clock.day, on)
        started = self.service.start(self.consultation_id, on)
        state = SessionInput(started.answers_json, (), full_chart(on, **chart))
        return self.service.sign_off(started.id, started.version, state)


def course_for(context: AppContext, first: str = "Zoë", last: str = "Łukasiewicz") -> Course:
    """A clinic (set up once) and a new client with a signed consultation today."""
    clock = Clock(context.today())
    context.today = clock
    with context.store.reading() as uow:
        ready = uow.settings.get("clinic") is not None
    if not ready:
        user = context.user
        context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Morgan Owen")
        context.user = user
    consultation_id = sign_for(context, first, last)
    with context.store.reading() as uow:
        client_id = uow.consultations.get(consultation_id).client_id
    return Course(context, clock, consultation_id, client_id)
