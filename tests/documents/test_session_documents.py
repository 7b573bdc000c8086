"""Treatment-session paper built from domain values: the session's aftercare sheet, its record
for the file, the consultation record's list of sessions, and reception's recall list."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from consult_app.content.bundle import Content
from consult_app.documents.aftercare import build_aftercare
from consult_app.documents.base import document_warnings
from consult_app.documents.recall import build_recall
from consult_app.documents.record import build_record
from consult_app.documents.session_record import build_session_record
from consult_app.domain.documents import Paper
from consult_app.domain.treatment import SessionStatus
from tests.documents.conftest import make_record
from tests.documents.pdf_checks import all_text, page_numbers, page_texts, reader
from tests.documents.session_samples import (
    CHART,
    RECALL_NAMES,
    make_recall,
    make_session,
    make_session_aftercare,
    make_session_record,
    recall_lines,
    with_sessions,
)
from tests.documents.test_scripts import pdftotext


def in_order(text: str, *parts: str) -> None:
    """Each part is in the text, after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing after {text[max(0, at - 80) : at]!r}"
        at = found + len(part)


def test_a_sessions_aftercare_names_this_sessions_areas_depths_and_next_date(
    content: Content,
) -> None:
    doc = make_session_aftercare(content)
    pdf = build_aftercare(doc)
    text = all_text(pdf)
    in_order(
        text,
        "Looking after your skin after micro-needling",
        "For Zoë Łukasiewicz",
        "Treated 6 Jan 2027, session 1 of 4: Cheeks at 1 mm, Forehead at 0.5 mm",
        "Products used Hyaluronic acid serum",
        "Next session Your next session is due from 17 Feb 2027.",
        "Just for you",
    )
    assert doc.for_you and all(" ".join(line.split()) in text for line in doc.for_you)
    # The lots and the device are for the clinic's file, not the client's fridge door.
    for clinical in (CHART.cartridge.lot, "HA-5521", "DP4-20931", "LMX4", "Caution"):  # type: ignore[union-attr]
        assert clinical not in text
    assert len(reader(pdf).pages) == 1


def test_the_last_sessions_aftercare_says_the_course_is_complete(content: Content) -> None:
    text = all_text(build_aftercare(make_session_aftercare(content, last=True)))
    assert "Treated 6 Jan 2027, session 4 of 4:" in text
    assert "Next session This was the last session of your course." in text
    assert "due from" not in text


def test_a_session_record_holds_the_whole_visit_in_reading_order(content: Content) -> None:
    pdf = build_session_record(make_session_record(content))
    text = all_text(pdf)
    in_order(
        text,
        "Treatment session record",
        "Client Zoë Łukasiewicz",
        "Date of birth 24 May 1990 (aged 36)",
        "Session date 6 Jan 2027",
        "Session of the course 1 of 4",
        "Status Treated",
        "Practitioner Hannah Reid",
        "Consultation 25 Nov 2026",
        "Re-screen outcome Suitable with care",
        "Sign-off Signed off by Hannah Reid, 6 Jan 2027, 11:20 GMT",
        "Changed since last time",
        "Do you smoke? No",
        "Re-screen on the day",
        "You have had cold sores before",
        "Decisions on cautions",
        "Antiviral tablets started yesterday",
        "Chart",
        "Numbing LMX4 lidocaine 4% cream: on 10:05, off 10:40 (35 minutes)",
        "Device Dermapen 4 (serial DP4-20931)",
        "Cartridge 16 needles, lot CT-2211-B, expires 30 Jun 2027",
        "Areas treated",
        "Cheeks 1 mm 1 mm 3",
        "Forehead 0.25 mm 0.5 mm 2 Tolerated 0.25 mm well last time",
        "Products applied",
        "Hyaluronic acid serum HA-5521",
        "Skin endpoint Even redness",
        "Immediate reaction Mild redness, settled within 20 minutes",
        "Patch test 6 Jan 2027, Behind the left ear, read after 2 days: Not read yet",
        "Notes Client happy with the first results",
        "Amendments",
        "The serum's lot was misread from the box",
        "Content versions used",
    )
    total = len(reader(pdf).pages)
    assert page_numbers(pdf) == [(n, total) for n in range(1, total + 1)]
    assert all("Zoë Łukasiewicz, born 24 May 1990" in page for page in page_texts(pdf))


def test_a_session_not_treated_gives_its_reason_and_no_chart(content: Content) -> None:
    session = make_session(content, SessionStatus.NOT_TREATED)
    text = all_text(build_session_record(make_session_record(content, session=session)))
    in_order(
        text,
        "Session of the course —",
        "Status Not treated",
        "Sign-off Ended without treatment by Hannah Reid",
        "Why not treated Cold sore flaring on the upper lip today",
        "Chart Not treated, so nothing was charted.",
    )
    assert "Numbing" not in text and "Areas treated" not in text


