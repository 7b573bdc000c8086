"""Blank handouts reception prints: aftercare, preparation, and the consent to read in advance."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from consult_app.documents.aftercare import aftercare_story
from consult_app.documents.base import DocumentBuilder
from consult_app.documents.consent import declarations, photo_section, sections_before_signing
from consult_app.documents.styles import boxed, para, section_story, styles, write_in_lines
from consult_app.domain.documents import AftercareDocument, HandoutDocument, HandoutKind
from consult_app.domain.texts import ConsentTemplate, Handout

IN_ADVANCE = (
    "This copy is for reading before your appointment, so that you have time to think and to "
    "note any questions. You will sign the consent form at your consultation, after your "
    "practitioner has gone through it with you and added your own treatment plan and any "
    "points from your health questions that apply to you."
)


def _preparation_story(handout: Handout, width: float) -> list[Flowable]:
    st = styles()
    lines = write_in_lines(["Name:", "Appointment:"], width)
    story: list[Flowable] = [para(handout.title, st.title), lines, Spacer(1, 4 * mm)]
    if handout.intro:
        story.append(para(handout.intro))
    return story + section_story(handout.sections)


def _consent_story(text: ConsentTemplate, width: float) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [para(text.title, st.title)]
    story.append(Table([[para(IN_ADVANCE)]], colWidths=[width], style=boxed()))
    story += [write_in_lines(["Name:", "Date:"], width), Spacer(1, 4 * mm)]
    if text.intro:
        story.append(para(text.intro))
    story += section_story(sections_before_signing(text))
    story += photo_section(text)
    story += declarations(text, "At your consultation, you will be asked to sign to say")
    story += [Spacer(1, 4 * mm), para(f"Consent text version {text.version}", st.small)]
    return story


def _missing(doc: HandoutDocument) -> ValueError:
    # The services always fill in the text for the kind they ask for: this is a bug, not a
    # failure a user could act on, so it is no ConsultError.
    return ValueError(f"a {doc.kind.value} handout needs its text")


def build_handout(doc: HandoutDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic)
    if doc.kind is HandoutKind.AFTERCARE:
        if doc.aftercare is None:
            raise _missing(doc)
        blank = AftercareDocument(doc.info, doc.clinic, doc.aftercare)  # no name: blank lines
        story = aftercare_story(blank, builder.width)
    elif doc.kind is HandoutKind.PREPARATION:
        if doc.handout is None:
            raise _missing(doc)
        story = _preparation_story(doc.handout, builder.width)
    else:
        if doc.consent is None:
            raise _missing(doc)
        story = _consent_story(doc.consent, builder.width)
    return builder.build(story)
