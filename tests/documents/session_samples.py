"""Sample treatment-session documents: a session's aftercare sheet and record, the recall list,
made from domain values (a real re-screen of the sample answers on the session date)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from consult_app.content.bundle import Content
from consult_app.domain.aftercare import tailored_advice
from consult_app.domain.answer_words import answers_in_words
from consult_app.domain.answers import parse_answers
from consult_app.domain.chart import (
    Cartridge,
    Chart,
    Device,
    Endpoint,
    Numbing,
    PatchTest,
    ProductUsed,
    TreatedArea,
)
from consult_app.domain.client import ClientDetails
from consult_app.domain.consent import Amendment
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.course import DueStatus, RecallLine, progress
from consult_app.domain.documents import (
    AftercareDocument,
    DocumentInfo,
    Paper,
    RecallDocument,
    RecordDocument,
    SessionLine,
    SessionRecordDocument,
    SessionVisit,
)
from consult_app.domain.rules import Severity
from consult_app.domain.treatment import SessionStatus, TreatmentSession, rescreen
from tests.conftest import TODAY
from tests.documents.conftest import (
    ASSESSMENT,
    CLINIC,
    CLINIC_WITH_LOGO,
    PLAN,
    client,
    info,
    sample_answers,
)

FIRST_SESSION = TODAY + timedelta(weeks=6)  # 6 Jan 2027
SECOND_SESSION = FIRST_SESSION + timedelta(weeks=6)  # 17 Feb 2027
SIGNED_OFF = datetime(2027, 1, 6, 11, 20, tzinfo=UTC)
CHANGED = ("smoker",)  # they have stopped smoking since the consultation
NOTES = {
    "herpes_history": "Antiviral tablets started yesterday, as the GP prescribed",
    "anticoagulants": "Lighter pressure; extra cold compress",
    "melasma": "Tyrosinase inhibitor used for 4 weeks; skin primed",
}
CHART = Chart(
    numbing=Numbing("LMX4 lidocaine 4% cream", time(10, 5), time(10, 40)),
    device=Device("Dermapen", "4", "DP4-20931"),
    cartridge=Cartridge(16, "CT-2211-B", date(2027, 6, 30)),
    areas=(
        TreatedArea("cheeks", 1.0, 3),
        TreatedArea("forehead", 0.5, 2, "Tolerated 0.25 mm well last time; skin thicker here"),
    ),
    products=(ProductUsed("Hyaluronic acid serum", "HA-5521"),),
    endpoint=Endpoint.EVEN_ERYTHEMA,
    reaction="Mild redness, settled within 20 minutes",
    patch_test=PatchTest(FIRST_SESSION, "Behind the left ear", 2),
    notes="Client happy with the first results on the cheeks",
)


def session_answers(content: Content) -> dict[str, object]:
    return {**sample_answers(content), "smoker": False}


def make_session(
    content: Content,
    status: SessionStatus = SessionStatus.TREATED,
    number: int | None = 1,
    session_date: date = FIRST_SESSION,
) -> TreatmentSession:
    """The first session of the sample course, re-screened on its day and decided."""
    answers_json = session_answers(content)
    answers = parse_answers(content.questionnaire, answers_json, complete=True)
    course = progress(42, PLAN, TODAY, [])
    person = client()
    result = rescreen(
        content.rules, answers, ASSESSMENT, person.date_of_birth, session_date, course
    )
    decided = tuple(
        Decision(f.rule, DecisionChoice.PROCEED_MODIFIED, NOTES.get(f.rule, "Agreed"))
        for f in result.findings
        if f.severity is Severity.CAUTION
    )
    treated = status is SessionStatus.TREATED
    return TreatmentSession(
        id=7,
        consultation_id=42,
        client_id=3,
        session_date=session_date,
        status=status,
        version=3,
        number=number if treated else None,
        practitioner="Hannah Reid",
        answers_json=answers_json,
        changed=CHANGED,
        findings=result.findings,
        decisions=decided,
        outcome=result.outcome,
        chart=CHART if status is not SessionStatus.NOT_TREATED else Chart(),
        not_treated_reason="" if treated else "Cold sore flaring on the upper lip today",
        signed_at=SIGNED_OFF if status is not SessionStatus.DRAFT else None,
        signed_by="Hannah Reid" if status is not SessionStatus.DRAFT else None,
        content_versions=content.versions,
    )


def session_amendment() -> Amendment:
    return Amendment(
        1,
        42,
        datetime(2027, 1, 7, 9, 15, tzinfo=UTC),
        "Hannah Reid",
        "The serum's lot was misread from the box",
        "Hyaluronic acid serum lot HA-5521 should read HA-5527.",
    )


def make_session_record(
    content: Content,
    person: ClientDetails | None = None,
    session: TreatmentSession | None = None,
    paper: Paper = Paper.A4,
) -> SessionRecordDocument:
    person = person or client()
    session = session or make_session(content)
    return SessionRecordDocument(
        info=info("SES", f"Treatment session record — {person.full_name}", "2026.11-1", paper),
        clinic=CLINIC_WITH_LOGO,
        client=person,
        session=session,
        consultation_date=TODAY,
        plan=PLAN,
        area_labels={a.id: a.label for a in content.plan.areas},
        changed=answers_in_words(content.questionnaire, session.answers_json, session.changed),
        amendments=(session_amendment(),),
    )


def make_session_aftercare(
    content: Content,
    client_name: str = "Zoë Łukasiewicz",
    paper: Paper = Paper.A4,
    *,
    last: bool = False,
) -> AftercareDocument:
    """The sheet after the first session (or the last one of the course: no next date)."""
    session = make_session(content, number=PLAN.sessions if last else 1)
    labels = {a.id: a.label for a in content.plan.areas}
    chart = session.chart
    return AftercareDocument(
        info=info("SAF", f"Aftercare — {client_name}", content.aftercare.version, paper),
        clinic=CLINIC_WITH_LOGO,
        sheet=content.aftercare,
        client_name=client_name,
        treatment_date=session.session_date,
        next_session=None if last else SECOND_SESSION,
        areas=tuple(labels[a.area] for a in chart.areas),
        for_you=tailored_advice(
            content.aftercare, session.findings, session.decisions, ASSESSMENT.fitzpatrick
        ),
        visit=SessionVisit(
            number=session.number or 0,
            planned=PLAN.sessions,
            depths=tuple((labels[a.area], a.depth_mm) for a in chart.areas),
            products=tuple(p.name for p in chart.products),
        ),
    )


RECALL_NAMES = (
    "Zoë Łukasiewicz",
    "Nguyễn Thị Hương",
    "Ελένη Παπαδοπούλου",
    "Иван Петренко",
    "דנה כהן",
    "王芳",
)


def recall_lines(count: int = 6) -> tuple[RecallLine, ...]:
    """Clients due in January 2027, given out of date order (the list sorts them)."""
    statuses = (DueStatus.DUE, DueStatus.NOT_DUE, DueStatus.OVERDUE)
    return tuple(
        RecallLine(
            client_id=n + 1,
            client_name=RECALL_NAMES[n % len(RECALL_NAMES)] + ("" if n < 6 else f" {n}"),
            phone=f"07700 900{n:03d}" if n % 5 != 4 else "",
            consultation_id=100 + n,
            next_number=2 + n % 3,
            planned=4,
            due_from=date(2027, 1, 31) - timedelta(days=(n * 7) % 31),
            status=statuses[n % 3],
        )
        for n in range(count)
    )


def make_recall(count: int = 6, paper: Paper = Paper.A4) -> RecallDocument:
    start, end = date(2027, 1, 1), date(2027, 1, 31)
    return RecallDocument(
        info=DocumentInfo(
            "RCL-20270101-20270131", "Recall list", "1", datetime(2027, 1, 1, 12, tzinfo=UTC), paper
        ),
        clinic=CLINIC,
        start=start,
        end=end,
        lines=recall_lines(count),
    )


def session_lines(content: Content) -> tuple[SessionLine, ...]:
    """The sample course so far: one treated, one not treated, one in progress."""
    return (
        SessionLine(FIRST_SESSION, 1, SessionStatus.TREATED, ("Cheeks", "Forehead")),
        SessionLine(SECOND_SESSION, None, SessionStatus.NOT_TREATED),
        SessionLine(SECOND_SESSION + timedelta(days=7), None, SessionStatus.DRAFT),
    )


def with_sessions(record: RecordDocument, content: Content) -> RecordDocument:
    return replace(record, sessions=session_lines(content), planned_sessions=PLAN.sessions)


def build_session_sample(kind: str, content: Content, paper: Paper) -> tuple[Any, bytes]:
    """conftest.build_sample's treatment-session kinds."""
    from consult_app.documents.aftercare import build_aftercare
    from consult_app.documents.recall import build_recall
    from consult_app.documents.session_record import build_session_record

    if kind == "session-aftercare":
        aftercare = make_session_aftercare(content, paper=paper)
        return aftercare, build_aftercare(aftercare)
    if kind == "session-record":
        record = make_session_record(content, paper=paper)
        return record, build_session_record(record)
    recall = make_recall(4, paper)  # names DejaVu prints: the checks of every document expect it
    return recall, build_recall(recall)
