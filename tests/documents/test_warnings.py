"""Text the fonts cannot print is named before printing, and printed as "?" rather than boxes."""

from __future__ import annotations

from dataclasses import replace

from consult_app.content.bundle import Content
from consult_app.documents.base import document_warnings
from consult_app.documents.consent import build_consent
from consult_app.documents.record import build_record
from consult_app.domain.documents import AnsweredQuestion
from tests.documents.conftest import (
    KINDS,
    build_sample,
    client,
    make_aftercare,
    make_consent,
    make_record,
)
from tests.documents.pdf_checks import all_text, reader


def test_printable_documents_have_no_warnings(content: Content) -> None:
    for kind in KINDS:
        doc, _ = build_sample(kind, content)
        assert document_warnings(doc) == [], kind


def test_an_emoji_in_a_name_is_named_and_printed_as_a_question_mark(content: Content) -> None:
    doc = make_consent(content, client("Mia 🌸", "Smith"))
    assert document_warnings(doc) == ["Client name contains characters that cannot be printed: 🌸"]
    pdf = build_consent(doc)
    text = all_text(pdf)
    assert "Mia ? Smith" in text
    assert "🌸" not in text and "\ufffd" not in text
    for page in reader(pdf).pages:  # no glyph in any embedded subset stands for it
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data()
            assert b"f338" not in cmap.lower()


def test_names_in_other_scripts_are_no_longer_warned_about(content: Content) -> None:
    for name in ("שרה Levi", "ليلى", "李明 Smith", "김민지"):
        assert document_warnings(make_aftercare(content, name)) == [], name


def test_an_emoji_on_an_aftercare_sheet_is_named(content: Content) -> None:
    doc = make_aftercare(content, "שרה Levi 🙂")
    assert document_warnings(doc) == ["Client name contains characters that cannot be printed: 🙂"]


def test_the_warning_names_the_field_and_the_clinics_own_wording(content: Content) -> None:
    doc = make_record(content)
    answers = (*doc.answers, AnsweredQuestion("Anything else", "Other medicines?", "سلام 💊"))
    clinic = replace(doc.clinic, address="1 High Street 北京 🏥")
    warnings = document_warnings(replace(doc, answers=answers, clinic=clinic))
    assert warnings == [
        "The clinic's address contains characters that cannot be printed: 🏥",
        'The answer to "Other medicines?" contains characters that cannot be printed: 💊',
    ]
    build_record(replace(doc, answers=answers, clinic=clinic))  # still builds


def test_unprintable_content_wording_is_summed_up_once(content: Content) -> None:
    doc = make_consent(content)
    text = replace(doc.text, intro=doc.text.intro + " 注意 ✅🙂")
    assert document_warnings(replace(doc, text=text)) == [
        "Other text on this document contains characters that cannot be printed: ✅, 🙂"
    ]
