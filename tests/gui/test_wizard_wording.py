"""Small things on the wizard's pages that read wrong or ignored a click."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from consult_app.gui.wizard.answer_widgets import ChoiceAnswer
from consult_app.services.context import AppContext
from tests.gui.test_wizard_keys import _walked_to
from tests.gui.wizard_driver import choose, open_wizard, press_next, sign


def test_please_answer_goes_once_the_question_is_answered(qtbot: QtBot, clinic: AppContext) -> None:
    wizard = open_wizard(qtbot, clinic)
    page = wizard.pages[wizard.currentId()]
    press_next(wizard)
    choices = [q for q, w in page.answers.items() if isinstance(w, ChoiceAnswer)]
    first, second = choices[0], choices[1]
    assert page._rows[first][2].isVisibleTo(page)
    assert page._rows[second][2].isVisibleTo(page)
    choose(page.answers[first], False)
    assert not page._rows[first][2].isVisibleTo(page), "answered: the prompt has gone"
    assert page._rows[second][2].isVisibleTo(page), "still unanswered: the prompt stays"


def test_clicking_an_areas_name_ticks_it_and_its_box_ticks_it_once(
    qtbot: QtBot, clinic: AppContext
) -> None:
    plan = _walked_to(qtbot, clinic, "plan").page_by_key("plan")
    QApplication.processEvents()
    item = plan.list.item(0)
    area = item.data(Qt.ItemDataRole.UserRole)
    rect = plan.list.visualItemRect(item)
    on_name = QPoint(rect.left() + rect.width() // 2, rect.center().y())
    QTest.mouseClick(plan.list.viewport(), Qt.MouseButton.LeftButton, pos=on_name)
    assert item.checkState() == Qt.CheckState.Checked
    assert area in plan.rows and plan.map.selected() == [area]
    QTest.mouseClick(plan.list.viewport(), Qt.MouseButton.LeftButton, pos=on_name)
    assert item.checkState() == Qt.CheckState.Unchecked
    assert area not in plan.rows
    on_box = QPoint(rect.left() + rect.height() // 2, rect.center().y())
    QTest.mouseClick(plan.list.viewport(), Qt.MouseButton.LeftButton, pos=on_box)
    assert item.checkState() == Qt.CheckState.Checked, "the box ticks once, not twice"


def test_the_signing_hint_names_the_box_to_sign(qtbot: QtBot, clinic: AppContext) -> None:
    consent = _walked_to(qtbot, clinic, "consent").page_by_key("consent")
    assert consent._hint.text() == "Please sign in the “Client's signature” box."
    sign(consent.client_pad)
    assert consent._hint.text() == "Please sign in the “Practitioner's signature” box."
    sign(consent.practitioner_pad)
    assert consent._hint.text() == ""


def test_the_signing_column_never_scrolls_sideways(qtbot: QtBot, clinic: AppContext) -> None:
    """At the wizard's usual size both pads fit their column: no horizontal scroll bar."""
    wizard = _walked_to(qtbot, clinic, "consent")
    page = wizard.page_by_key("consent")
    [scroll] = page.findChildren(QScrollArea)
    QApplication.processEvents()
    assert scroll.isVisible()
    content = scroll.widget()
    assert content.width() >= content.minimumSizeHint().width()  # nothing cut off sideways
    assert not scroll.horizontalScrollBar().isVisible()
