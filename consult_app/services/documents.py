"""Documents: the signed consent (stored once, checked on each use), aftercare, record, handouts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from consult_app.domain.answer_words import answers_in_words, assessment_in_words
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.consent import ConsentRecord
from consult_app.domain.consent_text import build_consent_text
from consult_app.domain.consultation import Consultation, Status
from consult_app.domain.dates import format_date
from consult_app.domain.document_kinds import SESSION_KINDS
from consult_app.domain.documents import (
    AftercareDocument,
    ConsentDocument,
    DocumentInfo,
    DocumentKind,
    DocumentUse,
    HandoutDocument,
    HandoutKind,
    RecordDocument,
    permission_for,
)
from consult_app.domain.permissions import Permission
from consult_app.domain.seal import consent_document_id, consent_seal, short_fingerprint
from consult_app.errors import ConsultError, NotAvailableError
from consult_app.services.access import may, require, use_case
from consult_app.services.context import AppContext
from consult_app.services.document_setup import aftercare_document, record_info
from consult_app.services.document_setup import paper_setting as paper_setting
from consult_app.services.files import write_file
from consult_app.services.session_documents import SESSION, SessionDocuments, session_lines


class IntegrityError(ConsultError):
    """A stored document whose bytes no longer match the fingerprint taken when it was made."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Blank handouts have no record behind them; a fixed date keeps their bytes reproducible.
HANDOUT_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def build_consent_pdf(document: ConsentDocument) -> bytes:
    """The consent PDF exactly as it is stored at signing; the same inputs give the same bytes."""
    from consult_app.documents.consent import build_consent

    return build_consent(document)


def consent_document(
    context: AppContext,
    consultation: Consultation,
    client: ClientDetails,
    clinic: ClinicDetails,
    record: ConsentRecord,
    sequence: int,
    paper: Paper,
) -> ConsentDocument:
    """What the consent PDF shows. The client's name is the one confirmed at signing: their
    name as typed, or the Latin-letter name given for paper when no font prints theirs."""
    if record.client_name and record.client_name != client.full_name:
        client = replace(client, first_name=record.client_name, last_name="")
    content = context.content
    document_id = consent_document_id(consultation.id, sequence)
    text = build_consent_text(
        content.consent,
        content.plan,
        consultation.findings,
        consultation.decisions,
        consultation.plan,
    )
    return ConsentDocument(
        info=DocumentInfo(
            document_id=document_id,
            title=f"Consent — {client.full_name}",
            template_version=record.template_version,
            created=record.signed_at,
            paper=paper,
            seal=consent_seal(document_id, record),
        ),
        clinic=clinic,
        client=client,
        consultation_date=consultation.consultation_date,
        practitioner_name=record.practitioner_name,
        text=text,
        area_labels={a.id: a.label for a in content.plan.areas},
        plan=consultation.plan,
        findings=consultation.findings,
        decisions=consultation.decisions,
        photo_consent=record.photo_consent,
        client_signature_png=record.client_signature,
        practitioner_signature_png=record.practitioner_signature,
        signed_at=record.signed_at,
    )


