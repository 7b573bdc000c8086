"""Driving the consultation wizard as a practitioner would: clicks, typing, drags."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWizard
from pytestqt.qtbot import QtBot

from consult_app.gui.actions import ActionId
from consult_app.gui.main_window import MainWindow
from consult_app.gui.wizard.answer_widgets import ChoiceAnswer, MultiAnswer
from consult_app.gui.wizard.pages.history_page import HistoryPage
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.context import AppContext
from tests.gui.typing import type_text

SIGNATURE = (
    [(30, 100), (60, 50), (90, 120), (120, 45), (150, 115), (180, 60), (210, 110)],
    [(230, 80), (260, 60), (300, 95), (340, 70)],
    [(40, 135), (200, 140), (360, 130)],
)


def click(widget: Any) -> None:
    """Click where a person would: on a tick box or radio button's indicator, else the middle."""
    QApplication.processEvents()  # a page just shown gets its geometry first
    if isinstance(widget, (QCheckBox, QRadioButton)):  # only the indicator and text react
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def press_next(wizard: QWizard) -> None:
    click(wizard.button(QWizard.WizardButton.NextButton))


def press_finish(wizard: QWizard) -> None:
    click(wizard.button(QWizard.WizardButton.FinishButton))


def current_key(wizard: ConsultationWizard) -> str:
    return wizard.pages[wizard.currentId()].key


def choose(widget: Any, value: Any) -> None:
    """Click the radio buttons or tick boxes that give `value`."""
    if isinstance(widget, ChoiceAnswer):
        index = next(i for i, (choice, _) in enumerate(widget._choices) if choice == value)
        click(widget._group.button(index))
    elif isinstance(widget, MultiAnswer):
        for option, box in widget._boxes.items():
            if (option in value) != box.isChecked():
                click(box)
    else:
        raise TypeError(f"no clicking helper for {type(widget).__name__}")


def answer_history(
    wizard: ConsultationWizard, answers: dict[str, Any], pages: int | None = None
) -> None:
    """Answer every question on each history page ("no" unless `answers` says else), then Next.

    With `pages`, stop after that many pages.
    """
    done = 0
    while isinstance(page := wizard.pages[wizard.currentId()], HistoryPage) and done != pages:
        done += 1
        for question_id, widget in page.answers.items():
            if question_id in answers:
                choose(widget, answers[question_id])
            elif isinstance(widget, ChoiceAnswer) and widget.value() is None:
                choose(widget, widget._choices[-1][0] if widget._choices[0][0] is True else "no")
        press_next(wizard)


def pick(button: QRadioButton | QCheckBox) -> None:
    if not button.isChecked():
        click(button)


def drag(widget: Any, points: list[tuple[int, int]]) -> None:
    at = [QPoint(x, y) for x, y in points]
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at[0])
    for point in at[1:]:
        QTest.mouseMove(widget, point)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at[-1])


def sign(pad: Any) -> None:
    for stroke in SIGNATURE:
        drag(pad, stroke)


def type_into(widget: Any, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)
    QApplication.processEvents()


def open_wizard(
    qtbot: QtBot, context: AppContext, *, past_client: bool = True
) -> ConsultationWizard:
    """A new consultation for the clinic's client, past the client page unless told not to."""
    window = MainWindow(context, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    assert current_key(wizard) == "client"
    if past_client:
        press_next(wizard)
    return wizard


def press_back(wizard: QWizard) -> None:
    click(wizard.button(QWizard.WizardButton.BackButton))


def assess_and_goals(wizard: ConsultationWizard, fitzpatrick: int) -> None:
    assessment = wizard.page_by_key("assessment")
    pick(assessment.fitzpatrick.button(fitzpatrick))
    pick(assessment.glogau.button(2))
    click(assessment.concerns["fine_lines"])
    press_next(wizard)
    click(wizard.page_by_key("goals").goals["fine_lines"])
    press_next(wizard)
    assert current_key(wizard) == "cautions"


def plan_and_sign(qtbot: QtBot, wizard: ConsultationWizard) -> None:
    plan = wizard.page_by_key("plan")
    for area in ("forehead", "cheeks"):
        center = plan.map.area_center(area).toPoint()
        qtbot.mouseClick(plan.map, Qt.MouseButton.LeftButton, pos=center)
    assert set(plan.rows) == {"forehead", "cheeks"}
    press_next(wizard)
    assert current_key(wizard) == "consent"
    consent = wizard.page_by_key("consent")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled(), "Next waits for the photo answer and both signatures"
    pick(consent.photo_no)
    sign(consent.client_pad)
    sign(consent.practitioner_pad)
    assert next_button.isEnabled()
    press_next(wizard)
    assert current_key(wizard) == "summary"
