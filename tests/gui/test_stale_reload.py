"""A save refused because another computer saved first: reload, see what you typed, save again.

Real parts only: one SQLite file, a second store on it standing in for the other workstation,
the real services, and the real client dialog and wizard driven as a person would.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.client import Client
from consult_app.domain.people import Role
from consult_app.gui.dialogs.client_dialog import ClientDialog
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.store.store import open_store
from tests.conftest import TODAY
from tests.gui.typing import focus_chain_by_tab, replace_text, type_text
from tests.gui.wizard_driver import answer_history, choose, current_key, open_wizard


@pytest.fixture
def other_desk(tmp_path: Path, content: Content) -> Iterator[AppContext]:
    """Another workstation on the clinic's database file: its own store and its own user."""
    store = open_store(f"sqlite:///{tmp_path / 'clinic.db'}")
    with store.writing() as uow:
        user = uow.users.add("room2", "Room 2", Role.PRACTITIONER)
    yield AppContext(store=store, content=content, user=user, today=lambda: TODAY)
    store.close()


def answer(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text().replace("&", "") == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_question(qtbot: QtBot, owner: ClientDialog | ConsultationWizard) -> QMessageBox:
    qtbot.waitUntil(lambda: owner.stale_question is not None, timeout=2000)
    box = owner.stale_question
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=2000)
    assert QApplication.activeModalWidget() is box
    return box


def open_dialog(qtbot: QtBot, clinic: AppContext) -> tuple[ClientDialog, Client]:
    clients = ClientService(clinic)
    [client_id] = clients.search("")
    client = clients.get(client_id)
    dialog = ClientDialog(clients, TODAY, client)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog, client


def save(qtbot: QtBot, dialog: ClientDialog) -> None:
    button = dialog.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_refused_client_save_reloads_and_keeps_what_was_typed_beside_each_field(
    qtbot: QtBot, clinic: AppContext, other_desk: AppContext
) -> None:
    dialog, opened = open_dialog(qtbot, clinic)
    replace_text(dialog.field("phone"), "07700 900111")
    type_text(dialog.field("email"), "zoe@example.com")
    # Meanwhile the other computer changes the phone too, and the GP, which this one leaves be.
    theirs = replace(opened.details, phone="0117 496 0000", gp_name="Dr Ann Smith")
    ClientService(other_desk).change(opened.id, opened.version, theirs)

    save(qtbot, dialog)
    box = open_question(qtbot, dialog)
    assert "because Room 2 saved it at " in box.text()
    assert "were not saved" in box.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    answer(qtbot, box, "Reload the latest details")
    qtbot.waitUntil(lambda: dialog.stale_question is None, timeout=2000)

    # The fields show what is saved now; what this user typed shows under the fields they changed.
    assert dialog.field("phone").text() == "0117 496 0000"
    assert dialog.entered_note("phone").text == "You typed: 07700 900111"
    assert dialog.field("email").text() == ""
    assert dialog.entered_note("email").text == "You typed: zoe@example.com"
    assert dialog.field("gp_name").text() == "Dr Ann Smith"
    assert dialog.entered_note("gp_name").text == "", "only the other computer changed the GP"
    assert dialog.focusWidget() is dialog.entered_note("phone").button

    qtbot.mouseClick(dialog.entered_note("phone").button, Qt.MouseButton.LeftButton)
    assert dialog.field("phone").text() == "07700 900111"
    assert dialog.entered_note("phone").text == ""
    # The e-mail's "Use this" is reached by Tab from its field, and pressed with the keyboard.
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    [reached] = focus_chain_by_tab(dialog.field("email"), 1)
    assert reached is dialog.entered_note("email").button
    assert reached.accessibleName() == "Use what you entered for E-mail"
    qtbot.keyClick(reached, Qt.Key.Key_Space)
    assert dialog.field("email").text() == "zoe@example.com"

    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = ClientService(clinic).get(opened.id).details
    assert (stored.phone, stored.email, stored.gp_name) == (
        "07700 900111",
        "zoe@example.com",
        "Dr Ann Smith",  # the other computer's change to a field not touched here stays
    )
    assert dialog.saved_client is not None
    assert dialog.saved_client.details == stored


