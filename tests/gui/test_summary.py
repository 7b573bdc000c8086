"""The summary is the whole record; the step list shows the route taken and cannot be clicked."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFrame, QWizard
from pytestqt.qtbot import QtBot

from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from tests.gui.wizard_driver import (
    answer_history,
    click,
    current_key,
    open_wizard,
    pick,
    press_next,
    type_into,
)

MEDICINES = "Metformin 500 mg twice a day, and a retinol serum"


def _to_summary_after_a_stop(wizard) -> None:  # type: ignore[no-untyped-def]
    """Pregnant: a stop. Medicines typed as free text, acne scars typed and graded."""
    while current_key(wizard).startswith("history:"):
        page = wizard.pages[wizard.currentId()]
        if "other_medications" in page.answers:
            type_into(page.answers["other_medications"].first_input(), MEDICINES)
        answer_history(wizard, {"pregnant_or_breastfeeding": True}, pages=1)
    assessment = wizard.page_by_key("assessment")
    pick(assessment.fitzpatrick.button(3))
    click(assessment.concerns["acne_scars"])
    click(assessment.scar_types["rolling"])
    click(assessment.scar_types["boxcar"])
    assessment.scar_grade.setFocus()
    for _ in range(3):  # "Not graded" → 1 → 2 → 3, by keyboard
        QTest.keyClick(assessment.scar_grade, Qt.Key.Key_Down)
    press_next(wizard)
    click(wizard.page_by_key("goals").goals["acne_scars"])
    press_next(wizard)
    assert current_key(wizard) == "cautions"
    press_next(wizard)
    assert current_key(wizard) == "summary"


def test_the_summary_shows_acne_scars_their_grade_and_the_medicines_typed(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    _to_summary_after_a_stop(wizard)
    text = wizard.page_by_key("summary").browser.toPlainText()
    assert "Acne scars: Boxcar, Rolling, Goodman & Baron grade 3" in text
    assert MEDICINES in text
    assert "Are you pregnant or breastfeeding" in text


def test_after_a_stop_plan_and_consent_are_not_listed_as_steps(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    _to_summary_after_a_stop(wizard)
    listed = [
        wizard.steps.item(row).text()
        for row in range(wizard.steps.count())
        if not wizard.steps.item(row).isHidden()
    ]
    assert "Treatment plan" not in listed and "Consent and signatures" not in listed
    assert listed[-1] == "Summary"
    assert wizard.windowTitle().endswith(f"step {len(listed)} of {len(listed)}")
    assert wizard.steps.currentItem().text() == "Summary"


def test_clicking_a_step_neither_moves_the_highlight_nor_the_page(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    shown = wizard.currentId()
    summary = wizard.steps.item(wizard.steps.count() - 1)
    QApplication.processEvents()
    at = wizard.steps.visualItemRect(summary).center()
    QTest.mouseClick(wizard.steps.viewport(), Qt.MouseButton.LeftButton, pos=at)
    QApplication.processEvents()
    assert wizard.currentId() == shown
    assert wizard.steps.currentRow() == shown, "the highlight stays on the page shown"
    answer_history(wizard, {}, pages=1)
    assert wizard.steps.currentRow() == wizard.currentId() == shown + 1
    click(wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.steps.currentRow() == wizard.currentId() == shown


def test_the_step_list_does_not_look_like_a_list_to_pick_from(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    steps = wizard.steps
    assert steps.frameShape() == QFrame.Shape.NoFrame  # no framed box
    palette = steps.palette()  # drawn on the window's background, not a white list's
    window = palette.color(QPalette.ColorRole.Window)
    assert palette.color(QPalette.ColorRole.Base) == window
    assert steps.focusPolicy() == Qt.FocusPolicy.NoFocus  # and never tabbed into


def test_a_right_to_left_name_stays_apart_from_the_date_in_the_heading(
    qtbot: QtBot, clinic: AppContext
) -> None:
    clients = ClientService(clinic)
    [client_id] = clients.search("")
    client = clients.get(client_id)
    rtl = replace(client.details, first_name="נועה", last_name="כהן")
    clients.change(client_id, client.version, rtl)
    wizard = open_wizard(qtbot, clinic)
    _to_summary_after_a_stop(wizard)
    document = wizard.page_by_key("summary").browser.document()
    blocks = []
    block = document.begin()
    while block.isValid():
        blocks.append(block.text())
        block = block.next()
    name = rtl.full_name
    for text in blocks:
        if name in text and text != f"\u2068{name}\u2069":
            assert f"\u2068{name}\u2069" in text, f"name not isolated in {text!r}"
    assert any("25 Nov 2026" in text and name not in text for text in blocks)
    assert f"\u2068{name}\u2069" in wizard.windowTitle()
