"""The record's tables run on cleanly: a header only where a table starts or a page does, and
the plan's notes on the plan's page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.documents.record import build_record
from consult_app.domain.documents import AnsweredQuestion, RecordDocument
from consult_app.services.documents import DocumentService
from tests.documents.conftest import PLAN, long_note, make_record
from tests.documents.demo import demo_clinic
from tests.documents.pdf_checks import page_texts

# The header rows of the record's tables, as pypdf reads them (one cell a line). "Question /
# Answer" heads one table per section of the questionnaire, so it may well appear twice.
HEADERS = (
    "Severity\nFinding and advice\nSource\nRe-assess",
    "Caution\nDecision\nNote",
    "Area\nNeedle depth\nReason for the depth",
    "When\nBy\nReason\nChange",
)


def _repeated_headers(pdf: bytes) -> list[tuple[int, str]]:
    return [
        (number, header.split("\n")[0])
        for number, page in enumerate(page_texts(pdf), start=1)
        for header in HEADERS
        if page.count(header) > 1
    ]


def _padded(doc: RecordDocument, extra: int) -> RecordDocument:
    """The same record with `extra` short answers more, which moves every later table down."""
    more = tuple(AnsweredQuestion("Anything else", f"Question {n}?", "No") for n in range(extra))
    return replace(doc, answers=doc.answers + more)


def test_no_header_repeats_lower_down_a_page_in_200_demo_records(
    tmp_path: Path, content: Content
) -> None:
    with demo_clinic(tmp_path, content) as (context, ids):
        assert len(ids) == 200
        documents = DocumentService(context)
        found = {i: _repeated_headers(documents.record_pdf(i)) for i in ids}
    assert {i: pages for i, pages in found.items() if pages} == {}


def test_a_table_split_between_rows_goes_on_at_the_top_of_the_next_page(
    content: Content,
) -> None:
    """Wherever the findings and amendments tables meet the page's end, none repeats its
    header under its own first rows."""
    doc = make_record(content, amendments=12)
    long_findings = tuple(
        replace(f, advice=f"{f.advice} {long_note(n)}") for n, f in enumerate(doc.findings * 3)
    )
    doc = replace(doc, findings=long_findings)
    for extra in range(0, 60, 2):
        pdf = build_record(_padded(doc, extra))
        assert _repeated_headers(pdf) == [], f"with {extra} answers more"


@pytest.mark.parametrize("extra", range(0, 48, 3))
def test_the_plans_notes_stay_on_the_plans_page(content: Content, extra: int) -> None:
    notes = " ".join(long_note(n) for n in range(3))
    doc = replace(make_record(content, amendments=0), plan=replace(PLAN, notes=notes))
    pages = [" ".join(page.split()) for page in page_texts(build_record(_padded(doc, extra)))]
    [page] = [p for p in pages if "Notes: Note 0:" in p]
    assert "Treatment plan Area Needle depth Reason for the depth" in page
    assert "4 sessions, 6 weeks apart." in page and "(end of note 2)." in page
