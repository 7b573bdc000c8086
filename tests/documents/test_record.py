"""The consultation record holds everything, and long records run over pages cleanly."""

from __future__ import annotations

from dataclasses import replace

import pytest

from consult_app.content.bundle import Content
from consult_app.documents.record import build_record
from consult_app.domain.consent_text import DECISION_OPTIONS
from consult_app.domain.documents import AnsweredQuestion
from tests.documents.conftest import make_record
from tests.documents.pdf_checks import all_text, flat, page_numbers, page_texts


def test_everything_recorded_is_printed(content: Content) -> None:
    doc = make_record(content)
    text = all_text(build_record(doc))
    for value in (
        "Name Zoë Łukasiewicz",
        "Date of birth 24 May 1990 (aged 36)",
        "Sex Female",
        "GP Dr Amira Shah",
        "GP practice Park Lane Surgery",
        "Emergency contact Tomasz Łukasiewicz 07700 900456",
        "Consultation date 25 Nov 2026",
        "Practitioner Hannah Reid",
        "Status Signed",  # the list's word: a consent was signed for it
        "Outcome Suitable with care",
        flat(doc.consent_summary),
        "Fitzpatrick Type V — brown skin, rarely burns",
        "Fine lines",
        "Thin skin; kept shallow",
        "4 sessions, 6 weeks apart.",
    ):
        assert value in text
    for answer in doc.answers:
        assert flat(answer.question) in text
    for finding in doc.findings:
        assert flat(finding.message) in text and flat(finding.advice) in text
        assert flat(finding.source) in text
    for decision in doc.decisions:
        assert DECISION_OPTIONS[decision.choice] in text and decision.note in text
    for name, version in doc.content_versions.items():
        assert f"{name.capitalize()} {version}" in text
    assert "26 Nov 2026, 09:01 GMT Hannah Reid" in text


def test_a_long_record_numbers_its_pages_and_repeats_table_headers(content: Content) -> None:
    pdf = build_record(make_record(content, amendments=80))
    numbers = page_numbers(pdf)
    total = len(numbers)
    assert total >= 5
    assert numbers == [(n, total) for n in range(1, total + 1)]
    with_header = [t for t in page_texts(pdf) if "When\nBy\nReason\nChange" in t]
    assert len(with_header) >= 3  # the amendments table's header starts each page it runs onto
    text = all_text(pdf)
    assert "Correction number 1:" in text and "Correction number 80:" in text


def test_an_answer_longer_than_a_page_splits_instead_of_failing(content: Content) -> None:
    doc = make_record(content)
    long = " ".join(f"medicine-{n}" for n in range(700))
    answers = (*doc.answers, AnsweredQuestion("Anything else", "Other medicines?", long))
    pdf = build_record(replace(doc, answers=answers))
    assert "medicine-0" in all_text(pdf) and "medicine-699" in all_text(pdf)


@pytest.mark.parametrize(
    ("status", "is_signed", "has_plan", "words"),
    [
        ("completed", True, True, "Status Signed"),
        ("completed", False, False, "Status Not suitable today"),
        ("draft", False, True, "Status In progress"),
        ("void", False, False, "Status Voided"),
    ],
)
def test_the_record_says_the_status_in_the_words_of_the_client_list(
    content: Content, status: str, is_signed: bool, has_plan: bool, words: str
) -> None:
    doc = make_record(content)
    doc = replace(doc, status=status, is_signed=is_signed, plan=doc.plan if has_plan else None)
    assert words in all_text(build_record(doc))
