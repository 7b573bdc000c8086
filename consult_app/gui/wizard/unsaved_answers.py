"""After a reload: the answers this user gave that the saved consultation does not hold."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from consult_app.domain.answer_words import answers_in_words
from consult_app.domain.consent_text import decision_option
from consult_app.domain.plan import Plan, PlanGuidance
from consult_app.domain.questionnaire import Option, ScaleLevel
from consult_app.services.consultations import ConsultationInput


def _level(levels: tuple[ScaleLevel, ...], chosen: int | None) -> str:
    return next((level.label for level in levels if level.level == chosen), "Not chosen")


def _labels(options: tuple[Option, ...], chosen: tuple[str, ...]) -> str:
    names = {option.id: option.label for option in options}
    return ", ".join(names.get(option_id, option_id) for option_id in chosen) or "None"


def _plan_words(guidance: PlanGuidance, plan: Plan | None) -> str:
    if plan is None:
        return "No plan"
    areas = "; ".join(
        f"{guidance.area(a.area).label} {a.depth_mm:g} mm" + (f" ({a.reason})" if a.reason else "")
        for a in plan.areas
    )
    notes = f"; notes: {plan.notes}" if plan.notes else ""
    return f"{plan.sessions} sessions, {plan.interval_weeks} weeks apart: {areas}{notes}"


def in_words(content: Any, chosen: ConsultationInput) -> dict[str, tuple[str, str]]:
    """Everything the wizard holds, by a key of its own: (what was asked, the answer in words).

    `content` is the services' Content (gui/ may not import content/).
    """
    questionnaire = content.questionnaire
    scales = questionnaire.assessment
    rows = {
        f"{a.section}\n{a.question}": (a.question, a.answer)
        for a in answers_in_words(questionnaire, chosen.answers_json)
    }
    assessment = chosen.assessment
    grade = assessment.acne_scar_grade
    rows |= {
        "fitzpatrick": (
            "Fitzpatrick skin type",
            _level(scales.fitzpatrick, assessment.fitzpatrick),
        ),
        "glogau": ("Glogau photo-ageing type", _level(scales.glogau, assessment.glogau)),
        "concerns": ("Concerns seen", _labels(scales.concerns, assessment.concerns)),
        "acne_scar_types": (
            "Acne scar types",
            _labels(scales.acne_scar_types, assessment.acne_scar_types),
        ),
        "acne_scar_grade": ("Goodman & Baron grade", str(grade) if grade else "Not graded"),
        "goals": ("The client's goals", _labels(questionnaire.goals, chosen.goals)),
    }
    messages = {rule.id: rule.message for rule in content.rules.rules}
    for decision in chosen.decisions:
        rows[f"decision:{decision.rule}"] = (
            f"Decision on: {messages.get(decision.rule, decision.rule)}",
            f"{decision_option(decision)}. Note: {decision.note}",
        )
    rows["plan"] = ("Treatment plan", _plan_words(content.plan, chosen.plan))
    return rows


def unsaved_answers(
    content: Any, opened: ConsultationInput, entered: ConsultationInput, saved: ConsultationInput
) -> list[tuple[str, str]]:
    """(question, answer) for each answer this user changed that `saved` does not hold.

    `opened` is what the wizard was based on, `entered` what it held when the save was refused.
    An answer only the other computer changed is not listed: the saved one stands.
    """
    before, mine, now = (in_words(content, x) for x in (opened, entered, saved))
    return [
        (question, answer)
        for key, (question, answer) in mine.items()
        if answer not in (before.get(key, ("", ""))[1], now.get(key, ("", ""))[1])
    ]


class UnsavedAnswersDialog(QDialog):
    """A window beside the wizard listing answers that were not saved; it changes nothing."""

    def __init__(
        self,
        answers: list[tuple[str, str]],
        parent: QWidget | None = None,
        record: str = "consultation",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your unsaved answers")
        self.resize(560, 420)
        intro = QLabel(
            f"The wizard now shows the {record} as it was saved on the other computer. "
            "These answers of yours were different and have not been saved. To keep any of "
            "them, enter them again in the wizard."
        )
        intro.setWordWrap(True)
        self.list = QTextBrowser()
        self.list.setAccessibleName("Your unsaved answers")
        rows = "".join(
            f"<tr><td style='padding:4px 16px 4px 0'>{escape(question)}</td>"
            f"<td style='padding:4px 0'><b>{escape(answer)}</b></td></tr>"
            for question, answer in answers
        )
        self.list.setHtml(
            "<table><tr><th align='left'>Question</th><th align='left'>Your answer</th></tr>"
            f"{rows}</table>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.NonModal)  # to read while answering again
