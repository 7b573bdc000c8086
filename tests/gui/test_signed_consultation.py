"""A finished consultation opens on its summary with Back and Next through every page it went
through, read-only, by mouse or keyboard; going through it checks and saves nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard
from pytestqt.qtbot import QtBot

from consult_app.domain.consultation import Consultation, Decision, DecisionChoice
from consult_app.gui.main_window import MainWindow
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from tests.clinic_files import signable, signatures
from tests.conftest import clear_answers
from tests.gui.accounts_clinic import PRACTITIONER, People, audit_trail, people  # noqa: F401
from tests.gui.mnemonics import clashes
from tests.gui.read_only import editable
from tests.gui.session_driver import window_as
from tests.gui.wizard_driver import click, current_key, press_back, press_next

NOTE = "Antiviral cover from her GP, started yesterday"


def _signed_with_a_caution(people: People) -> Consultation:  # noqa: F811
    """Cold sores before (a caution, gone ahead with a note), the forehead planned, signed."""
    context = people.as_(PRACTITIONER)
    [client_id] = ClientService(context).search("")
    answers = {**clear_answers(context.content), "cold_sore_history": True}
    decision = Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, NOTE)
    state = replace(signable(context.content), answers_json=answers, decisions=(decision,))
    service = ConsultationService(context)
    draft = service.start(client_id, state)
    return service.sign(draft.id, draft.version, state, signatures())


def _opened(qtbot: QtBot, window: MainWindow, consultation_id: int) -> ConsultationWizard:
    window.open_consultation(consultation_id)
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    return wizard


def _history_keys(people: People) -> list[str]:  # noqa: F811
    return [f"history:{s.id}" for s in people.context.content.questionnaire.sections]


def test_a_signed_consultation_is_gone_through_page_by_page_with_nothing_to_change(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed = _signed_with_a_caution(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = _opened(qtbot, window, signed.id)
    assert current_key(wizard) == "summary", "it opens on its summary, as before"
    audited = audit_trail(people.context)
    assert audited[-1] == (PRACTITIONER, "view", ""), "opening it is one audited view"
    back = wizard.button(QWizard.WizardButton.BackButton)
    following = wizard.button(QWizard.WizardButton.NextButton)
    close = wizard.button(QWizard.WizardButton.CancelButton)
    assert back.isVisible() and back.isEnabled()
    assert not following.isVisible(), "the summary is the last page"
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible(), "nothing to finish"
    assert close.text() == "Close"
    seen = []
    while back.isVisible():
        press_back(wizard)
        key = current_key(wizard)
        seen.append(key)
        assert wizard.steps.currentRow() == wizard.currentId(), "the step list follows"
        assert editable(wizard.page_by_key(key)) == [], key
        assert following.isVisible() and following.isEnabled()
    history = _history_keys(people)
    assert seen == [
        "consent",
        "plan",
        "cautions",
        "goals",
        "assessment",
        *reversed(history),
        "client",
    ]
    for key in history:  # the answers as given
        for question_id, widget in wizard.page_by_key(key).answers.items():
            assert widget.value() == signed.answers_json.get(question_id), question_id
    choice, note = wizard.page_by_key("cautions").decisions["herpes_history"]
    assert choice.currentData() == str(DecisionChoice.PROCEED_MODIFIED) and note.text() == NOTE
    assert wizard.page_by_key("assessment").fitzpatrick.button(2).isChecked()
    for key in seen:  # no instructions to fill in what cannot be changed
        if key not in ("client", "cautions"):
            assert "Nothing here can be changed" in wizard.page_by_key(key).subTitle(), key
    assert "Edit client in the client's list" in wizard.page_by_key("client").subTitle()
    shown = " ".join(label.text() for label in wizard.page_by_key("cautions").findChildren(QLabel))
    assert "the decision taken on each" in shown and "decision is needed" not in shown
    plan = wizard.page_by_key("plan")
    assert list(plan.rows) == ["forehead"]
    consent = wizard.page_by_key("consent")
    assert consent.photo_yes.isChecked(), "the photo answer as signed"
    assert consent.client_pad.isHidden(), "the stored signature is shown, not an empty pad"
    while current_key(wizard) != "summary":
        press_next(wizard)
        if current_key(wizard) == "plan":  # a click on the diagram chooses no area
            at = plan.map.area_center("cheeks").toPoint()
            qtbot.mouseClick(plan.map, Qt.MouseButton.LeftButton, pos=at)
            assert plan.map.selected() == ["forehead"] and list(plan.rows) == ["forehead"]
    assert wizard.page_by_key("summary").amend.isEnabled(), "amendments stay the one change"
    assert audit_trail(people.context) == audited, "no draft saved, nothing changed or viewed"
    service = ConsultationService(people.as_(PRACTITIONER))
    assert service.get(signed.id).version == signed.version, "going through saved nothing"
    click(close)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert service.get(signed.id).version == signed.version, "closing saved nothing"


def test_alt_b_and_alt_n_go_through_a_signed_consultation_with_no_letter_twice(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed = _signed_with_a_caution(people)
    window = window_as(qtbot, people, PRACTITIONER)
    with qtbot.waitActive(window):  # the window's own activation is over before the wizard's
        window.activateWindow()
    wizard = _opened(qtbot, window, signed.id)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)  # where Alt+letter goes
    assert wizard.button(QWizard.WizardButton.BackButton).text() == "< &Back"

    def alt(key: Qt.Key) -> None:
        was = current_key(wizard)
        target = QApplication.focusWidget() or wizard
        qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: current_key(wizard) != was)  # a mnemonic clicks after 100 ms

    seen = [current_key(wizard)]
    while current_key(wizard) != "client":
        assert clashes(wizard) == {}, current_key(wizard)
        alt(Qt.Key.Key_B)
        seen.append(current_key(wizard))
    assert seen[:3] == ["summary", "consent", "plan"] and len(seen) == len(wizard.pages)
    alt(Qt.Key.Key_N)
    assert current_key(wizard) == _history_keys(people)[0]
    service = ConsultationService(people.as_(PRACTITIONER))
    assert service.get(signed.id).version == signed.version


def test_a_consultation_ended_at_a_stop_goes_back_past_the_plan_and_consent_it_never_had(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    context = people.as_(PRACTITIONER)
    [client_id] = ClientService(context).search("")
    answers = {**clear_answers(context.content), "pregnant_or_breastfeeding": True}
    state = replace(signable(context.content), answers_json=answers, plan=None)
    service = ConsultationService(context)
    draft = service.start(client_id, state)
    done = service.complete(draft.id, draft.version, replace(state, wizard_page="summary"))
    wizard = _opened(qtbot, window_as(qtbot, people, PRACTITIONER), done.id)
    assert current_key(wizard) == "summary"
    press_back(wizard)
    assert current_key(wizard) == "cautions", "no plan or consent: not steps at all"
    assert editable(wizard.page_by_key("cautions")) == []
    press_back(wizard)
    assert current_key(wizard) == "goals"
    press_next(wizard)
    press_next(wizard)
    assert current_key(wizard) == "summary"
    assert service.get(done.id).version == done.version


def test_a_consultation_ended_on_the_client_page_goes_back_there_only(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    context = people.as_(PRACTITIONER)
    clients = ClientService(context)
    [client_id] = clients.search("")
    client = clients.get(client_id)
    clients.change(
        client_id, client.version, replace(client.details, date_of_birth=date(2012, 3, 14))
    )
    service = ConsultationService(context)
    started = service.start(client_id)
    done = service.complete(
        started.id, started.version, ConsultationInput(wizard_page="summary"), early=True
    )
    wizard = _opened(qtbot, window_as(qtbot, people, PRACTITIONER), done.id)
    assert current_key(wizard) == "summary"
    press_back(wizard)
    assert current_key(wizard) == "client", "the questions after it were never asked"
    client = wizard.page_by_key("client")
    assert client.stop.isVisible() and not client.end.isVisible()
    assert editable(client) == []
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    press_next(wizard)
    assert current_key(wizard) == "summary"
    assert service.get(done.id).version == done.version
