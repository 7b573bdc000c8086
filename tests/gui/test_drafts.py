"""Leaving a consultation says what happens to it; an empty one is not kept; a draft is voided
with a reason, from the wizard or the client's list (real keys and clicks, a real database)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.void_draft_dialog import VoidDraftDialog
from consult_app.gui.main_window import MainWindow
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.store.rows import ConsultationRow
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.session_driver import window_as
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    choose,
    click,
    current_key,
    open_wizard,
    press_back,
    press_next,
)

REASON = "Started for the wrong client"


def _rows(context: AppContext) -> list[tuple[str, str | None, dict[str, object]]]:
    with context.store.reading() as uow:
        rows = uow.session.scalars(select(ConsultationRow).order_by(ConsultationRow.id))
        return [(r.status, r.void_reason, dict(r.answers)) for r in rows]


def _leave_question(qtbot: QtBot, wizard: ConsultationWizard) -> QMessageBox:
    qtbot.waitUntil(lambda: wizard.leave_question is not None, timeout=2000)
    box = wizard.leave_question
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=2000)
    return box


def _press(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _when_void_dialog_opens(then: Callable[[VoidDraftDialog], None]) -> list[VoidDraftDialog]:
    """Run `then` on the void dialog once its own (modal) event loop shows it."""
    seen: list[VoidDraftDialog] = []

    def drive() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, VoidDraftDialog)]
        shown = [w for w in shown if w.isVisible()]
        if not shown:
            QTimer.singleShot(20, drive)
            return
        seen.append(shown[0])
        then(shown[0])

    QTimer.singleShot(0, drive)
    return seen


def _give_reason(qtbot: QtBot) -> Callable[[VoidDraftDialog], None]:
    def give(dialog: VoidDraftDialog) -> None:
        qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)  # no reason yet
        assert dialog.isVisible() and dialog.problem.isVisible()
        qtbot.keyClicks(dialog.reason, REASON)
        click(dialog.void_button)  # then events run, as under X: the close question must survive

    return give


def _answered_wizard(qtbot: QtBot, context: AppContext) -> ConsultationWizard:
    wizard = open_wizard(qtbot, context)
    page = wizard.page_by_key("history:health_today")
    choose(page.answers["smoker"], True)  # typed, not yet saved by a Next
    return wizard


def test_esc_on_the_first_step_of_a_new_consultation_keeps_nothing(
    qtbot: QtBot, clinic: AppContext
) -> None:
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=2000)
    assert _rows(clinic) == []  # no draft that reads "Suitable" with nothing answered
    assert window.panel.history_model.rowCount() == 0
    assert not window.panel._draft_notice.isVisible()
    assert window.statusBar().currentMessage() == (
        "Nothing was answered, so the consultation was not kept."
    )


def test_cancel_with_answers_asks_and_go_back_keeps_the_wizard_open(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = _answered_wizard(qtbot, clinic)
    click(wizard.button(QWizard.WizardButton.CancelButton))
    box = _leave_question(qtbot, wizard)
    assert {b.text() for b in box.buttons()} == {"Keep as draft", "Void draft…", "Go back"}
    assert "nothing answered is deleted" in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc on the question is "Go back"
    qtbot.waitUntil(lambda: wizard.leave_question is None, timeout=2000)
    assert wizard.isVisible()
    assert wizard.page_by_key("history:health_today").answers["smoker"].value() is True

    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    _press(qtbot, _leave_question(qtbot, wizard), "Keep as draft")
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=2000)
    [(status, _, answers)] = _rows(clinic)
    assert (status, answers) == ("draft", {"smoker": True})
    model = wizard.parent().panel.history_model
    assert model.index(0, 1).data() == "Not finished"  # never "Suitable" while unfinished
    assert model.index(0, 2).data() == "In progress"


def test_a_draft_is_voided_from_the_wizard_with_what_was_typed_and_a_reason(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = _answered_wizard(qtbot, clinic)
    window = wizard.parent()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = _leave_question(qtbot, wizard)
    seen = _when_void_dialog_opens(_give_reason(qtbot))
    _press(qtbot, box, "Void draft…")
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    labels = [label.text() for label in seen[0].findChildren(QLabel)]
    assert "Zoë Łukasiewicz — consultation of 25 Nov 2026, not finished" in labels
    assert _rows(clinic) == [("void", REASON, {"smoker": True})]
    assert window.panel.history_model.rowCount() == 0  # kept, but no longer listed
    assert window.statusBar().currentMessage() == "The unfinished consultation was voided."


def test_keeping_it_in_the_void_dialog_leaves_the_consultation_open(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = _answered_wizard(qtbot, clinic)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = _leave_question(qtbot, wizard)
    _when_void_dialog_opens(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    _press(qtbot, box, "Void draft…")
    QApplication.processEvents()
    assert wizard.isVisible()
    assert [status for status, _, _ in _rows(clinic)] == ["draft"]
    wizard.reject()


def test_a_draft_is_voided_from_the_client_panel(qtbot: QtBot, clinic: AppContext) -> None:
    [client_id] = ClientService(clinic).search("")
    ConsultationService(clinic).start(client_id, ConsultationInput(answers_json={"smoker": False}))
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    panel = window.panel
    assert panel._draft_notice.isVisible()
    assert panel.void_button.isVisible() and panel.void_button.isEnabled()
    seen = _when_void_dialog_opens(_give_reason(qtbot))
    click(panel.void_button)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=5000)
    assert _rows(clinic) == [("void", REASON, {"smoker": False})]
    assert panel.history_model.rowCount() == 0
    assert not panel._draft_notice.isVisible()
    assert not panel.void_button.isEnabled()  # nothing unfinished is left to void


def test_a_draft_resumed_on_a_later_page_has_its_answers_behind_back(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_as(qtbot, people, PRACTITIONER)
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    press_next(wizard)
    answer_history(wizard, {"smoker": True})
    assess_and_goals(wizard, fitzpatrick=2)
    cautions = wizard.page_by_key("cautions")
    for choice, note in cautions.decisions.values():  # smoking: go ahead, with a note
        choice.setCurrentIndex(1)
        note.setPlainText("Asked to stop for a week either side")
    press_next(wizard)
    assert current_key(wizard) == "plan"
    wizard.reject()  # kept as a draft, on the plan page
    service = ConsultationService(people.as_(PRACTITIONER))
    saved = service.get(wizard.state.consultation.id)
    assert saved.wizard_page == "plan" and saved.answers_json["smoker"] is True

    window.open_consultation(saved.id)
    again = window.wizard
    assert again is not wizard
    qtbot.waitUntil(again.isVisible)
    assert current_key(again) == "plan", "it opens on the page it was closed on"
    assert again.steps.currentRow() == again.currentId()
    back = again.button(QWizard.WizardButton.BackButton)
    assert back.isVisible() and back.isEnabled(), "the answers are behind Back"
    seen = []
    while back.isVisible():
        press_back(again)
        seen.append(current_key(again))
    sections = [f"history:{s.id}" for s in people.context.content.questionnaire.sections]
    assert seen == ["cautions", "goals", "assessment", *reversed(sections), "client"]
    assert again.page_by_key("assessment").fitzpatrick.button(2).isChecked()
    for key in sections:
        for question_id, widget in again.page_by_key(key).answers.items():
            assert widget.value() == saved.answers_json.get(question_id), question_id
    assert service.get(saved.id).version == saved.version, "opening and going back saved nothing"
    assert again.stale_question is None and again.withdrawal_question is None
    press_next(again)
    assert current_key(again) == sections[0]
    again.reject()