def test_a_draft_session_is_marked_not_signed_off(content: Content) -> None:
    session = make_session(content, SessionStatus.DRAFT)
    text = all_text(build_session_record(make_session_record(content, session=session)))
    assert "Status In progress" in text
    assert "Sign-off Not signed off yet (in progress)" in text


def test_nothing_changed_is_said(content: Content) -> None:
    doc = make_session_record(content)
    text = all_text(build_session_record(replace(doc, changed=())))
    assert "Changed since last time Nothing changed." in text


def test_the_consultation_record_lists_its_sessions(content: Content) -> None:
    text = all_text(build_record(with_sessions(make_record(content), content)))
    in_order(
        text,
        "Treatment plan",
        "Treatment sessions Date Session Status Areas treated",
        "6 Jan 2027 1 of 4 Treated Cheeks, Forehead",
        "17 Feb 2027 — Not treated —",
        "24 Feb 2027 — In progress —",
        "Amendments",
    )


def test_a_signed_plan_without_sessions_says_so(content: Content) -> None:
    text = all_text(build_record(make_record(content)))
    assert "Treatment sessions No treatment sessions yet." in text


def _due_dates(text: str) -> list[str]:
    return re.findall(r"\d of 4 (\d{1,2} Jan 2027)", text)


def test_a_recall_list_without_a_first_date_says_overdue_clients_are_in_it() -> None:
    doc = replace(make_recall(2), start=None)
    text = all_text(build_recall(doc))
    assert "Recall list, up to 31 Jan 2027" in text
    assert "by 31 Jan 2027, overdue ones included however long ago." in text


def test_the_recall_list_is_sorted_by_due_date_and_paginated(content: Content) -> None:
    doc = make_recall(60)
    pdf = build_recall(doc)
    pages = page_texts(pdf)
    assert len(pages) >= 2
    assert page_numbers(pdf) == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    assert "Willow Skin Clinic" in pages[0] and "12 Orchard Lane" in pages[0]
    for page in pages[1:]:  # the slim header, and the table's own header again
        assert "Willow Skin Clinic" in page and "Recall list" in page
        assert "Name Phone Session Due from Status Notes" in " ".join(page.split())
    text = all_text(pdf)
    assert "Clients due for their next session from 1 Jan 2027 to 31 Jan 2027." in text
    assert re.search(r"60 clients[,:][^.]*\. Soonest due first\.", text)
    shown = _due_dates(text)
    assert len(shown) == 60
    expected = sorted(doc.lines, key=lambda line: line.due_from)
    assert shown == [f"{line.due_from.day} Jan 2027" for line in expected]


def test_the_recall_list_has_phones_and_no_clinical_content(
    content: Content, tmp_path: Path
) -> None:
    doc = make_recall(6)
    text = pdftotext(build_recall(doc), tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for name in RECALL_NAMES:
        assert name in lines  # the name exactly as typed, in its own script
    flat = " ".join(text.split())
    assert "07700 900000" in flat and "Not given" in flat  # one client has no phone
    for status in ("Due", "Not due yet", "Overdue"):
        assert status in flat
    for clinical in ("Caution", "Finding", "mm", "Cheeks", "medicine", "consultation"):
        assert clinical.lower() not in flat.lower()


def test_an_empty_recall_list_says_nobody_is_due(content: Content) -> None:
    text = all_text(build_recall(replace(make_recall(), lines=())))
    assert "Nobody is due for a session in these dates." in text


def test_what_a_session_record_cannot_print_is_named_by_field(content: Content) -> None:
    doc = make_session_record(content)
    chart = replace(doc.session.chart, reaction="Redness \U0001f642", notes="All fine")
    warnings = document_warnings(replace(doc, session=replace(doc.session, chart=chart)))
    assert warnings == ["The immediate reaction contains characters that cannot be printed: 🙂"]
    recall = replace(make_recall(1), lines=(replace(recall_lines(1)[0], client_name="Mo 🙂"),))
    assert document_warnings(recall) == [
        "Client name contains characters that cannot be printed: 🙂"
    ]


def test_every_due_date_stays_on_one_line_of_the_recall_list(
    content: Content, tmp_path: Path
) -> None:
    # "30 Dec 2026" wrapped onto two lines in its column; the widest day of each month.
    days = [date(2026, month, 28 if month == 2 else 30) for month in range(1, 13)]
    lines = tuple(
        replace(line, due_from=day) for line, day in zip(recall_lines(12), days, strict=True)
    )
    for paper in Paper:
        doc = replace(make_recall(paper=paper), lines=lines)
        text = pdftotext(build_recall(doc), tmp_path)
        flat = [" ".join(line.split()) for line in text.splitlines()]
        for day in days:
            shown = doc.clinic.date(day)
            assert any(shown in line for line in flat), (paper, shown)
