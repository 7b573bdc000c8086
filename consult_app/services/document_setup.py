"""What every document service reads before drawing: the clinic's paper size, the fixed time
a document made from a date alone carries (so it re-renders to the same bytes), and the
client's aftercare sheet that a consultation and a treatment session both give."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from consult_app.domain.aftercare import tailored_advice
from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.consultation import Decision
from consult_app.domain.documents import AftercareDocument, DocumentInfo, SessionVisit
from consult_app.domain.screening import Finding
from consult_app.services.context import AppContext


def at_noon(day: date) -> datetime:
    """A fixed time for documents made from a date alone, so they re-render identically."""
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def paper_setting(context: AppContext) -> Paper:
    """The clinic's paper size (A4 unless the clinic chose Letter)."""
    with context.store.reading() as uow:
        return Paper(uow.settings.get("paper", Paper.A4.value))


def aftercare_document(
    context: AppContext,
    clinic: ClinicDetails,
    document_id: str,
    name: str,
    day: date,
    screened: tuple[tuple[Finding, ...], tuple[Decision, ...], int | None],
    *,
    treated_on: date | None,
    next_session: date | None,
    areas: tuple[str, ...],
    visit: SessionVisit | None = None,
) -> AftercareDocument:
    """A client's aftercare sheet, after a consultation or a session: the clinic's sheet with
    the tailored lines its (findings, decisions, Fitzpatrick type) call for; dated `day`."""
    sheet = context.content.aftercare
    findings, decisions, fitzpatrick = screened
    return AftercareDocument(
        info=DocumentInfo(
            document_id,
            f"Aftercare — {name}",
            sheet.version,
            at_noon(day),
            paper_setting(context),
        ),
        clinic=clinic,
        sheet=sheet,
        client_name=name,
        treatment_date=treated_on,
        next_session=next_session,
        areas=areas,
        for_you=tailored_advice(sheet, findings, decisions, fitzpatrick),
        visit=visit,
    )


def record_info(
    context: AppContext,
    document_id: str,
    title: str,
    content_versions: dict[str, str],
    updated_at: datetime | None,
    day: date,
) -> DocumentInfo:
    """A clinical record's footer and metadata: the questionnaire version it was made with, and
    its last change as its time (the day at noon if it has none)."""
    questionnaire = context.content.questionnaire
    return DocumentInfo(
        document_id,
        title,
        content_versions.get("questionnaire", questionnaire.version),
        updated_at or at_noon(day),
        paper_setting(context),
    )
