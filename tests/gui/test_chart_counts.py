"""The chart counts in words that fit the number: "1 pass" (the chart started every area at
"1 passes"), "2 passes", and "1 needle" in the session's summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from io import BytesIO

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consult_app.domain.chart import Cartridge, Numbing
from consult_app.domain.treatment import SessionInput
from consult_app.gui.treatment.wizard import SessionWizard
from consult_app.services.documents import DocumentService
from consult_app.services.treatments import TreatmentService
from tests.conftest import TODAY
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.session_driver import fill_chart, practitioner_session, signed_plan, window_as
from tests.gui.wizard_driver import press_next
from tests.treatment_sessions import full_chart


def _on_the_chart(qtbot: QtBot, people: People) -> SessionWizard:  # noqa: F811
    """A session started by keyboard on a signed plan, at its chart page."""
    wizard = practitioner_session(qtbot, people)
    press_next(wizard)
    press_next(wizard)
    return wizard


def test_passes_read_one_pass_then_passes_as_they_are_typed(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = _on_the_chart(qtbot, people)
    row = wizard.page_by_key("chart").areas.rows["forehead"]
    passes = row.passes
    assert passes.text() == "1 pass"
    width = passes.width()
    passes.setFocus()
    qtbot.keyClick(passes, Qt.Key.Key_Up)
    assert passes.text() == "2 passes"
    row.layout().activate()
    assert passes.width() == width, "the field keeps its width: nothing beside it moves"
    qtbot.keyClick(passes, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(passes, "10")  # through "1 pass" on the way
    assert (passes.value(), passes.text()) == (10, "10 passes")
    qtbot.keyClick(passes, Qt.Key.Key_Down)
    assert passes.text() == "9 passes"


def test_a_one_needle_cartridge_reads_1_needle_in_the_summary_and_the_record(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    context = people.as_(PRACTITIONER)
    service = TreatmentService(context)
    started = service.start(consultation_id, TODAY)
    chart = replace(full_chart(TODAY), cartridge=Cartridge(1, "C2291", TODAY + timedelta(days=300)))
    service.sign_off(started.id, started.version, SessionInput(started.answers_json, (), chart))
    window = window_as(qtbot, people, PRACTITIONER)
    box = window.panel.course_box
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)

    box.session_activated.emit(started.id)  # opened from the list: the summary, read-only
    qtbot.waitUntil(
        lambda: window.session_wizard is not None, timeout=10_000
    )  # read off the GUI thread
    wizard = window.session_wizard
    assert wizard is not None
    summary = wizard.page_by_key("summary").browser.toPlainText()
    record = DocumentService(context).session_record_pdf(started.id)

    assert "1 needle, lot C2291" in summary and "1 needles" not in summary
    assert "Cartridge 1 needle, lot C2291" in " ".join(
        " ".join(page.extract_text() for page in PdfReader(BytesIO(record)).pages).split()
    )


def test_one_minute_of_numbing_reads_1_minute_on_the_chart_the_summary_and_the_record(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = _on_the_chart(qtbot, people)
    fill_chart(qtbot, wizard)  # numbing on at 09:05, off at 09:40
    numbing = wizard.page_by_key("chart").numbing
    numbing.removed.setFocus()
    qtbot.keyClicks(numbing.removed, "0906")
    assert numbing.contact.text() == "Contact time: 1 minute"
    press_next(wizard)
    summary = wizard.page_by_key("summary").browser.toPlainText()
    assert "09:05 to 09:06 (1 minute)" in summary

    context = people.as_(PRACTITIONER)
    service = TreatmentService(context)
    wizard.reject()  # closed: the draft kept
    started = service.get(wizard.state.session.id)
    chart = replace(full_chart(TODAY), numbing=Numbing("LMX4", time(9, 5), time(9, 6)))
    service.sign_off(started.id, started.version, SessionInput(started.answers_json, (), chart))
    record = DocumentService(context).session_record_pdf(started.id)
    assert "on 09:05, off 09:06 (1 minute)" in " ".join(
        " ".join(page.extract_text() for page in PdfReader(BytesIO(record)).pages).split()
    )