def test_keep_editing_leaves_the_typed_values_and_a_later_reload_still_saves(
    qtbot: QtBot, clinic: AppContext, other_desk: AppContext
) -> None:
    dialog, opened = open_dialog(qtbot, clinic)
    replace_text(dialog.field("phone"), "07700 900111")
    ClientService(other_desk).change(
        opened.id, opened.version, replace(opened.details, phone="0117 496 0000")
    )
    save(qtbot, dialog)
    answer(qtbot, open_question(qtbot, dialog), "Keep editing")
    qtbot.waitUntil(lambda: dialog.stale_question is None, timeout=2000)
    assert dialog.isVisible()
    assert dialog.field("phone").text() == "07700 900111"
    assert ClientService(clinic).get(opened.id).details.phone == "0117 496 0000"

    save(qtbot, dialog)  # still based on the old copy: refused again, and this time reloaded
    answer(qtbot, open_question(qtbot, dialog), "Reload the latest details")
    qtbot.waitUntil(lambda: dialog.stale_question is None, timeout=2000)
    assert dialog.entered_note("phone").text == "You typed: 07700 900111"
    save(qtbot, dialog)  # keeps the saved phone: the user chose not to use theirs
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ClientService(clinic).get(opened.id).details.phone == "0117 496 0000"


def _widget_value(wizard: ConsultationWizard, page_key: str, question_id: str) -> object:
    return wizard.page_by_key(page_key).answers[question_id].value()


def test_a_refused_draft_save_reloads_the_saved_answers_and_lists_the_typed_ones(
    qtbot: QtBot, clinic: AppContext, other_desk: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {"smoker": True}, pages=1)  # saved: the draft is now at version n
    assert current_key(wizard) == "history:skin_healing"
    consultation_id = wizard.state.consultation.id
    # The other computer saves the same draft: a different smoking answer and a cold sore history.
    theirs = ConsultationService(other_desk).get(consultation_id)
    ConsultationService(other_desk).save_draft(
        consultation_id,
        theirs.version,
        replace(
            ConsultationInput.of(theirs),
            answers_json={**theirs.answers_json, "smoker": False, "cold_sore_history": True},
        ),
    )

    answer_history(
        wizard, {"cold_sore_history": False, "keloid_or_hypertrophic_scarring": True}, pages=1
    )
    box = open_question(qtbot, wizard)
    assert "Your changes to this consultation were not saved, because Room 2 saved it at" in (
        box.text()
    )
    assert current_key(wizard) == "history:skin_healing", "Next stays on the page"
    answer(qtbot, box, "Reload the saved consultation")
    qtbot.waitUntil(lambda: wizard.stale_question is None, timeout=2000)

    # The wizard shows the saved answers, on this page and on the one before it.
    assert _widget_value(wizard, "history:skin_healing", "cold_sore_history") is True
    assert _widget_value(wizard, "history:skin_healing", "keloid_or_hypertrophic_scarring") is None
    assert _widget_value(wizard, "history:health_today", "smoker") is False
    # The answers typed here that differ stay in view, by question, in their own window.
    listing = wizard.unsaved_answers
    assert listing is not None
    qtbot.waitUntil(listing.isVisible, timeout=2000)
    text = listing.list.toPlainText()
    assert "Have you ever had cold sores?\nNo" in text
    assert "Have you ever had raised, thick or lumpy scars?\nYes" in text
    assert "Do you smoke?" not in text, "only the other computer changed it since: theirs stands"

    answer_history(
        wizard, {"cold_sore_history": False, "keloid_or_hypertrophic_scarring": True}, pages=1
    )
    assert wizard.stale_question is None
    assert current_key(wizard) == "history:medicines_allergies"
    stored = ConsultationService(clinic).get(consultation_id).answers_json
    assert stored["cold_sore_history"] is False
    assert stored["keloid_or_hypertrophic_scarring"] is True
    assert stored["smoker"] is False  # the other computer's answer is not lost


def test_closing_after_a_refused_save_keeps_the_wizard_open_until_reloaded(
    qtbot: QtBot, clinic: AppContext, other_desk: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    consultation_id = wizard.state.consultation.id
    theirs = ConsultationService(other_desk).get(consultation_id)
    ConsultationService(other_desk).save_draft(
        consultation_id,
        theirs.version,
        replace(ConsultationInput.of(theirs), answers_json={"smoker": True}),
    )
    page = wizard.page_by_key("history:health_today")
    choose(page.answers["smoker"], False)
    wizard.reject()
    box = open_question(qtbot, wizard)
    assert "The wizard was not closed" in box.informativeText()
    assert wizard.isVisible()
    answer(qtbot, box, "Reload the saved consultation")
    qtbot.waitUntil(lambda: wizard.stale_question is None, timeout=2000)
    assert page.answers["smoker"].value() is True
    listing = wizard.unsaved_answers
    assert listing is not None
    assert "Do you smoke?\nNo" in listing.list.toPlainText()

    wizard.reject()  # now based on the saved version: the draft saves and the wizard closes
    assert not wizard.isVisible()
    assert ConsultationService(clinic).get(consultation_id).answers_json["smoker"] is True
