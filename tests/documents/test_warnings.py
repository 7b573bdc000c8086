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


def test_a_chinese_name_is_named_and_printed_as_question_marks(content: Content) -> None:
    doc = make_consent(content, client("李明", "Smith"))
    assert document_warnings(doc) == [
        "Client name contains characters that cannot be printed: 李, 明"
    ]
    pdf = build_consent(doc)
    text = all_text(pdf)
    assert "?? Smith" in text
    assert "李" not in text and "\ufffd" not in text
    for page in reader(pdf).pages:  # no glyph in any embedded subset stands for them
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data()
            assert b"674e" not in cmap.lower() and b"660e" not in cmap.lower()


def test_a_hebrew_name_on_an_aftercare_sheet_is_named(content: Content) -> None:
    doc = make_aftercare(content, "שרה Levi")
    assert document_warnings(doc) == [
        "Client name contains characters that cannot be printed: ש, ר, ה"
    ]


def test_the_warning_names_the_field_and_the_clinics_own_wording(content: Content) -> None:
    doc = make_record(content)
    answers = (*doc.answers, AnsweredQuestion("Anything else", "Other medicines?", "سلام"))
    clinic = replace(doc.clinic, address="1 High Street 北京")
    warnings = document_warnings(replace(doc, answers=answers, clinic=clinic))
    assert warnings == [
        "The clinic's address contains characters that cannot be printed: 北, 京",
        'The answer to "Other medicines?" contains characters that cannot be printed: س, ل, ا, م',
    ]
    build_record(replace(doc, answers=answers, clinic=clinic))  # still builds


def test_unprintable_content_wording_is_summed_up_once(content: Content) -> None:
    doc = make_consent(content)
    text = replace(doc.text, intro=doc.text.intro + " 注意")
    assert document_warnings(replace(doc, text=text)) == [
        "Other text on this document contains characters that cannot be printed: 注, 意"
    ]
