"""A treatment session's paper through DocumentService, from sessions stored by the treatment
service on an encrypted SQLite file and on PostgreSQL: the aftercare sheet, the session record
(refused to reception, and the refusal audited), the consultation record's list of sessions."""

# ruff: noqa: F811  (the `course` fixture is imported from test_treatments, then asked for)
from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.documents import DocumentKind, DocumentUse
from consult_app.domain.people import Role
from consult_app.domain.treatment import SessionInput, TreatmentSession
from consult_app.errors import NotAllowedError, NotAvailableError
from consult_app.services.documents import DocumentService
from consult_app.store.rows import AuditRow
from tests.accounts import signed_in
from tests.conftest import TODAY
from tests.documents.test_session_documents import in_order
from tests.services.test_treatments import course  # noqa: F401  (a fixture)
from tests.treatment_sessions import DEVICE, Course, course_for, full_chart

ANTIVIRALS = "Antiviral tablets started yesterday"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def _with_cold_sores(course: Course, on: date = TODAY) -> TreatmentSession:
    """A session on `on` where the client now says they have had cold sores, decided."""
    course.clock.day = max(course.clock.day, on)
    started = course.service.start(course.consultation_id, on)
    answers = {**started.answers_json, "cold_sore_history": True}
    decided = (Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, ANTIVIRALS),)
    state = SessionInput(answers, decided, full_chart(on))
    return course.service.sign_off(started.id, started.version, state)


def _audit(course: Course, entity: str) -> list[tuple[str, int | None, str]]:
    with course.context.store.reading() as uow:
        rows = uow.session.scalars(select(AuditRow).where(AuditRow.entity == entity))
        return [(r.action, r.entity_id, r.detail) for r in rows]


def test_the_aftercare_says_this_sessions_areas_and_when_the_next_is_due(course: Course) -> None:
    documents = DocumentService(course.context)
    first = course.treat(TODAY)
    text = _text(documents.session_aftercare_pdf(first.id))
    assert "For Zoë Łukasiewicz" in text
    assert "Treated 25 Nov 2026, session 1 of 3: Forehead at 0.25 mm" in text
    assert "Products used Hyaluronic serum" in text
    assert "Next session Your next session is due from 23 Dec 2026." in text
    assert "HA-2291" not in text and "LOT-77A" not in text  # lots are for the file
    second = course.treat(TODAY + timedelta(weeks=4))
    third = course.treat(TODAY + timedelta(weeks=8))
    assert "session 2 of 3" in _text(documents.session_aftercare_pdf(second.id))
    last = _text(documents.session_aftercare_pdf(third.id))
    assert "session 3 of 3" in last
    assert "This was the last session of your course." in last and "due from" not in last
    # A reprint of the first sheet, later, still says what was true after the first session.
    assert "due from 23 Dec 2026" in _text(documents.session_aftercare_pdf(first.id))


def test_the_aftercare_is_tailored_to_the_sessions_own_answers(course: Course) -> None:
    documents = DocumentService(course.context)
    antiviral = "Take your antiviral tablets as prescribed"
    assert antiviral not in _text(documents.aftercare_pdf(course.consultation_id))
    session = _with_cold_sores(course)
    assert antiviral in _text(documents.session_aftercare_pdf(session.id))


def test_a_session_not_treated_has_no_aftercare_sheet(course: Course) -> None:
    started = course.service.start(course.consultation_id, TODAY)
    documents = DocumentService(course.context)
    with pytest.raises(NotAvailableError, match="not been signed off yet"):
        documents.session_aftercare_pdf(started.id)
    answers = {**started.answers_json, "pregnant_or_breastfeeding": True}
    course.service.end_not_treated(
        started.id, started.version, SessionInput(answers), "Pregnant since last time"
    )
    with pytest.raises(NotAvailableError, match="ended without treatment"):
        documents.session_aftercare_pdf(started.id)
    text = _text(documents.session_record_pdf(started.id))
    assert "Why not treated Pregnant since last time" in text
    assert "Chart Not treated, so nothing was charted." in text


