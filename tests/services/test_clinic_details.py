"""The owner changes the clinic's details: new documents use them, signed consents do not."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.assessment import Assessment
from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.consent import Signatures
from consult_app.domain.dates import DateStyle
from consult_app.domain.people import Role
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.errors import NotAllowedError, ValidationError
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.accounts import signed_in
from tests.conftest import clear_answers
from tests.documents.pdf_checks import all_text, reader
from tests.pngs import png

BEFORE = ClinicDetails("Harbour Skin", "1 Quay Street, Bristol", "0117 496 0000")


def _signed(context: AppContext) -> int:
    context.user = ClinicService(context).set_up(BEFORE, "Dr Sam Patel")
    client = ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    service = ConsultationService(context)
    state = ConsultationInput(
        answers_json=clear_answers(context.content),
        assessment=Assessment(fitzpatrick=2, concerns=("fine_lines",)),
        goals=("fine_lines",),
        plan=Plan((PlannedArea("forehead", 0.25),), sessions=3, interval_weeks=4),
    )
    draft = service.start(client.id, state)
    signatures = Signatures(png(), png(80, 24), "Dr Sam Patel", photo_consent=False)
    return service.sign(draft.id, draft.version, state, signatures).id


def test_a_signed_consent_keeps_its_bytes_while_new_documents_use_the_new_details(
    context: AppContext,
) -> None:
    consultation = _signed(context)
    documents = DocumentService(context)
    signed_pdf = documents.consent_pdf(consultation)
    [record] = ConsultationService(context).consents(consultation)
    clinic = ClinicService(context)
    changed = clinic.change(
        ClinicDetails(
            "Seaside Skin Studio",
            BEFORE.address,
            BEFORE.phone,
            paper=Paper.LETTER,
            date_style=DateStyle.MONTH_DAY_YEAR,
        )
    )
    assert changed == ["name", "paper size", "date style"]
    assert clinic.details().name == "Seaside Skin Studio"
    assert clinic.details().paper is Paper.LETTER
    again = documents.consent_pdf(consultation)
    assert again == signed_pdf, "the signed consent is the bytes it was signed with"
    assert hashlib.sha256(again).hexdigest() == record.pdf_sha256
    assert "Harbour Skin" in all_text(again) and "Seaside" not in all_text(again)
    aftercare = documents.aftercare_pdf(consultation)
    words = all_text(aftercare)
    assert "Seaside Skin Studio" in words and "Harbour Skin" not in words
    on = ConsultationService(context).get(consultation).consultation_date
    assert f"{on:%b} {on.day}, {on.year}" in words, "dates in the clinic's new style"
    page = reader(aftercare).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    [entry] = AuditTrailService(context).entries(AuditFilter(action="change", entity="clinic"))
    assert entry.detail == "changed: name, paper size, date style"


def test_saving_the_same_details_records_nothing(context: AppContext) -> None:
    clinic = ClinicService(context)
    context.user = clinic.set_up(BEFORE, "Dr Sam Patel")
    assert clinic.change(clinic.details()) == []
    assert AuditTrailService(context).count(AuditFilter(action="change", entity="clinic")) == 0


def test_only_the_owner_changes_them_and_a_bad_one_is_named(context: AppContext) -> None:
    clinic = ClinicService(context)
    context.user = clinic.set_up(BEFORE, "Dr Sam Patel")
    with pytest.raises(ValidationError) as raised:
        clinic.change(ClinicDetails("  ", phone="call me"))
    assert {p.field for p in raised.value.problems} == {"name", "phone"}
    signed_in(context, Role.PRACTITIONER)
    with pytest.raises(NotAllowedError):
        clinic.change(ClinicDetails("Someone else's clinic"))
    assert clinic.details().name == "Harbour Skin"


@pytest.mark.parametrize(
    "logo", [b"not a picture", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, png()[:30]]
)
def test_a_logo_that_is_no_picture_is_refused_and_the_stored_details_stay(
    context: AppContext, logo: bytes
) -> None:
    clinic = ClinicService(context)
    context.user = clinic.set_up(BEFORE, "Dr Sam Patel")
    with pytest.raises(ValidationError) as refused:
        clinic.change(ClinicDetails("Seaside Skin Studio", logo_png=logo))
    [problem] = refused.value.problems
    assert problem.field == "logo" and "PNG or JPEG" in problem.message
    assert clinic.details() == BEFORE, "nothing stored changed"
    assert AuditTrailService(context).entries(AuditFilter(action="change", entity="clinic")) == []


@pytest.mark.parametrize(("field", "value"), [("paper", "A5"), ("date_style", "<b>x</b>")])
def test_a_paper_size_or_date_style_the_form_never_offers_is_refused_by_name(
    context: AppContext, field: str, value: str
) -> None:
    clinic = ClinicService(context)
    context.user = clinic.set_up(BEFORE, "Dr Sam Patel")
    with pytest.raises(ValidationError) as refused:
        clinic.change(ClinicDetails("Seaside Skin Studio", **{field: value}))
    [problem] = refused.value.problems
    assert problem.field == field and "must be one of" in problem.message
    assert clinic.details() == BEFORE


def test_setting_up_returns_the_owner_and_leaves_who_is_signed_in_to_the_caller(
    tmp_path: Path, content: Content
) -> None:
    """Signed-in state has one owner (the window's SignedIn, a command's context): the set-up
    returns the new owner's account and records the set-up under it, changing no context."""
    from consult_app.store.store import open_store

    context = AppContext(store=open_store(f"sqlite:///{tmp_path / 'new.db'}"), content=content)
    try:
        owner = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
        assert context.user is None
        assert (owner.display_name, owner.role) == ("Dr Sam Patel", Role.OWNER)
        with context.store.reading() as uow:
            [entry] = uow.audit.find(AuditFilter(action="set_up"), 5)
        assert (entry.username, entry.user_id) == (owner.username, owner.id)
    finally:
        context.store.close()
