"""DocumentService's part for after the consultation: a treatment session's aftercare sheet and
record, the consultation record's list of sessions, and reception's recall list.

Each document is gathered in one unit of work (permission-checked and audited as the
consultation's documents are, on the session), then drawn after it, which holds no lock.
"""

from __future__ import annotations

from datetime import date

from consult_app.domain.answer_words import answers_in_words
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consultation import Consultation
from consult_app.domain.course import progress
from consult_app.domain.dates import format_date
from consult_app.domain.documents import (
    AftercareDocument,
    DocumentInfo,
    DocumentKind,
    DocumentUse,
    RecallDocument,
    SessionLine,
    SessionRecordDocument,
    SessionVisit,
    permission_for,
)
from consult_app.domain.treatment import SessionStatus, SessionSummary, TreatmentSession
from consult_app.errors import NotAvailableError
from consult_app.services.access import require, use_case
from consult_app.services.context import AppContext
from consult_app.services.document_setup import (
    aftercare_document,
    at_noon,
    paper_setting,
    record_info,
)

SESSION = "session"  # the audit trail's entity, as the treatment service writes it
RECALL = "recall"
RECALL_TEMPLATE = "2026.12-1"  # the recall list's layout: it has no content text of its own


def course_sessions(context: AppContext, consultation: Consultation) -> list[SessionSummary]:
    """The consultation's treatment sessions, oldest first (inside the caller's unit of work)."""
    with context.store.reading() as uow:
        found = uow.treatments.for_client(consultation.client_id)
    return sorted(
        (s for s in found if s.consultation_id == consultation.id),
        key=lambda s: (s.session_date, s.id),
    )


def session_lines(context: AppContext, consultation: Consultation) -> tuple[SessionLine, ...]:
    """What the consultation record lists of each session: date, number, status, areas."""
    labels = {a.id: a.label for a in context.content.plan.areas}
    lines = []
    for summary in course_sessions(context, consultation):
        areas: tuple[str, ...] = ()
        if summary.status is SessionStatus.TREATED:  # a draft's areas were not treated yet
            with context.store.reading() as uow:
                chart = uow.treatments.get(summary.id).chart
            areas = tuple(labels.get(a.area, a.area) for a in chart.areas)
        lines.append(SessionLine(summary.session_date, summary.number, summary.status, areas))
    return tuple(lines)


