"""Skin assessment: Fitzpatrick and Glogau types with a line on each, and the concerns seen."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.assessment import Assessment
from consult_app.domain.questionnaire import ScaleLevel
from consult_app.gui.widgets.radio_tab_stop import tab_stop_on_checked
from consult_app.gui.widgets.scrolled import scrolled
from consult_app.gui.widgets.steady_inputs import SteadyComboBox
from consult_app.gui.wizard.answer_widgets import clear_choice
from consult_app.gui.wizard.state import NOTHING_CHANGES, StepPage, WizardState


def _scale(title: str, levels: tuple[ScaleLevel, ...]) -> tuple[QGroupBox, QButtonGroup]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    group = QButtonGroup(box)
    for level in levels:
        button = QRadioButton(f"{level.label} — {level.description}")
        button.setAccessibleName(f"{title} {level.label}")
        group.addButton(button, level.level)
        layout.addWidget(button)
    tab_stop_on_checked(group)
    return box, group


class AssessmentPage(StepPage):
    key = "assessment"
    read_only_subtitle = f"The skin as assessed at this consultation. {NOTHING_CHANGES}"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Skin assessment")
        self.setSubTitle("What you see today. The Fitzpatrick type is needed to plan safely.")
        scales = state.content.questionnaire.assessment
        fitz_box, self.fitzpatrick = _scale("&Fitzpatrick skin type", scales.fitzpatrick)
        glogau_box, self.glogau = _scale("&Glogau photo-ageing type", scales.glogau)
        concerns_box = QGroupBox("&Concerns seen")
        grid = QGridLayout(concerns_box)
        self.concerns: dict[str, QCheckBox] = {}
        for index, concern in enumerate(scales.concerns):
            box = QCheckBox(concern.label)
            self.concerns[concern.id] = box
            grid.addWidget(box, index // 2, index % 2)
        self._scars = QGroupBox("Acne scars")
        scar_layout = QHBoxLayout(self._scars)
        self.scar_types: dict[str, QCheckBox] = {}
        for scar in scales.acne_scar_types:
            self.scar_types[scar.id] = QCheckBox(scar.label)
            scar_layout.addWidget(self.scar_types[scar.id])
        grade_label = QLabel("Goodman && Baron &grade:")
        self.scar_grade = SteadyComboBox()
        self.scar_grade.addItem("Not graded", None)
        for grade in range(1, 5):
            self.scar_grade.addItem(str(grade), grade)
        grade_label.setBuddy(self.scar_grade)
        scar_layout.addStretch(1)
        scar_layout.addWidget(grade_label)
        scar_layout.addWidget(self.scar_grade)
        self.concerns["acne_scars"].toggled.connect(self._scars.setVisible)
        self._problem = QLabel("Choose the Fitzpatrick skin type.")
        self._problem.setStyleSheet("color: #b00020;")
        self._problem.setVisible(False)
        # One scale above the other, in a scroll area: side by side, their long lines made the
        # wizard wider on this step than on the others (and wider than a small screen).
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 8, 0)
        for widget in (fitz_box, glogau_box, concerns_box, self._scars, self._problem):
            column.addWidget(widget)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(host, "Skin assessment"))
        self._scars.setVisible(False)

    def load(self) -> None:
        a = self.state.input.assessment
        if a.fitzpatrick:
            self.fitzpatrick.button(a.fitzpatrick).setChecked(True)
        if a.glogau:
            self.glogau.button(a.glogau).setChecked(True)
        for concern, box in self.concerns.items():
            box.setChecked(concern in a.concerns)
        for scar, box in self.scar_types.items():
            box.setChecked(scar in a.acne_scar_types)
        self.scar_grade.setCurrentIndex(max(0, self.scar_grade.findData(a.acne_scar_grade)))

    def show_stored(self) -> None:
        # load() leaves a scale alone when the state has no level; here it must go blank.
        clear_choice(self.fitzpatrick)
        clear_choice(self.glogau)
        self.load()

    def store(self) -> None:
        concerns = tuple(c for c, box in self.concerns.items() if box.isChecked())
        has_scars = "acne_scars" in concerns
        self.state.update(
            assessment=Assessment(
                fitzpatrick=self.fitzpatrick.checkedId()
                if self.fitzpatrick.checkedId() > 0
                else None,
                glogau=self.glogau.checkedId() if self.glogau.checkedId() > 0 else None,
                concerns=concerns,
                acne_scar_types=tuple(
                    s for s, b in self.scar_types.items() if b.isChecked() and has_scars
                ),
                acne_scar_grade=self.scar_grade.currentData() if has_scars else None,
            )
        )

    def validatePage(self) -> bool:
        missing = self.fitzpatrick.checkedId() <= 0
        self._problem.setVisible(missing)
        if missing:
            self.fitzpatrick.button(1).setFocus()
        return not missing
