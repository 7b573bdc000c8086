"""The aftercare sheet: what to do day by day after treatment, and when to call the clinic."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from consult_app.documents.base import DocumentBuilder
from consult_app.documents.styles import (
    boxed,
    bullets,
    data_table,
    field_table,
    para,
    section_story,
    styles,
    titled,
    write_in_lines,
)
from consult_app.domain.dates import format_date
from consult_app.domain.documents import AftercareDocument


def _for_whom(doc: AftercareDocument, width: float) -> list[Flowable]:
    """The client's name and dates, or blank lines when reception prints it in advance."""
    if doc.client_name is None:
        return [write_in_lines(["Name:", "Date:"], width)]
    rows = [("Prepared for", doc.client_name)]
    if doc.treatment_date is not None:
        rows.append(("Treatment date", format_date(doc.treatment_date)))
    if doc.next_session is not None:
        rows.append(("Next session (planned)", format_date(doc.next_session)))
    return [field_table(rows, width)]


def _timeline(doc: AftercareDocument, width: float) -> list[Flowable]:
    st = styles()
    rows = [
        [para(s.heading, st.cell_bold), bullets(s.items, st.cell_bullet)] for s in doc.sheet.stages
    ]
    if not rows:
        return []
    table = data_table(["When", "What to do"], rows, [width * 0.27, width * 0.73])
    return titled([("Day by day", st.heading)], table)


def _contact(doc: AftercareDocument, width: float) -> Flowable:
    st = styles()
    contact, clinic = doc.sheet.contact, doc.clinic
    ways = [
        f"phone {clinic.phone}" if clinic.phone else "",
        f"e-mail {clinic.email}" if clinic.email else "",
    ]
    reach = " or ".join(w for w in ways if w)
    how = f"{clinic.name}: {reach}" if reach else clinic.name
    inside: list[Flowable] = [para(contact.heading, st.subheading)]
    if contact.intro:
        inside.append(para(contact.intro))
    inside += bullets(contact.reasons)
    inside.append(para(how, st.subheading))
    panel = Table([[inside]], colWidths=[width], style=boxed())
    return KeepTogether([Spacer(1, 4 * mm), panel])


def aftercare_story(doc: AftercareDocument, width: float) -> list[Flowable]:
    """The whole sheet; handouts.py reuses it for the blank copy reception prints."""
    st = styles()
    sheet = doc.sheet
    story: list[Flowable] = [para(sheet.title, st.title), *_for_whom(doc, width)]
    story.append(Spacer(1, 4 * mm))
    if sheet.intro:
        story.append(para(sheet.intro))
    story += section_story(sheet.sections)
    story += _timeline(doc, width)
    story.append(_contact(doc, width))
    return story


def build_aftercare(doc: AftercareDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic)
    return builder.build(aftercare_story(doc, builder.width))
