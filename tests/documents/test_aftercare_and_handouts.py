"""The aftercare sheet (for a client or blank) and the handouts reception prints."""

from __future__ import annotations

from dataclasses import replace

import pytest

from consult_app.content.bundle import Content
from consult_app.documents.aftercare import build_aftercare
from consult_app.documents.handouts import IN_ADVANCE, build_handout
from consult_app.domain.documents import HandoutKind
from tests.documents.conftest import make_aftercare, make_handout
from tests.documents.pdf_checks import all_text, flat


def _sheet_is_all_there(content: Content, text: str) -> None:
    sheet = content.aftercare
    assert flat(sheet.title) in text
    for stage in sheet.stages:
        assert flat(stage.heading) in text
        for item in stage.items:
            assert flat(item) in text
    for reason in sheet.contact.reasons:
        assert flat(reason) in text
    assert "Call us on 01423 555 010" in text
    assert flat(sheet.contact.emergency) in text


def test_a_clients_sheet_names_them_and_their_dates(content: Content) -> None:
    text = all_text(build_aftercare(make_aftercare(content)))
    _sheet_is_all_there(content, text)
    assert "For Zoë Łukasiewicz" in text
    assert "Treated 25 Nov 2026: Cheeks, Forehead" in text
    assert "Next session 6 Jan 2027" in text


def test_a_blank_sheet_has_lines_for_name_and_date(content: Content) -> None:
    text = all_text(build_aftercare(make_aftercare(content, None)))
    _sheet_is_all_there(content, text)
    assert "Name: Date:" in text
    assert "For Zoë" not in text and "Just for you" not in text


def test_the_aftercare_handout_is_the_blank_sheet(content: Content) -> None:
    text = all_text(build_handout(make_handout(content, HandoutKind.AFTERCARE)))
    _sheet_is_all_there(content, text)
    assert "Name: Date:" in text


def test_the_preparation_handout_has_every_section(content: Content) -> None:
    text = all_text(build_handout(make_handout(content, HandoutKind.PREPARATION)))
    handout = content.preparation
    assert flat(handout.title) in text and flat(handout.intro) in text
    for section in handout.sections:
        assert flat(section.heading) in text
        for line in (*section.paragraphs, *section.bullets):
            assert flat(line) in text
    assert "Name: Appointment:" in text


def test_the_consent_handout_is_for_reading_in_advance(content: Content) -> None:
    text = all_text(build_handout(make_handout(content, HandoutKind.CONSENT)))
    consent = content.consent
    assert flat(IN_ADVANCE) in text
    assert "Name: Date:" in text
    for section in consent.sections:
        assert flat(section.heading) in text
    for declaration in consent.declarations:
        assert flat(declaration) in text
    assert "Signatures" not in text and "Signed" not in text


@pytest.mark.parametrize("kind", list(HandoutKind))
def test_a_handout_without_its_text_is_refused(content: Content, kind: HandoutKind) -> None:
    empty = replace(make_handout(content, kind), handout=None, aftercare=None, consent=None)
    with pytest.raises(ValueError, match=f"{kind.value} handout needs its text"):
        build_handout(empty)