def test_the_session_record_has_the_changes_screen_decisions_chart_and_amendments(
    course: Course,
) -> None:
    session = _with_cold_sores(course)
    course.service.amend(session.id, "Serum lot misread", "The serum's lot is HA-2297.")
    text = _text(DocumentService(course.context).session_record_pdf(session.id))
    order = [
        "Treatment session record",
        "Session of the course 1 of 3",
        "Status Treated",
        "Changed since last time",
        "Have you ever had cold sores? Yes",
        "Re-screen on the day",
        "You have had cold sores before",
        "Decisions on cautions",
        ANTIVIRALS,
        "Numbing Lidocaine 5% cream: on 09:05, off 09:40 (35 minutes)",
        f"Device {DEVICE.label}",
        "Cartridge 16 needles, lot LOT-77A",
        "Forehead 0.25 mm 0.25 mm 2",
        "Hyaluronic serum HA-2291",
        "Skin endpoint Even redness",
        "Amendments",
        "Serum lot misread",
    ]
    in_order(text, *order)


def test_reception_is_refused_the_session_record_and_the_refusal_is_audited(
    course: Course,
) -> None:
    session = course.treat(TODAY)
    signed_in(course.context, Role.RECEPTION)
    documents = DocumentService(course.context)
    for use in DocumentUse:
        with pytest.raises(NotAllowedError):
            documents.session_record_pdf(session.id, use)
        with pytest.raises(NotAllowedError):
            documents.pdf(DocumentKind.SESSION_RECORD, session.id, use)
    refused = [e for e in _audit(course, "session") if e[0] == "refused"]
    assert refused == [("refused", session.id, "view_medical_record")] * 6
    # The aftercare sheet reception may reprint, never open.
    assert documents.session_aftercare_pdf(session.id, DocumentUse.PRINT).startswith(b"%PDF")
    with pytest.raises(NotAllowedError):
        documents.session_aftercare_pdf(session.id, DocumentUse.VIEW)
    assert ("print", session.id, "aftercare") in _audit(course, "session")


def test_every_session_document_is_audited_on_the_session(course: Course) -> None:
    session = course.treat(TODAY)
    documents = DocumentService(course.context)
    documents.pdf(DocumentKind.SESSION_RECORD, session.id)
    documents.pdf(DocumentKind.SESSION_AFTERCARE, session.id, DocumentUse.EXPORT)
    documents.note_use(session.id, DocumentKind.SESSION_RECORD, DocumentUse.PRINT)
    documents.note_use(session.id, DocumentKind.SESSION_AFTERCARE, DocumentUse.PRINT)  # previewed
    assert documents.warnings(session.id, DocumentKind.SESSION_RECORD) == []
    found = [e for e in _audit(course, "session") if e[0] in ("view", "export", "print")]
    assert found == [
        ("view", session.id, "session record"),
        ("export", session.id, "aftercare"),
        ("print", session.id, "session record"),
        ("print", session.id, "aftercare"),  # as reception's reprint says, not "session_aftercare"
    ]


def test_the_consultation_record_lists_its_sessions(course: Course) -> None:
    course.treat(TODAY)
    course.clock.day = TODAY + timedelta(days=1)
    started = course.service.start(course.consultation_id, course.clock.day)
    text = _text(DocumentService(course.context).record_pdf(course.consultation_id))
    assert "Treatment sessions Date Session Status Areas treated" in text
    assert "25 Nov 2026 1 of 3 Treated Forehead" in text
    assert "26 Nov 2026 — In progress —" in text
    assert started.id  # the draft is listed, but its areas are not treated yet


def test_reception_prints_the_recall_list_soonest_first_and_it_is_audited(
    course: Course,
) -> None:
    context = course.context
    later = course_for(context, "Ελένη", "Παπαδοπούλου")  # consulted today: session 1 due today
    later.clock = course.clock
    course.treat(TODAY)  # Zoë's session 2 is due in 4 weeks
    signed_in(context, Role.RECEPTION)
    documents = DocumentService(context)
    pdf = documents.recall_pdf(TODAY, TODAY + timedelta(weeks=6))
    text = _text(pdf)
    in_order(
        text,
        "Recall list",
        "Clients due for their next session from 25 Nov 2026 to 6 Jan 2027.",
        "2 clients: 1 due, 1 not due yet. Soonest due first.",
        "Name Phone Session Due from Status Notes",
        "Ελένη Παπαδοπούλου Not given 1 of 3 25 Nov 2026 Due",
        "Zoë Łukasiewicz Not given 2 of 3 23 Dec 2026 Not due yet",
    )
    for clinical in ("Forehead", "LOT-77A", "HA-2291", "mm", "Caution"):
        assert clinical not in text
    audited = [e for e in _audit(course, "recall") if e[0] != "refused"]
    assert audited == [("print", None, "recall list 2026-11-25 to 2027-01-06")]
