"""A treatment session's record for the clinical file: what changed since last time, the
re-screen on the day and its decisions, the chart, the sign-off and any amendments."""

from __future__ import annotations

from reportlab.platypus import Flowable

from consult_app.documents.base import DocumentBuilder, client_line
from consult_app.documents.record import (
    NOT_GIVEN,
    amendments_table,
    decisions_table,
    findings_table,
    session_number,
    versions_table,
)
from consult_app.documents.styles import data_table, field_table, para, styles, titled
from consult_app.domain.chart import ENDPOINT_WORDS, PATCH_RESULT_WORDS, Chart
from consult_app.domain.dates import age_on
from consult_app.domain.documents import SessionRecordDocument
from consult_app.domain.screening import OUTCOME_WORDS
from consult_app.domain.treatment import SESSION_STATUS_WORDS, SessionStatus


def _sign_off(doc: SessionRecordDocument) -> str:
    session = doc.session
    if session.is_draft or session.signed_at is None:
        return "Not signed off yet (in progress)"
    done = "Signed off" if session.status is SessionStatus.TREATED else "Ended without treatment"
    return f"{done} by {session.signed_by or NOT_GIVEN}, {doc.clinic.moment(session.signed_at)}"


def _session_rows(doc: SessionRecordDocument) -> list[tuple[str, str]]:
    session, clinic = doc.session, doc.clinic
    dob = doc.client.date_of_birth
    born = f"{clinic.date(dob)} (aged {age_on(dob, session.session_date)})" if dob else NOT_GIVEN
    planned = doc.plan.sessions if doc.plan else None
    rows = [
        ("Client", doc.client.full_name),
        ("Date of birth", born),
        ("Session date", clinic.date(session.session_date)),
        ("Session of the course", session_number(session.number, planned)),
        ("Status", SESSION_STATUS_WORDS[session.status]),
        ("Practitioner", session.practitioner or NOT_GIVEN),
        ("Consultation", f"{clinic.date(doc.consultation_date)} (the plan this course follows)"),
        ("Re-screen outcome", OUTCOME_WORDS[session.outcome] if session.outcome else NOT_GIVEN),
        ("Sign-off", _sign_off(doc)),
    ]
    if session.status is SessionStatus.NOT_TREATED:
        rows.append(("Why not treated", session.not_treated_reason or NOT_GIVEN))
    return rows


def _changed(doc: SessionRecordDocument, width: float) -> list[Flowable]:
    st = styles()
    if not doc.changed:
        return [para("Changed since last time", st.heading), para("Nothing changed.")]
    rows = [[a.question, a.answer] for a in doc.changed]
    table = data_table(["Question", "Answer now"], rows, [width * 0.62, width * 0.38])
    return titled([("Changed since last time", st.heading)], table)


def _kit_rows(doc: SessionRecordDocument) -> list[tuple[str, str]]:
    chart, clinic = doc.session.chart, doc.clinic
    numbing = chart.numbing
    if numbing is not None:
        on, off = numbing.applied_at.strftime("%H:%M"), numbing.removed_at.strftime("%H:%M")
        numbed = f"{numbing.product}: on {on}, off {off} ({numbing.contact_words})"
    else:
        numbed = "None" if chart.no_numbing else NOT_GIVEN
    cartridge = chart.cartridge
    needles = (
        f"{cartridge.needles} needle{'s' if cartridge.needles != 1 else ''}, lot {cartridge.lot}, "
        f"expires {clinic.date(cartridge.expiry)}"
        if cartridge
        else NOT_GIVEN
    )
    return [
        ("Numbing", numbed),
        ("Device", chart.device.label if chart.device else NOT_GIVEN),
        ("Cartridge", needles),
    ]


def _after_rows(doc: SessionRecordDocument, chart: Chart) -> list[tuple[str, str]]:
    patch = chart.patch_test
    tested = (
        f"{doc.clinic.date(patch.tested_on)}, {patch.site}, read after {patch.read_after_days} "
        f"day{'s' if patch.read_after_days != 1 else ''}: {PATCH_RESULT_WORDS[patch.result]}"
        if patch
        else "None done"
    )
    rows = [
        ("Skin endpoint", ENDPOINT_WORDS[chart.endpoint] if chart.endpoint else NOT_GIVEN),
        ("Immediate reaction", chart.reaction or "None"),
        ("Patch test", tested),
    ]
    if chart.notes:
        rows.append(("Notes", chart.notes))
    return rows


def _areas(doc: SessionRecordDocument, chart: Chart, width: float) -> list[Flowable]:
    st = styles()
    if not chart.areas:
        return [para("No areas recorded.")]
    planned = {a.area: a.depth_mm for a in doc.plan.areas} if doc.plan else {}
    rows = [
        [
            doc.area_labels.get(a.area, a.area),
            f"{planned[a.area]:g} mm" if a.area in planned else NOT_GIVEN,
            f"{a.depth_mm:g} mm",
            str(a.passes),
            a.reason or NOT_GIVEN,
        ]
        for a in chart.areas
    ]
    widths = [width * 0.22, width * 0.13, width * 0.13, width * 0.1, width * 0.42]
    header = ["Area", "Planned", "Depth used", "Passes", "Reason for the depth"]
    return titled([("Areas treated", st.subheading)], data_table(header, rows, widths))


def _chart(doc: SessionRecordDocument, width: float) -> list[Flowable]:
    st = styles()
    chart = doc.session.chart
    if doc.session.status is SessionStatus.NOT_TREATED:
        return [para("Chart", st.heading), para("Not treated, so nothing was charted.")]
    story: list[Flowable] = [para("Chart", st.heading), field_table(_kit_rows(doc), width)]
    story += _areas(doc, chart, width)
    if chart.products:
        rows = [[p.name, p.lot] for p in chart.products]
        table = data_table(["Product", "Lot"], rows, [width * 0.6, width * 0.4])
        story += titled([("Products applied", st.subheading)], table)
    return [
        *story,
        para("After needling", st.subheading),
        field_table(_after_rows(doc, chart), width),
    ]


def session_record_story(doc: SessionRecordDocument, width: float) -> list[Flowable]:
    st = styles()
    session = doc.session
    story: list[Flowable] = [para("Treatment session record", st.title)]
    story += [para("Session", st.heading), field_table(_session_rows(doc), width)]
    story += _changed(doc, width)
    nothing = "No findings: nothing in the day's answers or the timing called for care."
    story += findings_table(session.findings, doc.clinic, width, nothing, "Re-screen on the day")
    story += decisions_table(session.findings, session.decisions, width)
    story += _chart(doc, width)
    story += amendments_table(doc.amendments, doc.clinic, width)
    return story + versions_table(session.content_versions, width)


def build_session_record(doc: SessionRecordDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic, about=client_line(doc.client, doc.clinic))
    return builder.build(session_record_story(doc, builder.width))
