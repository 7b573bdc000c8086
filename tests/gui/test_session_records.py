"""Stored sessions in the wizard: a signed one opens read-only and takes amendments, a draft
resumes on its page, and a save another computer beat is reloaded, not lost."""

from __future__ import annotations

import time
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt, QThread, QThreadPool
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from consult_app.domain.treatment import SessionInput
from consult_app.gui.dialogs import amendment_dialog
from consult_app.gui.dialogs.pdf_preview import PdfPreviewDialog
from consult_app.services.treatments import TreatmentService
from tests.conftest import TODAY
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.read_only import editable
from tests.gui.session_driver import double_click, signed_plan, start_by_button, window_as
from tests.gui.wizard_driver import choose, click, press_back, press_next
from tests.treatment_sessions import full_chart


def test_a_signed_session_opens_read_only_and_takes_amendments(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    started = service.start(consultation_id, TODAY)
    state = SessionInput(started.answers_json, (), full_chart(TODAY))
    signed = service.sign_off(started.id, started.version, state)
    window = window_as(qtbot, people, PRACTITIONER)
    view = window.panel.course_box.list
    qtbot.waitUntil(lambda: view.model().rowCount() == 1)
    rect = view.visualRect(view.model().index(0, 0))
    double_click(qtbot, view.viewport(), rect.center())
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard.state.is_read_only
    assert wizard.current_key() == "summary"
    summary = wizard.page_by_key("summary")
    assert "LOT-77A" in summary.browser.toPlainText()
    assert not summary.sign_off.isVisible()
    chart = wizard.page_by_key("chart")
    chart.initializePage()
    assert chart.numbing.product.isReadOnly()
    assert not chart.products.add.isEnabled()

    def fill_and_accept(dialog: amendment_dialog.AmendmentDialog) -> int:
        dialog.change.setPlainText("Serum lot was HA-2292, not HA-2291")
        dialog.reason.setPlainText("Read from the bottle's label after the session")
        dialog._on_save_clicked()
        return dialog.result()

    monkeypatch.setattr(amendment_dialog.AmendmentDialog, "exec", fill_and_accept)
    click(summary.amend)
    assert "Serum lot was HA-2292" in summary.browser.toPlainText()
    [amendment] = service.amendments(signed.id)
    assert amendment.reason == "Read from the bottle's label after the session"
    assert service.get(signed.id).chart == signed.chart, "what was signed stays as it was"


def test_a_closed_draft_resumes_on_the_page_it_was_on(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_button(qtbot, window)
    choose(wizard.page_by_key("changes").answers["smoker"], True)
    press_next(wizard)
    press_next(wizard)
    assert wizard.current_key() == "chart"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    box = window.panel.course_box
    qtbot.waitUntil(lambda: box.start.text() == "Con&tinue session")
    service = TreatmentService(people.as_(PRACTITIONER))
    saved = service.get(wizard.state.session.id)
    assert saved.wizard_page == "chart"
    again = start_by_button(qtbot, window)
    assert again is not wizard
    assert again.current_key() == "chart", "it opens on the page it was closed on"
    assert again.steps.currentRow() == again.currentId()
    assert again.state.input.answers_json["smoker"] is True
    assert "smoker" in again.state.changed()
    back = again.button(QWizard.WizardButton.BackButton)
    assert back.isVisible() and back.isEnabled(), "the answers are behind Back"
    press_back(again)
    assert again.current_key() == "cautions"
    press_back(again)
    assert again.current_key() == "changes"
    changes = again.page_by_key("changes")
    assert changes.answers["smoker"].value() is True, "the saved answer is shown"
    assert changes.changed_questions() == ["smoker"]
    assert not back.isVisible(), "the first page"
    assert service.get(saved.id).version == saved.version, "opening and going back saved nothing"
    assert again.stale_question is None
    press_next(again)
    press_next(again)
    assert again.current_key() == "chart", "Next goes on as before, saving as it goes"
    assert service.get(saved.id).version > saved.version


def test_a_save_another_computer_beat_asks_to_reload(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_button(qtbot, window)
    session = wizard.state.session
    # Room 2 saves the same draft first, with an answer of its own.
    service = TreatmentService(people.context)
    elsewhere = SessionInput({**session.answers_json, "smoker": True}, (), session.chart, "changes")
    service.save_draft(session.id, session.version, elsewhere)
    choose(wizard.page_by_key("changes").answers["cold_sore_history"], True)
    press_next(wizard)
    qtbot.waitUntil(lambda: wizard.stale_question is not None)
    box = wizard.stale_question
    assert box is not None and box.isVisible()
    assert wizard.current_key() == "changes", "nothing typed is lost while the question is open"
    [reload] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.unsaved_answers is not None)
    page = wizard.page_by_key("changes")
    assert page.answers["smoker"].value() is True, "the saved answers are shown"
    assert page.answers["cold_sore_history"].value() is False
    assert "shows the session as it was saved" in wizard.unsaved_answers.findChild(QLabel).text()
    listed = wizard.unsaved_answers.list.toPlainText()
    assert "Have you ever had cold sores?" in listed
    press_next(wizard)
    assert wizard.current_key() == "cautions"


def test_a_screening_that_comes_back_after_the_wizard_closed_is_dropped(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_button(qtbot, window)
    page = wizard.page_by_key("changes")
    qtbot.waitUntil(page.verdict.isVisible)
    QThreadPool.globalInstance().waitForDone()
    QThreadPool.globalInstance().start(lambda: time.sleep(0.3))  # the pool's one thread, busy
    QThreadPool.globalInstance().setMaxThreadCount(1)
    try:
        choose(page.answers["smoker"], True)
        page._screen_timer.timeout.emit()  # the screening is asked for, and waits its turn
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not wizard.isVisible())
        wizard.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QThreadPool.globalInstance().waitForDone()
        qtbot.wait(50)  # its answer is delivered: to nothing, without an error
    finally:
        QThreadPool.globalInstance().setMaxThreadCount(QThread.idealThreadCount())


@pytest.mark.parametrize("kind", ["session_aftercare", "session_record"])
def test_a_signed_sessions_paper_opens_from_its_summary(
    qtbot: QtBot,
    people: People,  # noqa: F811
    kind: str,
) -> None:
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    started = service.start(consultation_id, TODAY)
    state = SessionInput(started.answers_json, (), full_chart(TODAY))
    signed = service.sign_off(started.id, started.version, state)
    window = window_as(qtbot, people, PRACTITIONER)
    window.open_session(signed.id)
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    summary = window.session_wizard.page_by_key("summary")
    click(summary.documents[kind])
    qtbot.waitUntil(lambda: bool(summary.findChildren(PdfPreviewDialog)), timeout=10_000)
    dialog = summary.findChildren(PdfPreviewDialog)[-1]
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(dialog.pdf_bytes)).pages)
    assert "Forehead" in text
    if kind == "session_record":
        assert "LOT-77A" in text, "the record carries the cartridge's lot"


