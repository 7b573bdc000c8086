"""The keyboard in the wizard and the main window: Alt+N is Next on every page, no letter is
underlined twice, Enter on the first page goes on, Tab follows the reading order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from consult_app.domain.consultation import DecisionChoice
from consult_app.gui.main_window import MainWindow
from consult_app.gui.wizard.answer_widgets import ChoiceAnswer
from consult_app.gui.wizard.pages.history_page import HistoryPage
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.context import AppContext
from tests.gui.mnemonics import clashes, mnemonics
from tests.gui.typing import focus_chain_by_tab
from tests.gui.under_x import needs_xvfb, run_under_x
from tests.gui.wizard_driver import (
    choose,
    click,
    current_key,
    open_wizard,
    pick,
    sign,
    type_into,
)


def _start(qtbot: QtBot, context: AppContext) -> ConsultationWizard:
    """A new consultation's wizard on its first page, active so that shortcuts reach it."""
    wizard = open_wizard(qtbot, context, past_client=False)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    return wizard


def _alt_n(qtbot: QtBot, wizard: ConsultationWizard) -> None:
    was = current_key(wizard)
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: current_key(wizard) != was)  # a mnemonic clicks after 100 ms


def _fill(qtbot: QtBot, wizard: ConsultationWizard) -> None:
    """Answer the page shown (a caution case: cold sores, Fitzpatrick V), pressing nothing."""
    page = wizard.pages[wizard.currentId()]
    if isinstance(page, HistoryPage):
        for question_id, widget in page.answers.items():
            if question_id == "cold_sore_history":
                choose(widget, True)
            elif isinstance(widget, ChoiceAnswer) and widget.value() is None:
                choose(widget, widget._choices[-1][0] if widget._choices[0][0] is True else "no")
    elif page.key == "assessment":
        pick(page.fitzpatrick.button(5))
        pick(page.glogau.button(2))
        click(page.concerns["fine_lines"])
    elif page.key == "goals":
        click(page.goals["fine_lines"])
    elif page.key == "cautions":
        choice, note = page.decisions["herpes_history"]
        choice.setCurrentIndex(choice.findData(str(DecisionChoice.PROCEED_MODIFIED)))
        type_into(note, "Antiviral cover from her GP")
    elif page.key == "plan":
        center = page.map.area_center("forehead").toPoint()
        qtbot.mouseClick(page.map, Qt.MouseButton.LeftButton, pos=center)
    elif page.key == "consent":
        pick(page.photo_no)
        sign(page.client_pad)
        sign(page.practitioner_pad)


def test_alt_n_is_next_on_every_page_and_no_letter_is_underlined_twice(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = _start(qtbot, clinic)
    seen = []
    while True:
        QApplication.processEvents()
        key = current_key(wizard)
        seen.append(key)
        assert clashes(wizard) == {}, f"{key}: one letter, several controls"
        if key == "summary":
            assert mnemonics(wizard)["Alt+F"] == ["&Finish"]
            break
        assert mnemonics(wizard)["Alt+N"] == ["&Next >"], key
        _fill(qtbot, wizard)
        _alt_n(qtbot, wizard)
    assert seen == [page.key for page in wizard.pages], "every page was walked"


def test_enter_on_the_first_page_goes_next(
    qtbot: QtBot, clinic: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consult_app.gui.dialogs.client_dialog import ClientDialog

    def not_this(dialog: ClientDialog) -> int:
        raise AssertionError("Enter opened the client's details instead of going Next")

    monkeypatch.setattr(ClientDialog, "exec", not_this)
    wizard = _start(qtbot, clinic)
    assert current_key(wizard) == "client"
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is wizard
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_key(wizard) != "client")
    assert current_key(wizard).startswith("history:")


def _field(widget: QWidget | None) -> QWidget | None:
    """The control a focused widget belongs to (a spin box's inner line edit → the spin box)."""
    parent = widget.parentWidget() if widget is not None else None
    return parent if isinstance(parent, QAbstractSpinBox) else widget


def _walked_to(qtbot: QtBot, context: AppContext, wanted: str) -> ConsultationWizard:
    """A new consultation answered page by page (Alt+N each time) up to the page `wanted`."""
    wizard = _start(qtbot, context)
    while current_key(wizard) != wanted:
        _fill(qtbot, wizard)
        _alt_n(qtbot, wizard)
    return wizard


def test_tab_on_the_plan_goes_areas_then_depths_then_sessions_then_interval(
    qtbot: QtBot, clinic: AppContext
) -> None:
    plan = _walked_to(qtbot, clinic, "plan").page_by_key("plan")
    for area in ("forehead", "cheeks"):
        center = plan.map.area_center(area).toPoint()
        qtbot.mouseClick(plan.map, Qt.MouseButton.LeftButton, pos=center)
    QApplication.processEvents()  # the new depth rows are shown
    visited = [_field(w) for w in focus_chain_by_tab(plan.map, 5)]
    expected = [
        plan.list,
        plan.rows["forehead"].depth,
        plan.rows["cheeks"].depth,
        plan.sessions,
        plan.interval,
    ]
    assert visited == expected


def test_tab_on_the_consent_reaches_the_practitioner_name_before_their_clear(
    qtbot: QtBot, clinic: AppContext
) -> None:
    consent = _walked_to(qtbot, clinic, "consent").page_by_key("consent")
    sign(consent.client_pad)  # the practitioner's pad opens once the client has signed
    visited = focus_chain_by_tab(consent.client_pad, 4)
    names = [w.accessibleName() for w in visited]
    assert names == [
        "Clear the client's signature",
        "Practitioner's name",
        "Practitioner's signature",
        "Clear the practitioner's signature",
    ]


def test_no_letter_is_underlined_twice_in_the_main_window(qtbot: QtBot, clinic: AppContext) -> None:
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.search_box, "zo")
    qtbot.waitUntil(lambda: window.panel.client is not None)  # the client's buttons are shown
    assert "Alt+C" in mnemonics(window), "the menus are counted"
    assert clashes(window) == {}


def test_ctrl_e_edits_the_chosen_client_from_the_find_box(
    qtbot: QtBot, clinic: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consult_app.gui.dialogs.client_dialog import ClientDialog

    opened = []

    def note_and_cancel(dialog: ClientDialog) -> int:
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ClientDialog, "exec", note_and_cancel)
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "zo")
    qtbot.waitUntil(lambda: window.panel.client is not None)
    assert window.search_box.hasFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1, "Ctrl+E opened the chosen client's details"


@needs_xvfb
def test_ctrl_e_from_the_find_box_under_a_real_x_server() -> None:
    """X11's key bindings give a line edit Ctrl+E (end of line); offscreen Qt has none of them,
    so the test above runs again in a real X server."""
    run_under_x(f"{__file__}::test_ctrl_e_edits_the_chosen_client_from_the_find_box")
