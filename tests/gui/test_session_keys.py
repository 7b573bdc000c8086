"""The session wizard by keyboard: Alt+N and Alt+B move on every page, no letter is underlined
twice, and every control can be reached with Tab and has a name to be read out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from consult_app.domain.consultation import DecisionChoice
from consult_app.gui.treatment.wizard import SessionWizard
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.mnemonics import clashes
from tests.gui.session_driver import (
    fill_chart,
    practitioner_session,
    wait_for_verdict,
)
from tests.gui.test_accessibility import CONTROLS, _named, _tabbable
from tests.gui.typing import focus_chain_by_tab
from tests.gui.wizard_driver import choose, click, press_next, type_into

FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)


def _alt(qtbot: QtBot, wizard: SessionWizard, key: Qt.Key) -> None:
    was = wizard.current_key()
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.current_key() != was)  # a mnemonic clicks after 100 ms


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
    wizard = practitioner_session(qtbot, people, active=True)
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
    wizard = practitioner_session(qtbot, people)
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


def _fields_without_a_label(wizard: SessionWizard) -> list[str]:
    """Text, list, number and date fields with no label beside them (a buddy): a placeholder
    or a name only a screen reader reads is not enough for a person looking at the page. A
    number field showing its unit in words ("2 passes") names itself."""
    missing = []
    for page in wizard.pages:
        labels = [label for label in page.findChildren(QLabel) if label.buddy() is not None]
        labelled = {id(label.buddy()) for label in labels if label.isVisibleTo(page)}
        for field in page.findChildren(QWidget):
            if not isinstance(field, FIELDS) or isinstance(field.parent(), FIELDS):
                continue
            if isinstance(field, QAbstractSpinBox) and getattr(field, "suffix", str)().strip():
                continue
            if field.isVisibleTo(page) and id(field) not in labelled:
                missing.append(f"{page.key}: {type(field).__name__} {field.accessibleName()!r}")
    return missing


def test_every_field_on_the_session_pages_has_a_label_beside_it(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = practitioner_session(qtbot, people)
    choose(wizard.page_by_key("changes").answers["cold_sore_history"], True)
    wait_for_verdict(qtbot, wizard, "1 caution needs a decision")
    press_next(wizard)
    cautions = wizard.page_by_key("cautions")
    [(choice, note)] = cautions.decisions.values()
    for field, caption in ((choice, "Decision:"), (note, "Note:")):
        [label] = [x for x in cautions.findChildren(QLabel) if x.buddy() is field]
        assert label.text() == caption and label.isVisible()
    choice.setCurrentIndex(choice.findData(str(DecisionChoice.PROCEED_MODIFIED)))
    type_into(note, "Antiviral cover from her GP")
    press_next(wizard)
    chart = wizard.page_by_key("chart")
    for _ in range(3):
        click(chart.products.add)
    click(chart.products.rows[0][0].findChild(QPushButton))  # the first row removed
    qtbot.waitUntil(lambda: len(chart.products.findChildren(QLineEdit)) == 4)
    chart.patch.setChecked(True)
    forehead = chart.areas.rows["forehead"]
    forehead.depth.setValue(2.0)  # deeper than guided: a reason is asked, beside its label
    assert forehead.reason.isVisibleTo(chart)
    captions = [
        label.text() for row, _, _ in chart.products.rows for label in row.findChildren(QLabel)
    ]
    assert captions == ["Product 1:", "Lot:", "Product 2:", "Lot:"], "numbered again"
    assert [name.accessibleName() for _, name, _ in chart.products.rows] == [
        "Product 1",
        "Product 2",
    ]
    assert _fields_without_a_label(wizard) == []
    # A page opens with its scroll area focused (Tab's first stop): a screen reader names it.
    areas = [area for page in wizard.pages for area in page.findChildren(QScrollArea)]
    assert [area.accessibleName() for area in areas] == [
        "Anything changed since last time?",
        "Cautions",
        "Chart",
    ]


def test_tab_lands_on_the_given_answer_so_space_cannot_change_it(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = practitioner_session(qtbot, people, active=True)
    page = wizard.page_by_key("changes")
    pregnant = page.answers["pregnant_or_breastfeeding"]
    assert pregnant.value() is False, "last time's No is filled in"
    start = QApplication.focusWidget()
    assert start is not None
    radios = [w for w in focus_chain_by_tab(start, 12) if isinstance(w, QRadioButton)]
    assert radios, "Tab reaches the questions"
    assert radios[0].accessibleName() == "Are you pregnant or breastfeeding at the moment? No"
    assert all(radio.isChecked() for radio in radios), [r.accessibleName() for r in radios]
    qtbot.keyClick(radios[0], Qt.Key.Key_Space)
    assert pregnant.value() is False
    # Changed by clicking, the answer's Tab stop moves with it.
    choose(pregnant, True)
    page.answers["unwell_last_week"].setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget().accessibleName().endswith("unwell in the past week? No")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    focused = QApplication.focusWidget()
    assert focused.accessibleName() == "Are you pregnant or breastfeeding at the moment? Yes"


def test_the_first_page_says_how_many_answers_changed_in_words(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = practitioner_session(qtbot, people)
    page = wizard.page_by_key("changes")
    assert page.changed_count.accessibleName() == "Nothing changed since last time"
    choose(page.answers["cold_sore_history"], True)
    qtbot.waitUntil(
        lambda: page.changed_count.accessibleName() == "1 answer changed since last time"
    )
    choose(page.answers["pregnant_or_breastfeeding"], True)
    qtbot.waitUntil(
        lambda: page.changed_count.accessibleName() == "2 answers changed since last time"
    )