def test_a_signed_session_is_gone_through_page_by_page_with_nothing_to_change(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    started = service.start(consultation_id, TODAY)
    signed = service.sign_off(
        started.id, started.version, SessionInput(started.answers_json, (), full_chart(TODAY))
    )
    window = window_as(qtbot, people, PRACTITIONER)
    window.open_session(signed.id)
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard.current_key() == "summary", "it opens on its summary, as before"
    back = wizard.button(QWizard.WizardButton.BackButton)
    following = wizard.button(QWizard.WizardButton.NextButton)
    assert back.isVisible() and back.isEnabled()
    assert not following.isVisible(), "the summary is the last page"
    seen = []
    while back.isVisible():
        press_back(wizard)
        key = wizard.current_key()
        seen.append(key)
        assert wizard.steps.currentRow() == wizard.currentId(), "the step list follows"
        assert editable(wizard.page_by_key(key)) == [], key
        assert following.isVisible() and following.isEnabled()
    assert seen == ["chart", "cautions", "changes"]
    for key in ("changes", "chart"):  # no instructions to fill in what cannot be changed
        assert "Nothing here can be changed" in wizard.page_by_key(key).subTitle(), key
    assert wizard.page_by_key("chart").products.rows, "the chart shows what was used"
    while wizard.current_key() != "summary":
        press_next(wizard)
    summary = wizard.page_by_key("summary")
    assert summary.amend.isEnabled(), "amendments stay the one change"
    assert service.get(signed.id).version == signed.version, "going through saved nothing"


def test_a_session_ended_untreated_goes_back_past_the_chart_it_never_had(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    started = service.start(consultation_id, TODAY)
    answers = {**started.answers_json, "pregnant_or_breastfeeding": True}
    ended = service.end_not_treated(
        started.id, started.version, SessionInput(answers), "Pregnant since last time"
    )
    window = window_as(qtbot, people, PRACTITIONER)
    window.open_session(ended.id)
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard.current_key() == "summary"
    press_back(wizard)
    assert wizard.current_key() == "cautions"
    press_back(wizard)
    assert wizard.current_key() == "changes"
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    assert editable(wizard.page_by_key("changes")) == []
