"""Documents from real records: the signed consent is stored once, reproducible and checked."""

from __future__ import annotations

import hashlib
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.documents import HandoutKind, Paper
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import ValidationError
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import (
    DocumentService,
    IntegrityError,
    build_consent_pdf,
    consent_document,
)
from tests.conftest import clear_answers
from tests.pngs import png

NOTE = "Antiviral cover from her GP"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def signed(context: AppContext) -> int:
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"), "Dr Sam Patel"
    )
    client = ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    decision = Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, NOTE)
    return _sign(context, client.id, {"cold_sore_history": True}, 3, decision)


def _sign(
    context: AppContext, client_id: int, answers: dict[str, bool], skin: int, decision: Decision
) -> int:
    """A signed consultation: these answers, one caution decided, cheeks at 0.75 mm."""
    service = ConsultationService(context)
    state = ConsultationInput(
        answers_json={**clear_answers(context.content), **answers},
        assessment=Assessment(fitzpatrick=skin, concerns=("fine_lines",)),
        goals=("fine_lines",),
        decisions=(decision,),
        plan=Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6),
    )
    draft = service.start(client_id, state)
    signatures = Signatures(png(), png(80, 24), "Dr Sam Patel", photo_consent=False)
    return service.sign(draft.id, draft.version, state, signatures).id


def test_the_signed_consent_is_stored_with_its_fingerprint_and_says_what_was_agreed(
    context: AppContext, signed: int
) -> None:
    documents = DocumentService(context)
    [record] = ConsultationService(context).consents(signed)
    pdf = documents.consent_pdf(signed)
    assert hashlib.sha256(pdf).hexdigest() == record.pdf_sha256
    assert hashlib.sha256(documents.consent_pdf(signed)).hexdigest() == record.pdf_sha256
    words = _text(pdf)
    assert "Zoë Łukasiewicz" in words
    assert "cold sores" in words.lower()
    assert NOTE in words
    assert context.content.consent.version in words
    pages = len(PdfReader(BytesIO(pdf)).pages)
    assert f"Page 1 of {pages}" in words


def test_rendering_the_stored_record_again_gives_the_same_bytes(
    context: AppContext, signed: int
) -> None:
    service = ConsultationService(context)
    consultation = service.get(signed)
    [record] = service.consents(signed)
    with context.store.reading() as uow:
        client = uow.clients.get(consultation.client_id).details
    clinic = ClinicService(context).details()
    document = consent_document(context, consultation, client, clinic, record, 1, Paper.A4)
    again = build_consent_pdf(document)
    assert hashlib.sha256(again).hexdigest() == record.pdf_sha256


def test_a_tampered_consent_is_reported_never_shown_as_valid(
    context: AppContext, signed: int
) -> None:
    documents = DocumentService(context)
    original = documents.consent_pdf(signed)
    with context.store.engine.begin() as connection:  # someone bypasses the app and the trigger
        if context.store.backend == "sqlite":
            connection.execute(text("DROP TRIGGER consent_records_no_update"))
        else:
            connection.execute(text("ALTER TABLE consent_records DISABLE TRIGGER USER"))
        connection.execute(
            text("UPDATE consent_records SET pdf = :pdf"), {"pdf": original + b"%tampered"}
        )
    with pytest.raises(IntegrityError, match="does not match"):
        documents.consent_pdf(signed)


def test_an_unsigned_consultation_has_no_consent_to_export(context: AppContext) -> None:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    client = ClientService(context).add(ClientDetails("Ann", "Smith", date(1980, 1, 1)))
    draft = ConsultationService(context).start(client.id)
    with pytest.raises(ValidationError, match="has not been signed yet") as refused:
        DocumentService(context).consent_pdf(draft.id)
    assert str(draft.id) not in str(refused.value).replace("2026", "")  # no record number


def test_aftercare_has_the_clinic_phone_and_next_session(context: AppContext, signed: int) -> None:
    consultation = ConsultationService(context).get(signed)
    words = _text(DocumentService(context).aftercare_pdf(signed))
    assert "0117 496 0000" in words
    assert "Zoë Łukasiewicz" in words
    next_session = consultation.consultation_date.toordinal() + 6 * 7
    from consult_app.domain.dates import format_date

    assert format_date(date.fromordinal(next_session)) in words


def test_aftercare_is_one_page_tailored_to_the_consultation(
    context: AppContext, signed: int
) -> None:
    pdf = DocumentService(context).aftercare_pdf(signed)
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    words = " ".join(_text(pdf).split())
    assert "Cheeks" in words  # the area treated
    assert "antiviral tablets" in words  # cold-sore cover was decided
    assert "blood thinner" not in words and "No numbing cream" not in words
    assert "darken in patches" not in words  # Fitzpatrick III: the usual sun care only
    assert "Zoë Łukasiewicz, born" not in words  # the sheet names the client, not their birthday
    assert "NHS 111" in words and "Call 999" in words


def test_aftercare_for_darker_skin_and_a_clinic_out_of_hours_line(context: AppContext) -> None:
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000", out_of_hours_phone="07700 900999"),
        "Dr Sam Patel",
    )
    client = ClientService(context).add(ClientDetails("Ann", "Smith", date(1980, 1, 1)))
    decision = Decision("anticoagulants", DecisionChoice.PROCEED_MODIFIED, "Lighter")
    signed = _sign(context, client.id, {"anticoagulant_medication": True}, 5, decision)
    words = " ".join(_text(DocumentService(context).aftercare_pdf(signed)).split())
    assert "blood thinner" in words and "darken in patches" in words
    assert "When we are closed, call 07700 900999." in words and "NHS 111" not in words


def test_record_has_answers_findings_decisions_plan_and_amendments(
    context: AppContext, signed: int
) -> None:
    ConsultationService(context).amend(signed, "Remembered later", "Takes fish oil daily")
    words = _text(DocumentService(context).record_pdf(signed))
    for expected in (
        "Have you ever had cold sores?",
        NOTE,
        "Cheeks",
        "0.75",
        "Takes fish oil daily",
    ):
        assert expected in words, expected


def test_handouts_are_reproducible(context: AppContext) -> None:
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"), "Dr Sam Patel"
    )
    documents = DocumentService(context)
    for kind in HandoutKind:
        first, again = documents.handout_pdf(kind), documents.handout_pdf(kind)
        assert first == again
        assert "Harbour Skin" in _text(first)


def test_letter_paper_is_a_clinic_setting(context: AppContext) -> None:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    with context.store.writing() as uow:
        uow.settings.put("paper", "Letter")
    page = PdfReader(BytesIO(DocumentService(context).handout_pdf(HandoutKind.AFTERCARE))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
