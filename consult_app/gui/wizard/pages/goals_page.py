"""What the client hopes for."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel

from consult_app.gui.wizard.state import NOTHING_CHANGES, StepPage, WizardState


class GoalsPage(StepPage):
    key = "goals"
    read_only_subtitle = f"What the client wanted treatment to help with. {NOTHING_CHANGES}"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Goals")
        self.setSubTitle("What would the client like treatment to help with? Tick all that apply.")
        layout = QGridLayout(self)
        self.goals: dict[str, QCheckBox] = {}
        for index, goal in enumerate(state.content.questionnaire.goals):
            box = QCheckBox(goal.label)
            self.goals[goal.id] = box
            layout.addWidget(box, index // 2, index % 2)
        self._problem = QLabel("Tick at least one goal, so the plan can be shaped around it.")
        self._problem.setStyleSheet("color: #b00020;")
        self._problem.setVisible(False)
        layout.addWidget(self._problem, layout.rowCount(), 0, 1, 2)
        layout.setRowStretch(layout.rowCount(), 1)

    def load(self) -> None:
        for goal, box in self.goals.items():
            box.setChecked(goal in self.state.input.goals)

    def store(self) -> None:
        self.state.update(goals=tuple(g for g, box in self.goals.items() if box.isChecked()))

    def validatePage(self) -> bool:
        chosen = any(box.isChecked() for box in self.goals.values())
        self._problem.setVisible(not chosen)
        return chosen
