"""The signed consent form: details, full text, own plan and cautions, photos, signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from consult_app.documents.archival import to_pdfa
from consult_app.documents.base import DocumentBuilder, client_line
from consult_app.documents.seal_marks import seal_marks
from consult_app.documents.styles import (
    GREY,
    Cell,
    bullets,
    data_table,
    field_table,
    image,
    para,
    section_story,
    styles,
    table_style,
)
from consult_app.domain.consent_text import DECISION_WORDS
from consult_app.domain.documents import ConsentDocument
from consult_app.domain.rules import Severity
from consult_app.domain.texts import ConsentTemplate, TextSection

SIGNATURE_WIDTH = 60 * mm
SIGNATURE_MAX_HEIGHT = 28 * mm
NOT_RECORDED = "Not yet recorded"
FOR_INFORMATION = "For your information"
PHOTO_SECTION = "photographs"  # the consent text's section read with the yes/no answer


def _plan_table(doc: ConsentDocument, width: float) -> list[Flowable]:
    """Area and depth; the course ("4 sessions, about 6 weeks apart") is the section's own
    sentence just above, so it is said once."""
    plan = doc.plan
    if plan is None or not plan.areas:
        return []
    rows = [[doc.area_labels.get(a.area, a.area), f"{a.depth_mm:g} mm"] for a in plan.areas]
    return [data_table(["Area", "Needle depth"], rows, [width * 0.6, width * 0.4])]


def _cautions_table(doc: ConsentDocument, width: float) -> list[Flowable]:
    """Each caution with the decision in the client's words; notes marked as information.

    A row never splits across pages: a point read on one page and its decision on the next
    would be signed as two halves.
    """
    st = styles()
    by_rule = {d.rule: d for d in doc.decisions}
    rows: list[list[Cell]] = []
    for finding in doc.findings:
        if finding.severity is Severity.CAUTION:
            decision = by_rule.get(finding.rule)
            agreed: list[Flowable] = [
                para(DECISION_WORDS[decision.choice] if decision else NOT_RECORDED, st.cell_bold)
            ]
            if decision and decision.note:
                agreed.append(para(decision.note, st.cell))
            rows.append([finding.message, agreed])
        elif finding.severity is Severity.NOTE:
            rows.append([finding.message, FOR_INFORMATION])
    if not rows:
        return []
    header = ["What applies to you", "What we agreed"]
    return [data_table(header, rows, [width * 0.55, width * 0.45], split_rows=False)]


def declarations(text: ConsentTemplate, heading: str) -> list[Flowable]:
    return [para(heading, styles().heading), *bullets(text.declarations)]


def sections_before_signing(text: ConsentTemplate) -> list[TextSection]:
    """Every section but photographs, which is read with its yes/no answer, then signed."""
    return [s for s in text.sections if s.id != PHOTO_SECTION]


def photo_section(text: ConsentTemplate) -> list[Flowable]:
    """The one photographs section: the consent text's own, then the question answered."""
    st = styles()
    section = next((s for s in text.sections if s.id == PHOTO_SECTION), None)
    story: list[Flowable] = [para(section.heading if section else "Photographs", st.heading)]
    if section is not None:
        story += [para(p) for p in section.paragraphs] + bullets(section.bullets)
    return [*story, para(text.photo_consent)]


def _box(label: str, ticked: bool) -> str:
    """Markup for one answer: ☑ and bold when chosen, ☐ when not (both glyphs are in DejaVu)."""
    return f"\u2611 <b>{label}</b>" if ticked else f"\u2610 {label}"


def _photo_answer(doc: ConsentDocument) -> Flowable:
    gap = "&nbsp;" * 6
    answer = f"{_box('Yes', doc.photo_consent)}{gap}{_box('No', not doc.photo_consent)}"
    return Paragraph(answer, styles().body)


def _signatures(doc: ConsentDocument, width: float) -> Table:
    st = styles()
    signed = f"Signed {doc.clinic.moment(doc.signed_at)}"
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
    return Table(rows, colWidths=[column, gap, column], style=style, hAlign="LEFT")


def consent_story(doc: ConsentDocument, width: float) -> list[Flowable]:
    st = styles()
    text = doc.text
    dob = doc.client.date_of_birth
    details = [
        ("Client", doc.client.full_name),
        ("Date of birth", doc.clinic.date(dob) if dob else "Not given"),
        ("Consultation date", doc.clinic.date(doc.consultation_date)),
        ("Practitioner", doc.practitioner_name),
        ("Clinic", doc.clinic.name),
    ]
    story: list[Flowable] = [para(text.title, st.title), field_table(details, width)]
    story.append(Spacer(1, 5 * mm))
    if text.intro:
        story.append(para(text.intro))
    personal = {"your_plan": _plan_table(doc, width), "your_cautions": _cautions_table(doc, width)}
    story += section_story(sections_before_signing(text), {k: v for k, v in personal.items() if v})
    # What the signatures sign stays on their page: the photo answer, the declarations and
    # both signatures move to a new page together rather than leave the signatures alone.
    signing = [
        *photo_section(text),
        _photo_answer(doc),
        *declarations(text, "By signing, I confirm that"),
        para("Signatures", st.heading),
        Spacer(1, 2 * mm),
        _signatures(doc, width),
        Spacer(1, 4 * mm),
        para(f"Consent text version {text.version}", st.small),
    ]
    story.append(KeepTogether(signing))
    return story


def build_consent(doc: ConsentDocument) -> bytes:
    """The signed consent in its archival form, PDF/A-2b (see archival.py)."""
    builder = DocumentBuilder(
        doc.info,
        doc.clinic,
        about=client_line(doc.client, doc.clinic),
        page_marks=seal_marks(doc.info),
    )
    return to_pdfa(builder.build(consent_story(doc, builder.width)))
