"""What is typed into a needle depth is what is kept: checked against guidance once typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from consult_app.gui.wizard.pages.plan_page import AreaDepthRow
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    current_key,
    open_wizard,
    press_next,
    type_into,
)

ALT = Qt.KeyboardModifier.AltModifier  # a mnemonic: Alt+N is Next


def _plan_with_cheeks(qtbot: QtBot, clinic: AppContext) -> ConsultationWizard:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {})
    assess_and_goals(wizard, fitzpatrick=2)
    press_next(wizard)
    assert current_key(wizard) == "plan"
    with qtbot.waitActive(wizard):  # shortcuts such as Alt+N reach the active window only
        wizard.activateWindow()
    plan = wizard.page_by_key("plan")
    qtbot.mouseClick(
        plan.map, Qt.MouseButton.LeftButton, pos=plan.map.area_center("cheeks").toPoint()
    )
    return wizard


def _type_depth(qtbot: QtBot, wizard: ConsultationWizard, typed: str) -> None:
    """Click into the cheeks' depth, select it (Ctrl+A) and type `typed` one key at a time."""
    depth = wizard.page_by_key("plan").rows["cheeks"].depth
    qtbot.mouseClick(depth.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(depth.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for key in typed:
        qtbot.keyClick(QApplication.focusWidget(), key)
        QApplication.processEvents()
    assert depth.text() == f"{typed} mm", "the field shows what was typed, key by key"


def _cheeks_typed(
    qtbot: QtBot,
    clinic: AppContext,
    typed: str,
    then: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> tuple[ConsultationWizard, AreaDepthRow]:
    """The plan with the cheeks chosen, `typed` into their depth, then the key `then` pressed
    where the typing left the focus; the wizard and the cheeks' row."""
    wizard = _plan_with_cheeks(qtbot, clinic)
    _type_depth(qtbot, wizard, typed)
    qtbot.keyClick(QApplication.focusWidget(), then, modifier)
    return wizard, wizard.page_by_key("plan").rows["cheeks"]


def _kept(clinic: AppContext, wizard: ConsultationWizard) -> list[tuple[str, float, str]]:
    """Each planned area as stored for the consultation: area, depth and reason."""
    stored = ConsultationService(clinic).get(wizard.state.consultation.id)
    assert stored.plan is not None
    return [(a.area, a.depth_mm, a.reason) for a in stored.plan.areas]


def _next_to_consent(wizard: ConsultationWizard) -> None:
    press_next(wizard)
    assert current_key(wizard) == "consent"


def test_a_depth_typed_across_the_guidance_is_kept_as_typed(
    qtbot: QtBot, clinic: AppContext
) -> None:
    """Cheeks are guided 0.5–1.5 mm: "1.25" passes through 0 and 1 on the way, and is kept."""
    # Tab: leaving the field commits it.
    wizard, row = _cheeks_typed(qtbot, clinic, "1.25", Qt.Key.Key_Tab)
    assert row.depth.text() == "1.25 mm"
    assert not row.reason.isVisibleTo(row), "1.25 mm is within guidance"
    _next_to_consent(wizard)
    assert _kept(clinic, wizard) == [("cheeks", 1.25, "")]


def test_a_depth_below_guidance_is_kept_and_asks_for_a_reason_once_typed(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard, row = _cheeks_typed(qtbot, clinic, "0.45", Qt.Key.Key_Tab)
    assert row.depth.text() == "0.45 mm"
    assert row.reason.isVisibleTo(row), "0.45 mm is below the guided 0.5 mm: a reason is asked"
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_into(row.reason, "Thin skin over the cheekbones")
    _next_to_consent(wizard)
    assert _kept(clinic, wizard) == [("cheeks", 0.45, "Thin skin over the cheekbones")]


def test_alt_n_straight_after_typing_takes_the_typed_depth(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard, _row = _cheeks_typed(qtbot, clinic, "1.25", Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: current_key(wizard) == "consent")  # a mnemonic clicks after 100 ms
    assert _kept(clinic, wizard) == [("cheeks", 1.25, "")]


def test_alt_n_straight_after_typing_still_asks_for_the_reason(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard, row = _cheeks_typed(qtbot, clinic, "0.45", Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: row.reason.isVisibleTo(row))  # a mnemonic clicks after 100 ms
    assert current_key(wizard) == "plan", "a depth outside guidance still needs its reason"
    assert row.depth.text() == "0.45 mm"
