"""The cautions page: the practitioner reads "their GP"; the client's consent says "your GP";
a caution's note hints at the change to the plan."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from consult_app.services.context import AppContext
from tests.gui.wizard_driver import answer_history, assess_and_goals, open_wizard


def test_the_decision_options_the_practitioner_reads_say_their_gp(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {"cold_sore_history": True, "smoker": True})
    assess_and_goals(wizard, fitzpatrick=1)
    page = wizard.page_by_key("cautions")
    choice = page.decisions["herpes_history"][0]
    options = [choice.itemText(i) for i in range(choice.count())]
    assert "Check with their GP first" in options
    assert not any("your GP" in option for option in options)
    note = page.decisions["herpes_history"][1]
    assert note.placeholderText() == "What was agreed, e.g. the change to the plan"
    shown = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "You have had cold sores before." in shown and "You smoke." in shown
