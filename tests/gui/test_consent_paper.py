"""Before signing, the consent page names what the paper would print as "?", and a name no
font prints is signed with a Latin-letter name the client confirms."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consultation import DecisionChoice
from consult_app.gui.widgets.print_warning import PrintWarning
from consult_app.gui.wizard.pages.consent_page import ConsentPage
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from consult_app.store.store import open_store
from tests.conftest import TODAY
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    click,
    current_key,
    open_wizard,
    pick,
    press_finish,
    press_next,
    sign,
    type_into,
)


def clinic_with(tmp_path: Path, content: Content, first: str, last: str) -> AppContext:
    store = open_store(f"sqlite:///{tmp_path / 'clinic.db'}")
    context = AppContext(store=store, content=content, today=lambda: TODAY)
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"), "Dr Sam Patel"
    )
    ClientService(context).add(ClientDetails(first, last, date(1990, 5, 24)))
    return context


@pytest.fixture
def devanagari(tmp_path: Path, content: Content) -> Iterator[AppContext]:
    context = clinic_with(tmp_path, content, "मीरा", "Shah")  # no bundled font has Devanagari
    yield context
    context.store.close()


@pytest.fixture
def hebrew(tmp_path: Path, content: Content) -> Iterator[AppContext]:
    context = clinic_with(tmp_path, content, "דנה", "כהן")
    yield context
    context.store.close()


def to_cautions(qtbot: QtBot, context: AppContext, answers: dict[str, Any]) -> ConsultationWizard:
    wizard = open_wizard(qtbot, context)
    answer_history(wizard, answers)
    assess_and_goals(wizard, fitzpatrick=2)
    return wizard


def to_consent(qtbot: QtBot, wizard: ConsultationWizard) -> ConsentPage:
    """From the plan page: treat the cheeks, and on to the consent page."""
    plan = wizard.page_by_key("plan")
    center = plan.map.area_center("cheeks").toPoint()
    qtbot.mouseClick(plan.map, Qt.MouseButton.LeftButton, pos=center)
    press_next(wizard)
    assert current_key(wizard) == "consent"
    page = wizard.page_by_key("consent")
    assert isinstance(page, ConsentPage)
    return page


def test_a_name_no_font_prints_is_signed_with_a_confirmed_latin_name(
    qtbot: QtBot, devanagari: AppContext, tmp_path: Path
) -> None:
    wizard = to_cautions(qtbot, devanagari, {})
    press_next(wizard)  # no cautions to decide
    consent = to_consent(qtbot, wizard)
    assert consent.paper_box.isVisible()
    assert "म" in consent.paper_explained.text()
    assert "Client name contains characters that cannot be printed" in (
        consent.print_warning.text()
    )
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    pick(consent.photo_no)
    sign(consent.client_pad)
    sign(consent.practitioner_pad)
    assert not next_button.isEnabled(), "signing waits for the name on the paper"
    type_into(consent.paper_name, "Meera Shah")
    assert not next_button.isEnabled(), "and for the client to confirm it"
    click(consent.paper_confirmed)
    assert next_button.isEnabled()
    press_next(wizard)
    press_finish(wizard)
    consultation_id = wizard.state.consultation.id
    [record] = ConsultationService(devanagari).consents(consultation_id)
    assert record.client_name == "Meera Shah"
    path = tmp_path / "consent.pdf"
    path.write_bytes(DocumentService(devanagari).consent_pdf(consultation_id))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Meera Shah" in text.splitlines()  # the client cell
    assert "Meera Shah, born 24 May 1990" in text  # every page's footer
    assert "मीरा" not in text and "???" not in text
    client = ClientService(devanagari).get(wizard.state.client.id).details
    assert client.first_name == "मीरा"  # the client's details keep the name as typed


def test_a_printable_name_needs_no_latin_name_and_an_emoji_note_is_named(
    qtbot: QtBot, hebrew: AppContext
) -> None:
    wizard = to_cautions(qtbot, hebrew, {"cold_sore_history": True})
    choice, note = wizard.page_by_key("cautions").decisions["herpes_history"]
    choice.setCurrentIndex(choice.findData(str(DecisionChoice.PROCEED_MODIFIED)))
    type_into(note, "Antivirals started 🌸")
    [warning] = note.parentWidget().findChildren(PrintWarning)
    assert warning.isVisible() and "🌸" in warning.text() and "“?”" in warning.text()
    press_next(wizard)
    plan = wizard.page_by_key("plan")
    center = plan.map.area_center("cheeks").toPoint()
    qtbot.mouseClick(plan.map, Qt.MouseButton.LeftButton, pos=center)
    row = plan.rows["cheeks"]
    _, high = row.area.range_for(wizard.state.input.assessment.concerns)
    row.depth.setValue(high + 0.25)  # past the guidance: a reason is asked for
    qtbot.waitUntil(row.reason.isVisible)
    type_into(row.reason, "Deep scars 🙂")
    assert row.reason_warning.isVisible() and "🙂" in row.reason_warning.text()
    row.reason.setText("Deep scars")
    assert not row.reason_warning.isVisible()
    press_next(wizard)
    assert current_key(wizard) == "consent"
    consent = wizard.page_by_key("consent")
    assert not consent.paper_box.isVisible()
    warning = consent.print_warning.text()
    assert consent.print_warning.isVisible()
    assert "The decision note on" in warning and "🌸" in warning
    assert "Client name" not in warning
    pick(consent.photo_no)
    sign(consent.client_pad)
    sign(consent.practitioner_pad)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_free_text_answer_says_what_paper_cannot_print(qtbot: QtBot, hebrew: AppContext) -> None:
    wizard = open_wizard(qtbot, hebrew)
    while "other_medications" not in wizard.pages[wizard.currentId()].answers:
        answer_history(wizard, {}, pages=1)
    box = wizard.pages[wizard.currentId()].answers["other_medications"]
    [warning] = box.parentWidget().findChildren(PrintWarning)
    assert not warning.isVisible()
    type_into(box.editor(), "Vitamin D 💊, אקמול")  # Hebrew prints; the emoji does not
    assert warning.isVisible()
    assert warning.text().startswith("Printed forms cannot show 💊;")
