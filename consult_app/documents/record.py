"""The consultation record for the clinical file: everything asked, seen, found and decided."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from consult_app.documents.base import DocumentBuilder, client_line
from consult_app.documents.styles import (
    bullets,
    data_table,
    field_table,
    para,
    styles,
    titled,
)
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Amendment
from consult_app.domain.consent_text import decision_option
from consult_app.domain.consultation import Decision, status_in_words
from consult_app.domain.course import session_of
from consult_app.domain.dates import age_on
from consult_app.domain.documents import RecordDocument
from consult_app.domain.screening import OUTCOME_WORDS, Finding
from consult_app.domain.treatment import SESSION_STATUS_WORDS

NOT_GIVEN = "—"


def _words(value: str) -> str:
    """A stored id as words: "prefer_not_to_say" → "Prefer not to say"."""
    return value.replace("_", " ").capitalize() if value else NOT_GIVEN


def _client_rows(doc: RecordDocument) -> list[tuple[str, str]]:
    client = doc.client
    dob = client.date_of_birth
    aged = f" (aged {age_on(dob, doc.consultation_date)})" if dob else ""
    born = f"{doc.clinic.date(dob)}{aged}" if dob else NOT_GIVEN
    contact = " ".join(
        p for p in (client.emergency_contact_name, client.emergency_contact_phone) if p
    )
    rows = [
        ("Name", client.full_name),
        ("Preferred name", client.preferred_name),
        ("Date of birth", born),
        ("Sex", _words(client.sex)),
        ("Phone", client.phone),
        ("E-mail", client.email),
        ("Address", client.address),
        ("GP", client.gp_name),
        ("GP practice", client.gp_practice),
        ("Emergency contact", contact),
    ]
    return [(label, value or NOT_GIVEN) for label, value in rows]


def _outcome_words(doc: RecordDocument) -> str:
    # A draft's outcome is only what its answers so far add up to: never "Suitable" unfinished.
    if doc.status == "draft":
        return "In progress (not finished)"
    return OUTCOME_WORDS[doc.outcome] if doc.outcome else "Not screened yet"


def _consultation_rows(doc: RecordDocument) -> list[tuple[str, str]]:
    return [
        ("Consultation date", doc.clinic.date(doc.consultation_date)),
        ("Practitioner", doc.practitioner_name),
        ("Status", status_in_words(doc.status, is_signed=doc.is_signed, has_plan=bool(doc.plan))),
        ("Outcome", _outcome_words(doc)),
        ("Re-assess on", doc.clinic.date(doc.reassess_on) if doc.reassess_on else NOT_GIVEN),
        ("Consent", doc.consent_summary or "Not signed"),
    ]


def _answers(doc: RecordDocument, width: float) -> list[Flowable]:
    st = styles()
    if not doc.answers:
        return [para("Health questions", st.heading), para("No answers recorded.")]
    story: list[Flowable] = []
    for section, answers in groupby(doc.answers, key=lambda a: a.section):
        rows = [[a.question, a.answer] for a in answers]
        table = data_table(["Question", "Answer"], rows, [width * 0.62, width * 0.38])
        headings = [] if story else [("Health questions", st.heading)]
        story += titled([*headings, (section, st.subheading)], table)
    return story


def findings_table(
    findings: tuple[Finding, ...],
    clinic: ClinicDetails,
    width: float,
    nothing: str,
    heading: str = "Findings",
) -> list[Flowable]:
    """Each finding with its advice, where it came from and when to look again."""
    st = styles()
    if not findings:
        return [para(heading, st.heading), para(nothing)]
    rows = [
        [
            _words(str(f.severity)),
            [para(f.message, st.cell), para(f.advice, st.small)],
            f.source or NOT_GIVEN,
            clinic.date(f.reassess_on) if f.reassess_on else NOT_GIVEN,
        ]
        for f in findings
    ]
    widths = [width * 0.13, width * 0.51, width * 0.2, width * 0.16]
    header = ["Severity", "Finding and advice", "Source", "Re-assess"]
    return titled([(heading, st.heading)], data_table(header, rows, widths))


def _when(at: datetime | None, clinic: ClinicDetails) -> list[str]:
    return [clinic.moment(at)] if at else []


def _withdrawn(doc: RecordDocument, width: float) -> list[Flowable]:
    """Stops and cautions shown, then removed by a changed answer: never gone without a trace."""
    st = styles()
    if not doc.withdrawn:
        return []
    rows = [
        [
            w.kind,
            [para(w.message, st.cell), para(w.cause() + ".", st.small)],
            [para(w.reason, st.cell), para(", ".join([w.by, *_when(w.at, doc.clinic)]), st.small)],
        ]
        for w in doc.withdrawn
    ]
    widths = [width * 0.13, width * 0.5, width * 0.37]
    table = data_table(["Kind", "Finding, and the answer that removed it", "Reason"], rows, widths)
    return titled([("Withdrawn after a changed answer", st.heading)], table)


def decisions_table(
    findings: tuple[Finding, ...], decisions: tuple[Decision, ...], width: float
) -> list[Flowable]:
    """What was decided on each caution, with its note."""
    st = styles()
    if not decisions:
        return []
    messages = {f.rule: f.message for f in findings}
    rows = [
        [messages.get(d.rule, d.rule), decision_option(d), d.note or NOT_GIVEN] for d in decisions
    ]
    widths = [width * 0.4, width * 0.3, width * 0.3]
    table = data_table(["Caution", "Decision", "Note"], rows, widths)
    return titled([("Decisions on cautions", st.heading)], table)


def _plan(doc: RecordDocument, width: float) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [para("Treatment plan", st.heading)]
    plan = doc.plan
    if plan is None:
        return [*story, para("No treatment planned.")]
    rows = [
        [doc.area_labels.get(a.area, a.area), f"{a.depth_mm:g} mm", a.reason or NOT_GIVEN]
        for a in plan.areas
    ]
    story.append(
        data_table(
            ["Area", "Needle depth", "Reason for the depth"],
            rows,
            [width * 0.3, width * 0.18, width * 0.52],
        )
    )
    weeks = "week" if plan.interval_weeks == 1 else "weeks"
    story += [
        Spacer(1, 2 * mm),
        para(f"{plan.sessions} sessions, {plan.interval_weeks} {weeks} apart."),
    ]
    if plan.notes:
        story.append(para(f"Notes: {plan.notes}"))
    # The plan is read as one: its heading, areas, course and notes move to a new page together
    # rather than leave the notes alone at the top of the next (a plan has a handful of areas).
    return [KeepTogether(story)]


def amendments_table(
    amendments: tuple[Amendment, ...], clinic: ClinicDetails, width: float
) -> list[Flowable]:
    """Corrections after the record was finished, each with when, who and why."""
    if not amendments:
        return []
    rows = [[clinic.moment(a.created_at), a.created_by, a.reason, a.change] for a in amendments]
    widths = [width * 0.2, width * 0.16, width * 0.28, width * 0.36]
    table = data_table(["When", "By", "Reason", "Change"], rows, widths)
    return titled([("Amendments", styles().heading)], table)


def session_number(number: int | None, planned: int | None) -> str:
    """ "2 of 4" once a session is treated (numbered in its course); a dash before."""
    if number is None:
        return NOT_GIVEN
    return session_of(number, planned)


def _sessions(doc: RecordDocument, width: float) -> list[Flowable]:
    """The course so far: each treatment session's date, number, status and areas."""
    st = styles()
    if not doc.sessions:
        if doc.plan is None or not doc.is_signed:
            return []
        return [para("Treatment sessions", st.heading), para("No treatment sessions yet.")]
    rows = [
        [
            doc.clinic.date(s.session_date),
            session_number(s.number, doc.planned_sessions),
            SESSION_STATUS_WORDS[s.status],
            ", ".join(s.areas) or NOT_GIVEN,
        ]
        for s in doc.sessions
    ]
    widths = [width * 0.2, width * 0.14, width * 0.18, width * 0.48]
    table = data_table(["Date", "Session", "Status", "Areas treated"], rows, widths)
    return titled([("Treatment sessions", st.heading)], table)


