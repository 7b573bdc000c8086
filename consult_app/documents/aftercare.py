"""The aftercare sheet: one page, in large type, tailored to the client's consultation.

Everything the client acts on is at least 11 pt (older clients read it at home, often without
their glasses), and the whole sheet fits one page, so nothing is lost on a second sheet.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from consult_app.documents.base import DocumentBuilder
from consult_app.documents.fonts import BOLD
from consult_app.documents.markup import escape
from consult_app.documents.styles import (
    ACCENT,
    boxed,
    bullets,
    grid,
    para,
    styles,
    table_style,
    write_in_lines,
)
from consult_app.domain.documents import AftercareDocument

LARGE = 11  # the smallest size for anything the client reads and acts on
_GAP = 6 * mm  # between two columns
_TIGHT = [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING")]


@cache
def _large() -> dict[str, ParagraphStyle]:
    st = styles()
    text = ParagraphStyle(
        "AftercareText", st.body, fontSize=LARGE, leading=13, spaceAfter=2, bulletFontSize=LARGE
    )
    return {
        "title": ParagraphStyle("AftercareTitle", st.title, fontSize=16, leading=19, spaceAfter=3),
        "heading": ParagraphStyle(
            "AftercareHeading", st.heading, fontSize=12, leading=14.5, spaceBefore=3.5, spaceAfter=1
        ),
        "text": text,
        "bold": ParagraphStyle("AftercareBold", text, fontName=BOLD),
        "bullet": ParagraphStyle(
            "AftercareBullet", text, leftIndent=12, bulletIndent=1, spaceAfter=1
        ),
        "phone": ParagraphStyle("AftercarePhone", text, fontName=BOLD, fontSize=12.5, leading=16),
    }


def _treated(doc: AftercareDocument) -> str:
    """ "2 Dec 2026: Cheeks, Forehead"; a session's says which of the course and how deep."""
    treated = doc.clinic.date(doc.treatment_date) if doc.treatment_date else ""
    visit = doc.visit
    if visit is not None:
        treated = f"{treated}, session {visit.number} of {visit.planned}"
        areas = [f"{label} at {depth:g} mm" for label, depth in visit.depths]
    else:
        areas = list(doc.areas)
    if areas:
        treated = f"{treated}: {', '.join(areas)}" if treated else ", ".join(areas)
    return treated


def _next_session(doc: AftercareDocument) -> str:
    if doc.visit is None:
        return doc.clinic.date(doc.next_session) if doc.next_session else "—"
    if doc.next_session is None:
        return "This was the last session of your course."
    return f"Your next session is due from {doc.clinic.date(doc.next_session)}."


def _for_whom(doc: AftercareDocument, width: float) -> list[Flowable]:
    """The client's name, dates and areas, or blank lines when reception prints it in advance."""
    if doc.client_name is None:
        return [write_in_lines(["Name:", "Date:"], width, _large()["bold"])]
    large = _large()
    treated = _treated(doc)
    rows = [
        [para("For", large["bold"]), para(doc.client_name, large["text"])],
        [para("Next session", large["bold"]), para(_next_session(doc), large["text"])],
    ]
    if doc.visit is not None and doc.visit.products:
        products = ", ".join(doc.visit.products)
        rows.insert(1, [para("Products used", large["bold"]), para(products, large["text"])])
    if treated:
        rows.insert(1, [para("Treated", large["bold"]), para(treated, large["text"])])
    style = grid(header=False)
    for side in ("TOPPADDING", "BOTTOMPADDING"):
        style.add(side, (0, 0), (-1, -1), 1.5)
    style.add("LEFTPADDING", (0, 0), (0, -1), 0)
    return [Table(rows, colWidths=[width * 0.2, width * 0.8], style=style, hAlign="LEFT")]


def _panel(inside: list[Flowable], width: float) -> Table:
    style = boxed()
    style.add("TOPPADDING", (0, 0), (-1, -1), 3)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 4)
    style.add("LEFTPADDING", (0, 0), (-1, -1), 7)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), 7)
    return Table([[inside]], colWidths=[width], style=style)


