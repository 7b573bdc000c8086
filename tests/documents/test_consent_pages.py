"""The consent hangs together page by page: what is signed shares the signatures' page, every
page says whose it is, times read in the clinic's own zone, and no caution is cut in half."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from consult_app.content.bundle import Content
from consult_app.documents.consent import build_consent
from consult_app.domain.consent_text import DECISION_WORDS
from consult_app.domain.documents import ConsentDocument, Paper
from consult_app.domain.rules import Severity
from tests.documents.conftest import (
    CLINIC_WITH_LOGO,
    client,
    long_note,
    make_consent,
    make_heavy_consent,
)
from tests.documents.pdf_checks import all_text, flat, page_numbers, reader

DECLARATIONS = "By signing, I confirm that"
FOOTER = "Zoë Łukasiewicz, born 24 May 1990"

CASES = {
    "sample": lambda content: make_consent(content),
    "sample on Letter": lambda content: make_consent(content, paper=Paper.LETTER),
    "no photographs, with a logo": lambda content: make_consent(
        content, clinic=CLINIC_WITH_LOGO, photo_consent=False
    ),
    "heaviest": lambda content: make_heavy_consent(content),
    "heaviest on Letter": lambda content: make_heavy_consent(content, Paper.LETTER),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def signed(request: pytest.FixtureRequest, content: Content) -> tuple[ConsentDocument, bytes]:
    doc = CASES[request.param](content)
    return doc, build_consent(doc)


def _pages(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in reader(pdf).pages]


def test_the_signatures_share_a_page_with_what_they_sign(
    signed: tuple[ConsentDocument, bytes],
) -> None:
    doc, pdf = signed
    pages = _pages(pdf)
    [page] = [n for n, text in enumerate(pages) if DECLARATIONS in text]
    text = pages[page]
    for declaration in doc.text.declarations:
        assert flat(declaration) in text
    assert flat(doc.text.photo_consent) in text
    assert ("☑ Yes ☐ No" if doc.photo_consent else "☐ Yes ☑ No") in text
    assert text.count("Signed ") == 2
    logo = 1 if page == 0 and doc.clinic.logo_png else 0
    assert len(reader(pdf).pages[page].images) == 2 + logo  # both signatures drawn right here
    assert f"Consent text version {doc.text.version}" in text


def test_every_page_names_the_client_the_document_and_its_number(
    signed: tuple[ConsentDocument, bytes],
) -> None:
    doc, pdf = signed
    total = len(reader(pdf).pages)
    assert page_numbers(pdf) == [(n, total) for n in range(1, total + 1)]
    for text in _pages(pdf):
        assert FOOTER in text
        assert f"{doc.info.document_id} · template {doc.info.template_version}" in text


def test_a_long_name_is_shortened_in_the_footer_never_overprinted(content: Content) -> None:
    doc = make_consent(
        content, client("Anna-Maria Josefina Henrietta " * 4, "Fitzgerald-Montgomery")
    )
    for text in _pages(build_consent(doc)):
        assert "Anna-Maria Josefina Henrietta" in text and "…" in text


def test_photographs_are_one_section_and_the_course_is_said_once(content: Content) -> None:
    doc = make_consent(content)
    text = all_text(build_consent(doc))
    assert text.count("Photographs") == 1
    assert "Consent to photographs" not in text
    assert text.count("4 sessions, about 6 weeks apart") == 1


def test_no_caution_row_is_split_and_each_decision_is_in_the_clients_words(
    content: Content,
) -> None:
    doc = make_heavy_consent(content)
    pages = _pages(build_consent(doc))
    assert len(pages) >= 5
    cautions = [f for f in doc.findings if f.severity is Severity.CAUTION]
    assert len(cautions) >= 15
    for number, finding in enumerate(cautions):
        decision = next(d for d in doc.decisions if d.rule == finding.rule)
        row = f"{flat(finding.message)} {DECISION_WORDS[decision.choice]} {long_note(number)}"
        holding = [n for n, text in enumerate(pages) if row in text]
        assert holding, f"the row for {finding.rule} is split or missing"
    assert "What applies to you What we agreed" in " ".join(pages)
    for finding in doc.findings:
        if finding.severity is Severity.NOTE:
            assert f"{flat(finding.message)} For your information" in " ".join(pages)


@pytest.mark.parametrize(
    ("zone", "moment", "printed"),
    [
        ("Europe/London", datetime(2026, 12, 2, 10, 6, tzinfo=UTC), "2 Dec 2026, 10:06 GMT"),
        ("Europe/London", datetime(2026, 7, 2, 10, 6, tzinfo=UTC), "2 Jul 2026, 11:06 BST"),
        ("America/New_York", datetime(2026, 12, 2, 15, 6, tzinfo=UTC), "2 Dec 2026, 10:06 EST"),
        ("Not/A_Zone", datetime(2026, 12, 2, 10, 6, tzinfo=UTC), "2 Dec 2026, 10:06 UTC"),
    ],
)
def test_signing_times_are_in_the_clinics_own_time_zone(
    content: Content, zone: str, moment: datetime, printed: str
) -> None:
    doc = make_consent(content)
    doc = replace(doc, clinic=replace(doc.clinic, time_zone=zone), signed_at=moment)
    assert all_text(build_consent(doc)).count(f"Signed {printed}") == 2
