"""The mouse wheel scrolls the page; it changes a date, depth, count or choice only once the
field has been clicked or tabbed into. Calendars open on the field's date, else on today."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from consult_app.gui.wizard.pages.history_page import HistoryPage
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.context import AppContext
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    choose,
    click,
    current_key,
    open_wizard,
    press_next,
)

DOWN = QPoint(0, -120)  # one notch of the wheel towards the user
UP = QPoint(0, 120)


def wheel_over(widget: QWidget, notches: QPoint = DOWN) -> None:
    """A wheel event as the window system delivers it, over the middle of `widget`."""
    QApplication.processEvents()
    window = widget.window()
    at = QPointF(widget.mapTo(window, widget.rect().center()))
    QTest.wheelEvent(window.windowHandle(), at, notches)
    QApplication.processEvents()


def _in_view(area: QScrollArea, widget: QWidget) -> None:
    QApplication.processEvents()
    area.ensureWidgetVisible(widget)
    QApplication.processEvents()
    assert widget.visibleRegion().boundingRect().size() == widget.size()


def _active(qtbot: QtBot, wizard: ConsultationWizard) -> None:
    with qtbot.waitActive(wizard):
        wizard.activateWindow()


def _medicines_page(qtbot: QtBot, clinic: AppContext) -> tuple[ConsultationWizard, HistoryPage]:
    wizard = open_wizard(qtbot, clinic)
    _active(qtbot, wizard)
    while current_key(wizard) != "history:medicines_allergies":
        answer_history(wizard, {}, pages=1)
    page = wizard.pages[wizard.currentId()]
    choose(page.answers["isotretinoin_last_6_months"], True)
    return wizard, page


def test_the_wheel_over_an_unfocused_date_scrolls_the_page_and_keeps_the_date(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard, page = _medicines_page(qtbot, clinic)
    wizard.resize(wizard.width(), 420)  # a small screen: the questions scroll
    answer = page.answers["isotretinoin_last_dose"]
    answer.set_value("2026-09-01")
    edit = answer.first_input()
    area = page.findChild(QScrollArea)
    scroll = area.verticalScrollBar()
    QApplication.processEvents()
    assert scroll.maximum() > 0, "the page must scroll for this test"
    page.answers["isotretinoin_last_6_months"].first_input().setFocus()
    scroll.setValue(scroll.maximum())
    _in_view(area, edit)
    before = scroll.value()
    assert before > 0, "the page can scroll up from here"
    wheel_over(edit, UP)  # on a focused date this would be the next day
    assert answer.value() == "2026-09-01"
    assert not edit.hasFocus(), "the wheel does not take focus"
    assert scroll.value() < before, "the page scrolled up instead"


def test_the_wheel_changes_a_date_once_the_field_has_focus(
    qtbot: QtBot, clinic: AppContext
) -> None:
    _, page = _medicines_page(qtbot, clinic)
    answer = page.answers["isotretinoin_last_dose"]
    answer.set_value("2026-09-01")
    edit = answer.first_input()
    _in_view(page.findChild(QScrollArea), edit)
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    wheel_over(edit, UP)
    assert answer.value() == "2026-09-02"


def test_the_wheel_leaves_unfocused_depths_counts_and_grades_alone(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    _active(qtbot, wizard)
    answer_history(wizard, {})
    assessment = wizard.page_by_key("assessment")
    click(assessment.concerns["acne_scars"])
    assessment.scar_grade.setCurrentIndex(2)
    assessment.fitzpatrick.button(2).setFocus()
    wheel_over(assessment.scar_grade)
    assert assessment.scar_grade.currentIndex() == 2
    assess_and_goals(wizard, fitzpatrick=2)
    press_next(wizard)
    plan = wizard.page_by_key("plan")
    plan.map.setFocus()
    QTest.mouseClick(
        plan.map, Qt.MouseButton.LeftButton, pos=plan.map.area_center("cheeks").toPoint()
    )
    depth = plan.rows["cheeks"].depth
    fields = (depth, plan.sessions, plan.interval)
    before = [field.value() for field in fields]
    for field in fields:
        wheel_over(field)
        wheel_over(field, UP)
        wheel_over(field, UP)
    assert [field.value() for field in fields] == before
    assert plan.map.hasFocus()


def test_a_blank_date_opens_its_calendar_on_today_and_a_given_one_on_its_month(
    qtbot: QtBot, clinic: AppContext
) -> None:
    _, page = _medicines_page(qtbot, clinic)
    answer = page.answers["isotretinoin_last_dose"]
    edit = answer.first_input()
    QApplication.processEvents()
    arrow = QPoint(edit.width() - 6, edit.height() // 2)  # the drop-down arrow
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert answer.value() is None, "opening the calendar answers nothing"
    QTest.keyClick(calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert answer.value() is None, "closing the calendar leaves the date blank"
    answer.set_value("2026-03-14")
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 3)
    assert calendar.selectedDate() == QDate(2026, 3, 14)
