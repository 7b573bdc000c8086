"""The session wizard by keyboard: Alt+N and Alt+B move on every page, no letter is underlined
twice, and every control can be reached with Tab and has a name to be read out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from consult_app.gui.treatment.wizard import SessionWizard
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.mnemonics import clashes
from tests.gui.session_driver import fill_chart, signed_plan, start_by_keyboard, window_as
from tests.gui.test_accessibility import CONTROLS, _named
from tests.gui.typing import focus_chain_by_tab


def _alt(qtbot: QtBot, wizard: SessionWizard, key: Qt.Key) -> None:
    was = wizard.current_key()
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.current_key() != was)  # a mnemonic clicks after 100 ms


def _tabbable(control: QWidget) -> bool:
    """Tab reaches it, or (a radio button) the group's checked one, and arrows move on from it."""
    if control.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return True
    group = control.group() if isinstance(control, QRadioButton) else None
    checked = group.checkedButton() if group is not None else None
    return checked is not None and bool(checked.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _unreachable_or_unnamed(wizard: SessionWizard) -> list[str]:
    problems = []
    for page in wizard.pages:
        buddies = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy()}
        for control in page.findChildren(QWidget):
            if not isinstance(control, CONTROLS) or isinstance(control.parent(), QAbstractSpinBox):
                continue
            if control.parent() and isinstance(control.parent(), QComboBox):
                continue
            where = f"{page.key}: {type(control).__name__} {control.accessibleName()!r}"
            if not _tabbable(control):
                problems.append(f"{where} cannot be reached with Tab")
            if not _named(control, buddies):
                problems.append(f"{where} has no accessible name")
    return problems


def test_alt_n_and_alt_b_on_every_page_with_no_letter_twice(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_keyboard(qtbot, window)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    seen = []
    for _ in range(3):
        assert clashes(wizard) == {}, wizard.current_key()
        seen.append(wizard.current_key())
        if wizard.current_key() == "chart":
            fill_chart(qtbot, wizard)
        _alt(qtbot, wizard, Qt.Key.Key_N)
    assert clashes(wizard) == {}
    seen.append(wizard.current_key())
    assert seen == ["changes", "cautions", "chart", "summary"]
    _alt(qtbot, wizard, Qt.Key.Key_B)
    assert wizard.current_key() == "chart"
    chart = wizard.page_by_key("chart")
    chart.products.add.click()  # a product row: its fields are checked too
    chart.patch.setChecked(True)
    assert _unreachable_or_unnamed(wizard) == []


def test_tab_goes_through_the_chart_in_reading_order(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_keyboard(qtbot, window)
    _alt(qtbot, wizard, Qt.Key.Key_N)
    _alt(qtbot, wizard, Qt.Key.Key_N)
    fill_chart(qtbot, wizard)  # a product row added after the rest: it still comes in its place
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    chart = wizard.page_by_key("chart")
    names = [w.accessibleName() for w in focus_chain_by_tab(chart.areas.map, 22)]
    # A time field takes a Tab for its hours and one for its minutes, as Qt's time fields do.
    names = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
    assert names[:18] == [
        "Needle depth used on Forehead",
        "Passes on Forehead",
        "Numbing cream used",
        "Numbing product",
        "Numbing applied at",
        "Numbing removed at",
        "Device used",
        "Cartridge needles",
        "Cartridge lot number",
        "Cartridge expiry date",
        "Product 1",
        "Lot of product 1",
        "Remove product 1",
        "Add a product used",
        "Endpoint: Pinpoint bleeding",
        "Immediate reaction",
        "Patch test done",
        "Notes",
    ]