def _stage(heading: str, items: tuple[str, ...]) -> list[Flowable]:
    large = _large()
    return [para(heading, large["heading"]), *bullets(items, large["bullet"])]


def _blocks_in_two(blocks: list[list[Flowable]], width: float) -> Table:
    """Blocks in reading order down two columns, split where the columns come out most even."""
    heights = [sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() for f in b) for b in blocks]
    split = min(
        range(1, len(blocks) + 1),
        key=lambda n: max(sum(heights[:n]), sum(heights[n:])),
    )
    left = [f for block in blocks[:split] for f in block]
    right = [f for block in blocks[split:] for f in block]
    return Table(
        [[left, "", right]],
        colWidths=[width, _GAP, width],
        style=table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"), *_TIGHT, ("TOPPADDING", (0, 0), (-1, -1), 0)
        ),
        splitInRow=1,  # a clinic's longer wording runs onto a second page, never fails
        hAlign="LEFT",
    )


def _timeline(doc: AftercareDocument, width: float) -> list[Flowable]:
    """Day by day, when life is back to normal, and when to call us, down two columns: the
    lines are short, and large type on one page needs the whole width."""
    sheet = doc.sheet
    column = (width - _GAP) / 2
    stages = [*sheet.stages, *([sheet.back_to_normal] if sheet.back_to_normal else [])]
    blocks = [_stage(s.heading, s.items) for s in stages]
    blocks.append([Spacer(1, 2 * mm), _contact(doc, column)])
    return [_blocks_in_two(blocks, column)]


def _for_you(doc: AftercareDocument, width: float) -> list[Flowable]:
    """The lines chosen for this client from their consultation, where they are seen first."""
    if not doc.for_you:
        return []
    large = _large()
    heading = para(doc.sheet.tailored_heading, large["heading"])
    panel = _panel([heading, *bullets(doc.for_you, large["bullet"])], width)
    return [Spacer(1, 2 * mm), panel]


def _contact(doc: AftercareDocument, width: float) -> Flowable:
    large = _large()
    contact, clinic = doc.sheet.contact, doc.clinic
    inside: list[Flowable] = [para(contact.heading, large["heading"])]
    if contact.intro:
        inside.append(para(contact.intro, large["text"]))
    inside += bullets(contact.reasons, large["bullet"])
    if clinic.phone:
        inside.append(para(contact.call.replace("{phone}", clinic.phone), large["phone"]))
    elif clinic.email:
        inside.append(para(clinic.email, large["phone"]))
    closed = (
        contact.out_of_hours.replace("{phone}", clinic.out_of_hours_phone)
        if clinic.out_of_hours_phone
        else contact.no_out_of_hours
    )
    inside.append(para(closed, large["text"]))
    emergency = ParagraphStyle("AftercareEmergency", large["bold"], textColor=ACCENT)
    inside.append(Paragraph(escape(contact.emergency), emergency))
    return _panel(inside, width)


def aftercare_story(doc: AftercareDocument, width: float) -> list[Flowable]:
    """The whole sheet; handouts.py reuses it for the blank copy reception prints."""
    large = _large()
    sheet = doc.sheet
    story: list[Flowable] = [para(sheet.title, large["title"]), *_for_whom(doc, width)]
    story.append(Spacer(1, 2 * mm))
    if sheet.intro:
        story.append(para(sheet.intro, large["text"]))
    for section in sheet.sections:  # a clinic's own general advice, in the same large type
        story += _stage(section.heading, section.bullets)[:1]
        story += [para(text, large["text"]) for text in section.paragraphs]
        story += bullets(section.bullets, large["bullet"])
    story += _for_you(doc, width)
    story += _timeline(doc, width)
    return story


def build_aftercare(doc: AftercareDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic, about=doc.client_name or "")
    return builder.build(aftercare_story(doc, builder.width))
