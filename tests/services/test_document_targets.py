"""Which consultation a consent or aftercare sheet comes from, and what is said when there is
none: in words, never a record number, and no aftercare for a client who was not treated."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.documents import DocumentUse
from consult_app.domain.people import Role
from consult_app.errors import ValidationError
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.accounts import signed_in
from tests.clinic_files import signable, signatures
from tests.conftest import clear_answers


@pytest.fixture
def client_id(context: AppContext) -> int:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    return ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24))).id


def _not_treated(context: AppContext, client_id: int) -> int:
    """A consultation completed without treatment: a stop (isotretinoin within six months)."""
    answers = {
        **clear_answers(context.content),
        "isotretinoin_last_6_months": True,
        "isotretinoin_last_dose": "2026-10-01",
    }
    state = replace(signable(context.content), answers_json=answers, plan=None)
    service = ConsultationService(context)
    draft = service.start(client_id, state)
    return service.complete(draft.id, draft.version, state).id


def _signed(context: AppContext, client_id: int) -> int:
    service = ConsultationService(context)
    state = signable(context.content)
    draft = service.start(client_id, state)
    return service.sign(draft.id, draft.version, state, signatures()).id


def test_no_aftercare_sheet_for_a_client_who_was_not_treated(
    context: AppContext, client_id: int
) -> None:
    stopped = _not_treated(context, client_id)
    documents = DocumentService(context)
    for use in (DocumentUse.VIEW, DocumentUse.PRINT):
        with pytest.raises(ValidationError) as refused:
            documents.aftercare_pdf(stopped, use)
        assert str(refused.value) == (
            "The treatment did not go ahead at the consultation on 25 Nov 2026, so there is "
            "no aftercare sheet for it."
        )
    with pytest.raises(ValidationError, match="did not go ahead"):
        documents.consent_pdf(stopped)


def test_no_aftercare_sheet_for_an_unfinished_consultation(
    context: AppContext, client_id: int
) -> None:
    draft = ConsultationService(context).start(client_id, signable(context.content))
    with pytest.raises(ValidationError, match="has not been signed yet"):
        DocumentService(context).aftercare_pdf(draft.id)
    assert DocumentService(context).aftercare_pdf(_signed(context, client_id)).startswith(b"%PDF")


def test_a_voided_draft_is_said_to_be_voided_not_waiting_to_be_signed(
    context: AppContext, client_id: int
) -> None:
    """`export` on a voided draft said "finish it and sign the consent first", which cannot be
    done: a voided consultation is never continued."""
    service = ConsultationService(context)
    draft = service.start(client_id, signable(context.content))
    service.void(draft.id, draft.version, "Started for the wrong client")
    documents = DocumentService(context)
    for build, what in (
        (documents.consent_pdf, "consent"),
        (documents.aftercare_pdf, "aftercare sheet"),
    ):
        with pytest.raises(ValidationError) as refused:
            build(draft.id)
        assert str(refused.value) == (
            f"The consultation on 25 Nov 2026 was voided, so there is no {what} for it."
        )


def test_reception_is_told_in_words_what_is_missing(context: AppContext, client_id: int) -> None:
    draft = ConsultationService(context).start(client_id, ConsultationInput(wizard_page="client"))
    reception = DocumentService(signed_in(context, Role.RECEPTION))
    for build in (reception.consent_pdf, reception.aftercare_pdf):
        with pytest.raises(ValidationError) as refused:
            build(draft.id, DocumentUse.PRINT)
        message = str(refused.value)
        assert message == (
            "The consultation on 25 Nov 2026 has not been signed yet; ask the practitioner."
        )
        assert f"consultation {draft.id}" not in message


def test_the_history_says_which_consultations_were_signed(
    context: AppContext, client_id: int
) -> None:
    signed = _signed(context, client_id)
    stopped = _not_treated(context, client_id)
    draft = ConsultationService(context).start(client_id, signable(context.content))
    lines = {line.id: line for line in ClientService(context).history(client_id)}
    assert {i: lines[i].is_signed for i in (signed, stopped, draft.id)} == {
        signed: True,
        stopped: False,
        draft.id: False,
    }


def test_demo_consultations_with_a_plan_but_no_consent_are_not_called_not_suitable(
    context: AppContext,
) -> None:
    from consult_app.domain.consultation import NOT_TREATED, UNSIGNED
    from consult_app.gui.models.history import HistoryModel
    from consult_app.services.demo import fill_demo

    fill_demo(context.store, context.content, 20, 40, today=date(2026, 11, 25))
    clients = ClientService(context)
    lines = [line for i in clients.search("") for line in clients.history(i)]
    planned = [line for line in lines if line.has_plan]
    assert planned and not [line for line in lines if line.is_signed]
    model = HistoryModel()
    model.set_lines(lines)
    words = {model.index(row, 2).data() for row in range(model.rowCount())}
    assert words <= {UNSIGNED, NOT_TREATED}
    with pytest.raises(ValidationError, match="No consent was signed at the consultation on"):
        DocumentService(context).aftercare_pdf(planned[0].id)


def test_an_unfinished_consultations_record_reads_in_progress_never_suitable(
    context: AppContext, client_id: int
) -> None:
    from tests.documents.pdf_checks import all_text, flat

    draft = ConsultationService(context).start(client_id, ConsultationInput(wizard_page="client"))
    assert draft.outcome is not None  # the engine's "clear" for no answers is still stored
    words = flat(all_text(DocumentService(context).record_pdf(draft.id)))
    assert "Outcome In progress (not finished)" in words
    assert "Outcome Suitable" not in words
