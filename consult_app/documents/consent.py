"""The signed consent form: details, full text, own plan and cautions, photos, signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from consult_app.documents.base import DocumentBuilder
from consult_app.documents.styles import (
    GREY,
    bullets,
    data_table,
    field_table,
    image,
    para,
    section_story,
    styles,
    table_style,
    utc_text,
)
from consult_app.domain.consent_text import DECISION_WORDS
from consult_app.domain.dates import format_date
from consult_app.domain.documents import ConsentDocument
from consult_app.domain.rules import Severity
from consult_app.domain.texts import ConsentTemplate

SIGNATURE_WIDTH = 60 * mm
SIGNATURE_MAX_HEIGHT = 28 * mm
NOT_RECORDED = "Not yet recorded"
FOR_INFORMATION = "For your information"


def _plan_table(doc: ConsentDocument, width: float) -> list[Flowable]:
    plan = doc.plan
    if plan is None or not plan.areas:
        return []
    weeks = "week" if plan.interval_weeks == 1 else "weeks"
    course = f"{plan.sessions} sessions, about {plan.interval_weeks} {weeks} apart"
    rows = [
        [doc.area_labels.get(a.area, a.area), f"{a.depth_mm:g} mm", course if i == 0 else ""]
        for i, a in enumerate(plan.areas)
    ]
    table = data_table(
        ["Area", "Needle depth", "Sessions"], rows, [width * 0.4, width * 0.2, width * 0.4]
    )
    # One course for the whole plan: a single cell beside every area says so.
    table.setStyle(TableStyle([("SPAN", (2, 1), (2, len(rows)))]))
    return [table]


def _cautions_table(doc: ConsentDocument, width: float) -> list[Flowable]:
    """Each caution with the decision in the client's words; notes marked as information."""
    by_rule = {d.rule: d for d in doc.decisions}
    rows: list[list[str]] = []
    for finding in doc.findings:
        if finding.severity is Severity.CAUTION:
            decision = by_rule.get(finding.rule)
            agreed = DECISION_WORDS[decision.choice] if decision else NOT_RECORDED
            rows.append([finding.message, agreed, decision.note if decision else ""])
        elif finding.severity is Severity.NOTE:
            rows.append([finding.message, FOR_INFORMATION, ""])
    if not rows:
        return []
    widths = [width * 0.44, width * 0.26, width * 0.30]
    return [data_table(["Point", "What we agreed", "Note"], rows, widths)]


def declarations(text: ConsentTemplate, heading: str) -> list[Flowable]:
    return [para(heading, styles().heading), *bullets(text.declarations)]


def _box(label: str, ticked: bool) -> str:
    """Markup for one answer: ☑ and bold when chosen, ☐ when not (both glyphs are in DejaVu)."""
    return f"\u2611 <b>{label}</b>" if ticked else f"\u2610 {label}"


def _photo_consent(doc: ConsentDocument) -> list[Flowable]:
    st = styles()
    gap = "&nbsp;" * 6
    answer = f"{_box('Yes', doc.photo_consent)}{gap}{_box('No', not doc.photo_consent)}"
    return [
        para("Consent to photographs", st.heading),
        para(doc.text.photo_consent),
        Paragraph(answer, st.body),
    ]


def _signatures(doc: ConsentDocument, width: float) -> Flowable:
    st = styles()
    signed = f"Signed {utc_text(doc.signed_at)}"
    gap = 12 * mm
    column = (width - gap) / 2
    pictures = [
        image(png, what, SIGNATURE_WIDTH, SIGNATURE_MAX_HEIGHT)
        for png, what in (
            (doc.client_signature_png, "client's signature"),
            (doc.practitioner_signature_png, "practitioner's signature"),
        )
    ]
    rows = [
        [para("Client", st.cell_bold), "", para("Practitioner", st.cell_bold)],
        [pictures[0], "", pictures[1]],
        [para(doc.client.full_name, st.cell), "", para(doc.practitioner_name, st.cell)],
        [para(signed, st.small), "", para(signed, st.small)],
    ]
    style = table_style(
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 1), (0, 1), 0.6, GREY),
        ("LINEBELOW", (2, 1), (2, 1), 0.6, GREY),
        ("TOPPADDING", (0, 2), (-1, 2), 4),
    )
    table = Table(rows, colWidths=[column, gap, column], style=style, hAlign="LEFT")
    return KeepTogether([para("Signatures", st.heading), Spacer(1, 2 * mm), table])


def consent_story(doc: ConsentDocument, width: float) -> list[Flowable]:
    st = styles()
    text = doc.text
    dob = doc.client.date_of_birth
    details = [
        ("Client", doc.client.full_name),
        ("Date of birth", format_date(dob) if dob else "Not given"),
        ("Consultation date", format_date(doc.consultation_date)),
        ("Practitioner", doc.practitioner_name),
        ("Clinic", doc.clinic.name),
    ]
    story: list[Flowable] = [para(text.title, st.title), field_table(details, width)]
    story.append(Spacer(1, 5 * mm))
    if text.intro:
        story.append(para(text.intro))
    personal = {"your_plan": _plan_table(doc, width), "your_cautions": _cautions_table(doc, width)}
    story += section_story(text.sections, {k: v for k, v in personal.items() if v})
    story += _photo_consent(doc)
    story += declarations(text, "By signing, I confirm that")
    story.append(_signatures(doc, width))
    story.append(Spacer(1, 4 * mm))
    story.append(para(f"Consent text version {text.version}", st.small))
    return story


def build_consent(doc: ConsentDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic)
    return builder.build(consent_story(doc, builder.width))
