"""Consent and aftercare PDFs with signatures: our builders against bare ReportLab calls
laying out the same text and images (see bare_documents.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from io import BytesIO

from sqlalchemy import text

from bench import bare_documents
from bench.data import Dataset
from bench.measure import Row, paired_ms
from consult_app.documents.aftercare import build_aftercare
from consult_app.documents.consent import build_consent
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent_text import build_consent_text
from consult_app.domain.documents import AftercareDocument, ConsentDocument, DocumentInfo
from consult_app.services.consultations import ConsultationService
from consult_app.services.demo import DEMO_CLINIC


def signature_png(seed: int) -> bytes:
    """A 600 × 200 PNG like the signature pad's, with a few strokes of ink."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    points = [(40 + 26 * i, 100 + ((i * 37 + seed) % 70) - 35) for i in range(21)]
    pen.line(points, fill=(20, 30, 60, 255), width=4, joint="curve")
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def richest_consultation(dataset: Dataset) -> int:
    """A consultation with a plan and the most findings: the longest consent to lay out."""
    with dataset.store.bulk() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT id FROM consultations WHERE plan IS NOT NULL "
                    "ORDER BY length(findings) DESC, id LIMIT 1"
                )
            ).scalar_one()
        )


def documents(dataset: Dataset) -> tuple[ConsentDocument, AftercareDocument]:
    context = dataset.context()
    consultations = ConsultationService(context)
    consultation = consultations.get(richest_consultation(dataset))
    with context.store.reading() as uow:
        details = uow.clients.get(consultation.client_id).details
    # A name in Arabic: both sides shape it with harfbuzz and set it right to left.
    details = replace(details, first_name="ليلى", last_name="حداد")
    content = context.content
    clinic = ClinicDetails(**DEMO_CLINIC)
    signed = datetime.combine(consultation.consultation_date, time(14, 2), tzinfo=UTC)
    consent = ConsentDocument(
        info=DocumentInfo(
            f"CON-{consultation.id:06d}-1", f"Consent — {details.full_name}", "bench", signed
        ),
        clinic=clinic,
        client=details,
        consultation_date=consultation.consultation_date,
        practitioner_name="Dr Sam Patel",
        text=build_consent_text(
            content.consent,
            content.plan,
            consultation.findings,
            consultation.decisions,
            consultation.plan,
        ),
        area_labels={a.id: a.label for a in content.plan.areas},
        plan=consultation.plan,
        findings=consultation.findings,
        decisions=consultation.decisions,
        photo_consent=True,
        client_signature_png=signature_png(1),
        practitioner_signature_png=signature_png(2),
        signed_at=signed,
    )
    weeks = consultation.plan.interval_weeks if consultation.plan else 4
    aftercare = AftercareDocument(
        info=DocumentInfo(
            f"AFT-{consultation.id:06d}", f"Aftercare — {details.full_name}", "bench", signed
        ),
        clinic=clinic,
        sheet=content.aftercare,
        client_name=details.full_name,
        treatment_date=consultation.consultation_date,
        next_session=consultation.consultation_date + timedelta(weeks=weeks),
    )
    return consent, aftercare


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    consent, aftercare = documents(dataset)

    def ours() -> tuple[bytes, bytes]:
        return build_consent(consent), build_aftercare(aftercare)

    def floor() -> tuple[bytes, bytes]:
        return bare_documents.consent(consent), bare_documents.aftercare(aftercare)

    for made in (*ours(), *floor()):
        if not made.startswith(b"%PDF"):
            raise AssertionError("a document was not made")
    mine, bare = paired_ms(ours, floor, repeat)
    return [Row("build consent + aftercare PDFs with signatures, ms", mine, bare, 1.3)]
