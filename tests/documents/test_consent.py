"""The signed consent form shows the client, the whole text, their cautions and both signatures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.documents.consent import NOT_RECORDED, build_consent
from consult_app.domain.consent_text import DECISION_WORDS
from consult_app.domain.documents import ConsentDocument
from consult_app.domain.rules import Severity
from consult_app.errors import ConsultError
from tests.documents.conftest import CLINIC_WITH_LOGO, NAMES, client, make_consent
from tests.documents.pdf_checks import all_text, flat, page_texts, reader, run_on


@pytest.fixture(scope="module")
def consent_doc(content: Content) -> ConsentDocument:
    return make_consent(content)


@pytest.fixture(scope="module")
def consent_pdf(consent_doc: ConsentDocument) -> bytes:
    return build_consent(consent_doc)


def test_the_client_practitioner_and_dates_are_shown(consent_pdf: bytes) -> None:
    first = flat(page_texts(consent_pdf)[0])
    assert "Client Zoë Łukasiewicz" in first
    assert "Date of birth 24 May 1990" in first
    assert "Consultation date 25 Nov 2026" in first
    assert "Practitioner Hannah Reid" in first
    assert "Willow Skin Clinic" in first


def test_each_caution_is_printed_with_its_decision_and_note(
    consent_doc: ConsentDocument, consent_pdf: bytes
) -> None:
    text = all_text(consent_pdf)
    cautions = [f for f in consent_doc.findings if f.severity is Severity.CAUTION]
    assert len(cautions) == 3  # cold sores, blood thinner, melasma
    for decision in consent_doc.decisions:
        finding = next(f for f in cautions if f.rule == decision.rule)
        assert flat(finding.message) in text
        assert DECISION_WORDS[decision.choice] in text
        assert decision.note in text


def test_the_plan_is_a_table_of_areas_depths_and_sessions(consent_pdf: bytes) -> None:
    text = all_text(consent_pdf)
    assert "4 sessions, about 6 weeks apart. Area Needle depth Cheeks 1 mm Forehead 0.25 mm" in text


def test_every_section_comes_in_order_then_declarations(
    consent_doc: ConsentDocument, consent_pdf: bytes
) -> None:
    doc = consent_doc
    text = all_text(consent_pdf)
    # Photographs comes last, read with its yes/no answer just before the declarations.
    order = [s for s in doc.text.sections if s.id != "photographs"]
    order += [s for s in doc.text.sections if s.id == "photographs"]
    places = [text.index(flat(section.heading)) for section in order]
    assert places == sorted(places) and places[-1] < text.index("By signing, I confirm that")
    assert "Your treatment plan" in text and "Points that apply to you" in text
    for declaration in doc.text.declarations:
        assert flat(declaration) in text
    assert f"Consent text version {doc.text.version}" in text


@pytest.mark.parametrize(("agreed", "line"), [(True, "☑ Yes ☐ No"), (False, "☐ Yes ☑ No")])
def test_the_photo_answer_is_ticked(content: Content, agreed: bool, line: str) -> None:
    text = all_text(build_consent(make_consent(content, photo_consent=agreed)))
    assert flat(content.consent.photo_consent) in text
    assert line in text


def test_both_signatures_are_drawn_with_names_and_the_clinics_time(consent_pdf: bytes) -> None:
    last = reader(consent_pdf).pages[-1]
    assert len(last.images) == 2
    text = flat(last.extract_text())
    assert text.count("Signed 25 Nov 2026, 14:02 GMT") == 2
    assert "Zoë Łukasiewicz" in text and "Hannah Reid" in text


def test_the_logo_is_drawn_on_the_first_page_only(content: Content) -> None:
    pages = reader(build_consent(make_consent(content, clinic=CLINIC_WITH_LOGO))).pages
    assert len(pages[0].images) == 1
    assert all(len(page.images) == 0 for page in pages[1:-1])


def test_a_caution_without_a_decision_says_so(content: Content) -> None:
    doc = make_consent(content)
    text = all_text(build_consent(replace(doc, decisions=doc.decisions[1:])))
    assert NOT_RECORDED in text


def test_markup_in_a_name_prints_literally(content: Content) -> None:
    doc = make_consent(content, client("<b>Ann", "& Co</b>"))
    assert "<b>Ann & Co</b>" in all_text(build_consent(doc))


@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_other_scripts_survive_text_extraction(content: Content, script: str) -> None:
    person = client(*NAMES[script])
    assert person.full_name in all_text(build_consent(make_consent(content, person)))


def test_poppler_reads_vietnamese_greek_and_cyrillic_names(
    content: Content, tmp_path: Path
) -> None:
    for script in ("vietnamese", "greek", "cyrillic"):
        person = client(*NAMES[script])
        pdf = build_consent(make_consent(content, person))
        done = run_on(pdf, tmp_path, "pdftotext", "-enc", "UTF-8")
        assert done.returncode == 0, done.stderr
        text = flat((tmp_path / "document.txt").read_text(encoding="utf-8"))
        assert person.full_name in text


def test_a_damaged_signature_is_a_clear_error(content: Content) -> None:
    doc = replace(make_consent(content), client_signature_png=b"not a picture")
    with pytest.raises(ConsultError, match="client's signature could not be read"):
        build_consent(doc)