def record_story(doc: RecordDocument, width: float) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [para("Consultation record", st.title)]
    story += [para("Client", st.heading), field_table(_client_rows(doc), width)]
    story += [para("Consultation", st.heading), field_table(_consultation_rows(doc), width)]
    story += _answers(doc, width)
    story.append(para("Skin assessment", st.heading))
    story.append(
        field_table(doc.assessment_words, width) if doc.assessment_words else para("Not assessed.")
    )
    story.append(para("Goals", st.heading))
    story += bullets(doc.goals) if doc.goals else [para("None recorded.")]
    nothing = "No findings: nothing in the answers or assessment called for care."
    story += (
        findings_table(doc.findings, doc.clinic, width, nothing)
        + _withdrawn(doc, width)
        + decisions_table(doc.findings, doc.decisions, width)
        + _plan(doc, width)
        + _sessions(doc, width)
        + amendments_table(doc.amendments, doc.clinic, width)
    )
    return story + versions_table(doc.content_versions, width)


def versions_table(content_versions: dict[str, str], width: float) -> list[Flowable]:
    """Which version of the questionnaire, rules and texts the record was made with."""
    versions = sorted(content_versions.items())
    if not versions:
        return []
    return [
        para("Content versions used", styles().heading),
        field_table([(k.capitalize(), v) for k, v in versions], width),
    ]


def build_record(doc: RecordDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic, about=client_line(doc.client, doc.clinic))
    return builder.build(record_story(doc, builder.width))
