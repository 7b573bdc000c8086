"""A signed consultation made through the services, for tests that need a real stored consent."""

from __future__ import annotations

from datetime import date

from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from tests.conftest import clear_answers
from tests.pngs import png


def sign_for(
    context: AppContext, first: str, last: str, ink: int = 30, client_png: bytes | None = None
) -> int:
    """A signed consultation for a new client; the id of the consultation."""
    client = ClientService(context).add(ClientDetails(first, last, date(1988, 2, 14)))
    return sign_consultation(context, client.id, ink=ink, client_png=client_png)


def sign_consultation(
    context: AppContext,
    client_id: int,
    plan: Plan | None = None,
    ink: int = 30,
    client_png: bytes | None = None,
) -> int:
    """A signed consultation for a client already stored (plan: forehead, 3 sessions 4 weeks
    apart, unless another is given); the id of the consultation."""
    service = ConsultationService(context)
    state = ConsultationInput(
        answers_json=clear_answers(context.content),
        assessment=Assessment(fitzpatrick=2),
        goals=("texture",),
        plan=plan or Plan((PlannedArea("forehead", 0.25),), 3, 4),
    )
    draft = service.start(client_id, state)
    signatures = Signatures(
        client_png or png(ink=ink), png(80, 24), "Dr Sam Patel", photo_consent=True
    )
    return service.sign(draft.id, draft.version, state, signatures).id