class DocumentService(SessionDocuments):
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def _clinic(self) -> ClinicDetails:
        from consult_app.services.clinic import ClinicService

        details = ClinicService(self.context).details()
        if details is None:
            raise ConsultError(
                "The clinic has not been set up yet; open Consult once to enter its details."
            )
        return details

    def _consultation(self, consultation_id: int) -> tuple[Consultation, ClientDetails]:
        with self.context.store.reading() as uow:
            consultation = uow.consultations.get(consultation_id)
            return consultation, uow.clients.get(consultation.client_id).details

    def _latest_consent(self, consultation: Consultation, what: str) -> ConsentRecord:
        """The consultation's newest signed consent; refused in words (never a record number,
        which means nothing at reception) when the treatment was not agreed and signed."""
        with self.context.store.reading() as uow:
            records = uow.consents.for_consultation(consultation.id)
        if records and consultation.is_completed:
            return records[-1]
        on = format_date(consultation.consultation_date)
        if consultation.is_completed and consultation.plan is None:  # a stop, deferral, referral
            raise NotAvailableError(
                f"The treatment did not go ahead at the consultation on {on}, so there is no "
                f"{what} for it."
            )
        if consultation.is_completed:  # a plan but no consent: only data made outside the wizard
            raise NotAvailableError(
                f"No consent was signed at the consultation on {on}, so there is no {what} for it."
            )
        if consultation.status is Status.VOID:  # set aside for good: it cannot be finished
            raise NotAvailableError(
                f"The consultation on {on} was voided, so there is no {what} for it."
            )
        then = (
            "finish it and sign the consent first."
            if may(self.context, Permission.CONSULT)
            else "ask the practitioner."
        )
        raise NotAvailableError(f"The consultation on {on} has not been signed yet; {then}")

    @use_case()
    def consent_pdf(self, consultation_id: int, use: DocumentUse = DocumentUse.VIEW) -> bytes:
        """The exact bytes stored when the consent was signed, after checking their fingerprint."""
        self._allow("consent", use, consultation_id)
        consultation, _ = self._consultation(consultation_id)  # a wrong number is told first
        record = self._latest_consent(consultation, "consent")
        with self.context.store.reading() as uow:
            pdf = uow.consents.pdf(record.id)
        if not pdf or sha256(pdf) != record.pdf_sha256:
            on = format_date(consultation.consultation_date)
            raise IntegrityError(
                f"The stored consent of the consultation on {on} does not match the "
                "fingerprint taken when it was signed, so it may have been altered. "
                "It is not shown as valid. "
                "Restore the database from a backup, and tell the clinic owner."
            )
        self._audit(use, consultation_id, "consent")
        return pdf

    def aftercare_pdf(self, consultation_id: int, use: DocumentUse = DocumentUse.VIEW) -> bytes:
        """The client's aftercare sheet: their name, dates and areas, and the lines of advice
        their consultation calls for (cold-sore cover, a blood thinner, skin type…).

        Only for a treatment that went ahead (its consent signed): a client who was not treated
        must not go home with instructions for a treatment they did not have.
        """
        from consult_app.documents.aftercare import build_aftercare

        return build_aftercare(self._aftercare_for(consultation_id, use))

    @use_case()  # the PDF is drawn after the transaction, which holds the write lock
    def _aftercare_for(self, consultation_id: int, use: DocumentUse) -> AftercareDocument:
        self._allow("aftercare", use, consultation_id)
        document = self._aftercare_document(consultation_id)
        self._audit(use, consultation_id, "aftercare")
        return document

    def _on_paper(self, consultation: Consultation, client: ClientDetails) -> ClientDetails:
        """The client as paper names them: when no font prints their name, the name in Latin
        letters they confirmed when they signed, as on their consent."""
        from consult_app.documents.fonts import unsupported_characters

        if not unsupported_characters(client.full_name):
            return client
        with self.context.store.reading() as uow:
            records = uow.consents.for_consultation(consultation.id)
        if not records or records[-1].client_name == client.full_name:
            return client
        return replace(client, first_name=records[-1].client_name, last_name="")

    def _aftercare_document(self, consultation_id: int) -> AftercareDocument:
        consultation, client = self._consultation(consultation_id)
        client = self._on_paper(consultation, client)
        self._latest_consent(consultation, "aftercare sheet")
        content = self.context.content
        plan = consultation.plan
        on = consultation.consultation_date
        next_session = on + timedelta(weeks=plan.interval_weeks) if plan else None
        labels = {a.id: a.label for a in content.plan.areas}
        return aftercare_document(
            self.context,
            self._clinic(),
            f"AFT-{consultation.id:06d}",
            client.full_name,
            on,
            (consultation.findings, consultation.decisions, consultation.assessment.fitzpatrick),
            treated_on=on if plan else None,
            next_session=next_session,
            areas=tuple(labels.get(a.area, a.area) for a in plan.areas) if plan else (),
        )

    def record_pdf(self, consultation_id: int, use: DocumentUse = DocumentUse.VIEW) -> bytes:
        """The whole consultation record: answers, findings, decisions, plan, amendments."""
        from consult_app.documents.record import build_record

        return build_record(self._record_for(consultation_id, use))

    @use_case()  # the PDF is drawn after the transaction, which holds the write lock
    def _record_for(self, consultation_id: int, use: DocumentUse) -> RecordDocument:
        self._allow("record", use, consultation_id)
        document = self._record_document(consultation_id)
        self._audit(use, consultation_id, "record")
        return document

    def _record_document(self, consultation_id: int) -> RecordDocument:
        consultation, client = self._consultation(consultation_id)
        client = self._on_paper(consultation, client)
        clinic = self._clinic()
        content = self.context.content
        questionnaire = content.questionnaire
        with self.context.store.reading() as uow:
            consents = uow.consents.for_consultation(consultation_id)
            amendments = uow.consents.amendments(consultation_id)
        consent_summary = "Not signed"
        if consents:
            last = consents[-1]
            signed = clinic.moment(last.signed_at)
            photos = "yes" if last.photo_consent else "no"
            # The text's own hash and the seal printed on the consent, to compare paper with.
            seal = consent_seal(consent_document_id(consultation_id, len(consents)), last)
            consent_summary = (
                f"Signed {signed} (consent {last.template_version}); photographs: {photos}; "
                f"consent text SHA-256 {last.text_sha256}; "
                f"fingerprint {short_fingerprint(seal)}"
            )
        goal_labels = {g.id: g.label for g in questionnaire.goals}
        return RecordDocument(
            info=record_info(
                self.context,
                f"REC-{consultation.id:06d}-v{consultation.version}",
                f"Consultation record — {client.full_name}",
                consultation.content_versions,
                consultation.updated_at,
                consultation.consultation_date,
            ),
            clinic=clinic,
            client=client,
            consultation_date=consultation.consultation_date,
            practitioner_name=consultation.practitioner or "—",
            status=str(consultation.status),
            answers=answers_in_words(questionnaire, consultation.answers_json),
            assessment=consultation.assessment,
            assessment_words=assessment_in_words(questionnaire, consultation.assessment),
            goals=tuple(goal_labels.get(g, g) for g in consultation.goals),
            findings=consultation.findings,
            decisions=consultation.decisions,
            plan=consultation.plan,
            area_labels={a.id: a.label for a in content.plan.areas},
            outcome=consultation.outcome,
            reassess_on=consultation.reassess_on,
            content_versions=consultation.content_versions,
            amendments=tuple(amendments),
            consent_summary=consent_summary,
            is_signed=bool(consents),
            withdrawn=consultation.withdrawn,
            sessions=session_lines(self.context, consultation),
            planned_sessions=consultation.plan.sessions if consultation.plan else None,
        )

    @use_case(write=False)
    def handout_pdf(self, kind: HandoutKind) -> bytes:
        """A blank handout for reception: the same bytes every time for the same content."""
        from consult_app.documents.handouts import build_handout

        require(self.context, Permission.PRINT_HANDOUTS, "handout")
        content = self.context.content
        texts = {
            HandoutKind.AFTERCARE: (content.aftercare.title, content.aftercare.version),
            HandoutKind.PREPARATION: (content.preparation.title, content.preparation.version),
            HandoutKind.CONSENT: (content.consent.title, content.consent.version),
        }
        title, version = texts[kind]
        document = HandoutDocument(
            info=DocumentInfo(
                f"HND-{kind.value.upper()}-{version}",
                title,
                version,
                HANDOUT_DATE,
                paper_setting(self.context),
            ),
            clinic=self._clinic(),
            kind=kind,
            handout=content.preparation if kind is HandoutKind.PREPARATION else None,
            aftercare=content.aftercare if kind is HandoutKind.AFTERCARE else None,
            consent=content.consent if kind is HandoutKind.CONSENT else None,
        )
        return build_handout(document)

    def pdf(
        self,
        kind: DocumentKind | str,
        record_id: int,
        use: DocumentUse = DocumentUse.VIEW,
    ) -> bytes:
        """The document of this kind for a consultation, or for a treatment session for a
        session's kinds (SESSION_KINDS), by its number (the one table of kinds and builders)."""
        builders = {
            DocumentKind.CONSENT: self.consent_pdf,
            DocumentKind.AFTERCARE: self.aftercare_pdf,
            DocumentKind.RECORD: self.record_pdf,
            DocumentKind.SESSION_AFTERCARE: self.session_aftercare_pdf,
            DocumentKind.SESSION_RECORD: self.session_record_pdf,
        }
        kind = DocumentKind(kind)
        if kind not in builders:  # the recall list is of dates, not of one record
            raise ValueError(f"a {kind.value} is made with recall_pdf(start, end)")
        return builders[kind](record_id, use)

    def _consent_document(self, consultation_id: int) -> ConsentDocument:
        consultation, client = self._consultation(consultation_id)
        record = self._latest_consent(consultation, "consent")
        paper = paper_setting(self.context)
        return consent_document(
            self.context, consultation, client, self._clinic(), record, 1, paper
        )

    @use_case(write=False)
    def warnings(self, record_id: int, kind: DocumentKind | str = DocumentKind.RECORD) -> list[str]:
        """What the printed document cannot show as typed: one sentence per field, named.
        `record_id` is the consultation's, or the session's for a session's kinds."""
        from consult_app.documents.base import document_warnings

        self._allow(kind, DocumentUse.VIEW, record_id)
        documents: dict[DocumentKind, Callable[[int], Any]] = {
            DocumentKind.CONSENT: self._consent_document,
            DocumentKind.AFTERCARE: self._aftercare_document,
            DocumentKind.RECORD: self._record_document,
            DocumentKind.SESSION_AFTERCARE: self._session_aftercare_document,
            DocumentKind.SESSION_RECORD: self._session_record_document,
        }
        return document_warnings(documents[DocumentKind(kind)](record_id))

    @use_case()
    def note_use(self, record_id: int, kind: DocumentKind | str, use: DocumentUse) -> None:
        """Record that a document already made (and audited as viewed) was printed or saved."""
        self._allow(kind, use, record_id)
        # The words the session's own audit rows use (session_documents.py), never the kind's
        # identifier: the owner reads "aftercare", not "session_aftercare".
        what = {
            DocumentKind.SESSION_RECORD: "session record",
            DocumentKind.SESSION_AFTERCARE: "aftercare",
        }.get(DocumentKind(kind), str(kind))
        self._audit(use, record_id, what, _entity(kind))

    def _allow(self, kind: DocumentKind | str, use: DocumentUse, record_id: int) -> None:
        require(self.context, permission_for(kind, use), _entity(kind), record_id)

    def _audit(
        self, use: DocumentUse, record_id: int, what: str, entity: str = "consultation"
    ) -> None:
        with self.context.store.writing() as uow:
            self.context.audit(uow, str(use), entity, record_id, what)


def _entity(kind: DocumentKind | str) -> str:
    """Whose document it is in the audit trail: a consultation's, or a treatment session's."""
    return SESSION if DocumentKind(kind) in SESSION_KINDS else "consultation"


def write_pdf(pdf: bytes, path: Path) -> Path:
    """Write atomically: a reader never sees half a file, a failure leaves nothing behind."""
    return write_file(pdf, path, ".pdf")