class SessionDocuments:
    """Mixed into DocumentService, which gives the clinic's details and the name for paper."""

    context: AppContext

    def _clinic(self) -> ClinicDetails:
        raise NotImplementedError

    def _on_paper(self, consultation: Consultation, client: ClientDetails) -> ClientDetails:
        raise NotImplementedError

    def _allow(self, kind: DocumentKind, use: DocumentUse, record_id: int) -> None:
        raise NotImplementedError

    def _audit(self, use: DocumentUse, record_id: int, what: str, entity: str = "") -> None:
        raise NotImplementedError

    # A session's aftercare sheet.

    def session_aftercare_pdf(self, session_id: int, use: DocumentUse = DocumentUse.VIEW) -> bytes:
        """The client's aftercare sheet after this session: its areas, what went on the skin,
        the lines of advice its re-screen calls for, and when the next session is due (or
        that the course is complete). Only for a session that was treated."""
        from consult_app.documents.aftercare import build_aftercare

        return build_aftercare(self._session_aftercare_for(session_id, use))

    @use_case()  # the PDF is drawn after the transaction, which holds the write lock
    def _session_aftercare_for(self, session_id: int, use: DocumentUse) -> AftercareDocument:
        self._allow(DocumentKind.SESSION_AFTERCARE, use, session_id)
        document = self._session_aftercare_document(session_id)
        self._audit(use, session_id, "aftercare", SESSION)
        return document

    def _session(self, session_id: int) -> tuple[TreatmentSession, Consultation, ClientDetails]:
        with self.context.store.reading() as uow:
            session = uow.treatments.get(session_id)
            consultation = uow.consultations.get(session.consultation_id)
            client = uow.clients.get(consultation.client_id).details
        return session, consultation, self._on_paper(consultation, client)

    def _session_aftercare_document(self, session_id: int) -> AftercareDocument:
        session, consultation, client = self._session(session_id)
        on = format_date(session.session_date)
        if session.status is SessionStatus.DRAFT:
            raise NotAvailableError(
                f"The session on {on} has not been signed off yet, so there is no aftercare "
                "sheet for it; sign it off first."
            )
        if session.status is not SessionStatus.TREATED or consultation.plan is None:
            raise NotAvailableError(
                f"The session on {on} ended without treatment, so there is no aftercare "
                "sheet for it."
            )
        plan = consultation.plan
        # The course as it stood after this session, so a reprint later says the same date.
        treated_on = [
            s.session_date
            for s in course_sessions(self.context, consultation)
            if s.status is SessionStatus.TREATED and (s.number or 0) <= (session.number or 0)
        ]
        course = progress(consultation.id, plan, consultation.consultation_date, treated_on)
        labels = {a.id: a.label for a in self.context.content.plan.areas}
        chart = session.chart
        visit = SessionVisit(
            number=session.number or len(treated_on),
            planned=plan.sessions,
            depths=tuple((labels.get(a.area, a.area), a.depth_mm) for a in chart.areas),
            products=tuple(dict.fromkeys(p.name for p in chart.products)),
        )
        return aftercare_document(
            self.context,
            self._clinic(),
            f"SAF-{session.id:06d}",
            client.full_name,
            session.session_date,
            (session.findings, session.decisions, consultation.assessment.fitzpatrick),
            treated_on=session.session_date,
            next_session=course.next_due_from,
            areas=tuple(labels.get(a.area, a.area) for a in chart.areas),
            visit=visit,
        )

    # A session's record for the clinical file.

    def session_record_pdf(self, session_id: int, use: DocumentUse = DocumentUse.VIEW) -> bytes:
        """The whole session: what changed, the re-screen and decisions, the chart, the
        sign-off and amendments. Medical: reception is refused, and the refusal audited."""
        from consult_app.documents.session_record import build_session_record

        return build_session_record(self._session_record_for(session_id, use))

    @use_case()
    def _session_record_for(self, session_id: int, use: DocumentUse) -> SessionRecordDocument:
        self._allow(DocumentKind.SESSION_RECORD, use, session_id)
        document = self._session_record_document(session_id)
        self._audit(use, session_id, "session record", SESSION)
        return document

    def _session_record_document(self, session_id: int) -> SessionRecordDocument:
        session, consultation, client = self._session(session_id)
        content = self.context.content
        with self.context.store.reading() as uow:
            amendments = uow.treatments.amendments(session_id)
        return SessionRecordDocument(
            info=record_info(
                self.context,
                f"SES-{session.id:06d}-v{session.version}",
                f"Treatment session record — {client.full_name}",
                session.content_versions,
                session.updated_at,
                session.session_date,
            ),
            clinic=self._clinic(),
            client=client,
            session=session,
            consultation_date=consultation.consultation_date,
            plan=consultation.plan,
            area_labels={a.id: a.label for a in content.plan.areas},
            changed=answers_in_words(content.questionnaire, session.answers_json, session.changed),
            amendments=tuple(amendments),
        )

    # Reception's recall list.

    def recall_pdf(
        self, start: date | None, end: date, use: DocumentUse = DocumentUse.PRINT
    ) -> bytes:
        """Clients due for their next session from `start` to `end` (without `start`, all due
        by `end`, overdue included), soonest first: names, phones, which session and the due
        date; nothing clinical."""
        from consult_app.documents.recall import build_recall

        return build_recall(self._recall_for(start, end, use))

    @use_case()
    def _recall_for(self, start: date | None, end: date, use: DocumentUse) -> RecallDocument:
        from consult_app.services.recall import RecallService

        require(self.context, permission_for(DocumentKind.RECALL_LIST, use), RECALL)
        lines = RecallService(self.context).due(start, end)
        document = RecallDocument(
            info=DocumentInfo(
                f"RCL-{start:%Y%m%d}-{end:%Y%m%d}" if start else f"RCL-to-{end:%Y%m%d}",
                "Recall list",
                RECALL_TEMPLATE,
                at_noon(start or self.context.today()),
                paper_setting(self.context),
            ),
            clinic=self._clinic(),
            start=start,
            end=end,
            lines=tuple(lines),
        )
        with self.context.store.writing() as uow:
            since = start.isoformat() if start else "any time"
            span = f"recall list {since} to {end.isoformat()}"
            self.context.audit(uow, str(use), RECALL, None, span)
        return document
