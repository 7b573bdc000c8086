"""The whole consultation, driven as a practitioner would, with what the database holds after."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from consult_app.domain.consultation import DecisionChoice, Status
from consult_app.domain.screening import Outcome
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    click,
    current_key,
    open_wizard,
    plan_and_sign,
    press_finish,
    press_next,
    type_into,
)


def test_a_clear_consultation_from_first_page_to_signed_consent(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {})
    assess_and_goals(wizard, fitzpatrick=2)
    cautions = wizard.page_by_key("cautions")
    assert cautions.decisions == {}
    press_next(wizard)
    assert current_key(wizard) == "plan"
    plan_and_sign(qtbot, wizard)
    press_finish(wizard)
    stored = ConsultationService(clinic).get(wizard.state.consultation.id)
    assert stored.status is Status.COMPLETED
    assert stored.outcome is Outcome.CLEAR
    assert [a.area for a in stored.plan.areas] == ["forehead", "cheeks"]
    assert stored.plan.areas[0].depth_mm == 0.25
    assert stored.answers_json["pregnant_or_breastfeeding"] is False
    [consent] = ConsultationService(clinic).consents(stored.id)
    assert consent.photo_consent is False
    assert consent.client_signature.startswith(b"\x89PNG")
    assert consent.practitioner_name == "Dr Sam Patel"


def test_a_caution_needs_a_decision_and_note_before_next(qtbot: QtBot, clinic: AppContext) -> None:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {"cold_sore_history": True})
    assess_and_goals(wizard, fitzpatrick=5)
    cautions = wizard.page_by_key("cautions")
    assert set(cautions.decisions) == {"herpes_history"}
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    choice, note = cautions.decisions["herpes_history"]
    choice.setCurrentIndex(choice.findData(str(DecisionChoice.PROCEED_MODIFIED)))
    assert not next_button.isEnabled(), "a decision alone is not enough: a note is needed"
    type_into(note, "Antiviral cover from her GP, started yesterday")
    assert next_button.isEnabled()
    press_next(wizard)
    plan_and_sign(qtbot, wizard)
    press_finish(wizard)
    stored = ConsultationService(clinic).get(wizard.state.consultation.id)
    assert stored.outcome is Outcome.CAUTION
    assert {f.rule for f in stored.findings} == {"herpes_history", "fitzpatrick_high"}
    [decision] = stored.decisions
    assert (decision.rule, decision.choice) == ("herpes_history", DecisionChoice.PROCEED_MODIFIED)
    assert decision.note == "Antiviral cover from her GP, started yesterday"
    assert ConsultationService(clinic).consents(stored.id)


def test_a_stop_skips_plan_and_consent_and_records_not_suitable(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {"pregnant_or_breastfeeding": True})
    assess_and_goals(wizard, fitzpatrick=3)
    press_next(wizard)
    assert current_key(wizard) == "summary", "a stop goes straight to the summary"
    assert "Outcome: Not suitable today" in wizard.page_by_key("summary").browser.toPlainText()
    press_finish(wizard)
    stored = ConsultationService(clinic).get(wizard.state.consultation.id)
    assert stored.status is Status.COMPLETED
    assert stored.outcome is Outcome.STOP
    assert stored.plan is None
    assert ConsultationService(clinic).consents(stored.id) == []


def test_history_page_names_the_unanswered_question(qtbot: QtBot, clinic: AppContext) -> None:
    wizard = open_wizard(qtbot, clinic)
    page = wizard.pages[wizard.currentId()]
    press_next(wizard)
    assert wizard.pages[wizard.currentId()] is page, "Next is refused with questions unanswered"
    first = next(iter(page.answers))
    assert page._rows[first][2].isVisible()
    assert page._rows[first][2].text() == "Please answer this question."


def test_a_completed_consultation_opens_read_only_and_takes_amendments(
    qtbot: QtBot, clinic: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {})
    assess_and_goals(wizard, fitzpatrick=2)
    press_next(wizard)
    plan_and_sign(qtbot, wizard)
    press_finish(wizard)
    consultation_id = wizard.state.consultation.id
    window = wizard.parent()
    window.open_consultation(consultation_id)
    again = window.wizard
    qtbot.waitUntil(again.isVisible)
    assert again.state.is_read_only
    assert current_key(again) == "summary"
    history = again.page_by_key(f"history:{clinic.content.questionnaire.sections[0].id}")
    history.initializePage()
    assert not history.answers["smoker"]._group.button(0).isEnabled()
    consent = again.page_by_key("consent")
    consent.initializePage()
    assert consent.client_pad.isHidden(), "the stored signature is shown, not an empty pad"
    summary = again.page_by_key("summary")
    from consult_app.gui.dialogs import amendment_dialog

    def fill_and_accept(dialog: amendment_dialog.AmendmentDialog) -> int:
        dialog.change.setPlainText("Takes fish oil daily")
        dialog.reason.setPlainText("Client remembered after the appointment")
        dialog._on_save_clicked()
        return dialog.result()

    monkeypatch.setattr(amendment_dialog.AmendmentDialog, "exec", fill_and_accept)
    click(summary.amend)
    assert "Takes fish oil daily" in summary.browser.toPlainText()
    stored = ConsultationService(clinic)
    assert [a.reason for a in stored.amendments(consultation_id)] == [
        "Client remembered after the appointment"
    ]
    assert stored.get(consultation_id).status is Status.COMPLETED


def test_the_client_page_corrects_details_through_the_client_dialog(
    qtbot: QtBot, clinic: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consult_app.gui.dialogs.client_dialog import ClientDialog
    from consult_app.services.clients import ClientService

    def correct_phone(dialog: ClientDialog) -> int:
        dialog.field("phone").setText("07700 900999")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ClientDialog, "exec", correct_phone)
    wizard = open_wizard(qtbot, clinic)
    wizard.back()
    page = wizard.page_by_key("client")
    assert current_key(wizard) == "client"
    click(page.edit)
    assert "07700 900999" in page._details.text()
    assert ClientService(clinic).get(wizard.state.client.id).details.phone == "07700 900999"
