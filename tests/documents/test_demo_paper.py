"""The demo clinic's heaviest consultations, signed through the app, make paper that holds up:
the signatures beside the declarations they sign, and the aftercare sheet on one page with every
line tailored to the consultation."""

from __future__ import annotations

from pathlib import Path

from consult_app.content.bundle import Content
from consult_app.domain.aftercare import tailored_advice
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Consultation
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.documents import DocumentService
from tests.documents.conftest import signature_png
from tests.documents.demo import demo_clinic
from tests.documents.pdf_checks import flat, reader

DECLARATIONS = "By signing, I confirm that"


def _weight(content: Content, consultation: Consultation) -> tuple[int, int]:
    tailored = tailored_advice(
        content.aftercare,
        consultation.findings,
        consultation.decisions,
        consultation.assessment.fitzpatrick,
    )
    return len(tailored), len(consultation.findings)


def test_the_heaviest_demo_consultations_sign_onto_paper_that_holds_up(
    tmp_path: Path, content: Content
) -> None:
    with demo_clinic(tmp_path, content) as (context, ids):
        consultations = ConsultationService(context)
        planned = [c for c in map(consultations.get, ids) if c.plan is not None]
        # The most tailored aftercare lines first, then the most findings: the fullest papers.
        heaviest = sorted(planned, key=lambda c: _weight(content, c), reverse=True)[:4]
        assert _weight(content, heaviest[0])[0] >= 3
        documents = DocumentService(context)
        for demo in heaviest:
            state = ConsultationInput.of(demo)
            draft = consultations.start(demo.client_id, state)
            signatures = Signatures(signature_png(1), signature_png(2), "Dr Sam Patel", True)
            signed = consultations.sign(draft.id, draft.version, state, signatures)

            pages = [flat(p.extract_text()) for p in reader(documents.consent_pdf(signed.id)).pages]
            [page] = [text for text in pages if DECLARATIONS in text]
            assert page.count("Signed ") == 2, f"consultation {demo.id}: signatures apart"

            aftercare = reader(documents.aftercare_pdf(signed.id))
            assert len(aftercare.pages) == 1, f"consultation {demo.id}: aftercare runs on"
            sheet = flat(aftercare.pages[0].extract_text())
            lines = tailored_advice(
                content.aftercare, signed.findings, signed.decisions, signed.assessment.fitzpatrick
            )
            assert lines and all(flat(line) in sheet for line in lines)
