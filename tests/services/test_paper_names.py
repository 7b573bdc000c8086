"""Signing a name no font prints needs a Latin-letter name for the paper; the preview of each
document names the fields it would print as "?"."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Consultation, Decision, DecisionChoice, Status
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import ValidationError
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.conftest import clear_answers
from tests.pngs import png


def _state(context: AppContext, note: str = "Antiviral cover from her GP") -> ConsultationInput:
    return ConsultationInput(
        answers_json={**clear_answers(context.content), "cold_sore_history": True},
        assessment=Assessment(fitzpatrick=3, concerns=("fine_lines",)),
        goals=("fine_lines",),
        decisions=(Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, note),),
        plan=Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6),
    )


def _draft(
    context: AppContext, first: str, note: str = "Antivirals", preferred: str = ""
) -> Consultation:
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"), "Dr Sam"
    )
    details = ClientDetails(first, "Shah", date(1990, 5, 24), preferred_name=preferred)
    client = ClientService(context).add(details)
    return ConsultationService(context).start(client.id, _state(context, note))


def _sign(context: AppContext, draft: Consultation, paper_name: str = "") -> Consultation:
    signatures = Signatures(png(), png(80, 24), "Dr Sam Patel", False, paper_name)
    state = _state(context, draft.decisions[0].note)
    return ConsultationService(context).sign(draft.id, draft.version, state, signatures)


@pytest.mark.parametrize("paper_name", ["", "  ", "Мира", "Meera 🌸"])
def test_a_name_no_font_prints_is_not_signed_without_a_latin_name(
    context: AppContext, paper_name: str
) -> None:
    draft = _draft(context, "मीरा")
    with pytest.raises(ValidationError) as refused:
        _sign(context, draft, paper_name)
    assert [p.field for p in refused.value.problems] == ["paper_name"]
    service = ConsultationService(context)
    assert service.consents(draft.id) == []
    assert service.get(draft.id).status is not Status.COMPLETED


def test_the_consent_prints_the_confirmed_latin_name(context: AppContext) -> None:
    draft = _draft(context, "मीरा")
    check = ConsultationService(context).paper_check(draft.id, _state(context), "Dr Sam Patel")
    assert check.name_unprintable == ["म", "ी", "र", "ा"]
    assert check.warnings == [
        "Client name contains characters that cannot be printed: म, ी, र, ा",
    ]
    signed = _sign(context, draft, "  Meera   Shah ")
    [record] = ConsultationService(context).consents(signed.id)
    assert record.client_name == "Meera Shah"
    documents = DocumentService(context)
    for kind, pdf in (
        ("consent", documents.consent_pdf(signed.id)),
        ("aftercare", documents.aftercare_pdf(signed.id)),  # and the later paper too
        ("record", documents.record_pdf(signed.id)),
    ):
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
        assert "Meera Shah" in text and "????" not in text, kind
        assert documents.warnings(signed.id, kind) == [], kind


def test_a_printable_name_is_signed_as_typed_whatever_paper_name_is_sent(
    context: AppContext,
) -> None:
    draft = _draft(context, "ليلى")
    assert ConsultationService(context).paper_check(draft.id, _state(context), "Dr").warnings == []
    signed = _sign(context, draft, "Layla")
    [record] = ConsultationService(context).consents(signed.id)
    assert record.client_name == "ليلى Shah"


@pytest.mark.parametrize("kind", ["consent", "aftercare", "record"])
def test_the_preview_names_each_field_that_prints_as_a_question_mark(
    context: AppContext, kind: str
) -> None:
    draft = _draft(context, "Zoë", note="Antivirals 💊", preferred="Zo 🌸")
    signed = _sign(context, draft)
    warnings = DocumentService(context).warnings(signed.id, kind)
    if kind == "aftercare":  # the sheet shows the name, neither the notes nor a preferred name
        assert warnings == []
        return
    assert warnings[0] == "Preferred name contains characters that cannot be printed: 🌸"
    [note] = [w for w in warnings if w.startswith("The decision note on")]
    assert note.endswith("contains characters that cannot be printed: 💊")
