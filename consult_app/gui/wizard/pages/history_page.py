"""Medical history: one page per questionnaire section, generated from the content."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from consult_app.domain.questionnaire import Question, Section
from consult_app.gui.widgets.print_warning import PrintWarning
from consult_app.gui.widgets.scrolled import scrolled
from consult_app.gui.wizard.answer_widgets import (
    WIDGETS,
    AnswerWidget,
    ProceduresAnswer,
    TextAnswer,
)
from consult_app.gui.wizard.state import NOTHING_CHANGES, StepPage, WizardState


class HistoryPage(StepPage):
    read_only_subtitle = f"The answers given at this consultation. {NOTHING_CHANGES}"

    def __init__(self, state: WizardState, section: Section) -> None:
        super().__init__(state)
        self.key = f"history:{section.id}"
        self.section = section
        self.setTitle(section.title)
        if section.intro:
            self.setSubTitle(section.intro)
        questionnaire = state.content.questionnaire
        self.answers: dict[str, AnswerWidget] = {}
        self._rows: dict[str, tuple[QLabel, AnswerWidget, QLabel]] = {}
        form_host = QWidget()
        self._form = QVBoxLayout(form_host)
        self._before_questions(self._form)
        for question_id in section.question_ids:
            question = questionnaire.questions[question_id]
            self._add_question(question)
            for follow_up in questionnaire.follow_ups(question_id):
                self._add_question(follow_up, indent=True)
        self._form.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(form_host, section.title))

    def _before_questions(self, form: QVBoxLayout) -> None:
        """Room for a field above the questions, made before them so Tab reaches it first."""

    def _add_question(self, question: Question, *, indent: bool = False) -> None:
        text = question.text + ("" if question.required else " (optional)")
        # A buddy label would underline the letter after an "&" in the question's text.
        label = QLabel(("↳ " if indent else "") + text.replace("&", "&&"))
        label.setWordWrap(True)
        font = label.font()
        font.setBold(not indent)
        label.setFont(font)
        if question.help:
            label.setToolTip(question.help)
        widget = WIDGETS[question.type](question)
        widget.setAccessibleDescription(question.help)
        label.setBuddy(widget.first_input())
        problem = QLabel()
        problem.setStyleSheet("color: #b00020;")
        problem.setWordWrap(True)
        problem.setVisible(False)
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(24 if indent else 0, 0, 0, 10)
        column_layout.setSpacing(4)
        column_layout.addWidget(label)
        column_layout.addWidget(widget)
        if question.help:
            hint = QLabel(question.help)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            column_layout.addWidget(hint)
        if isinstance(widget, TextAnswer):  # free text is printed on the record
            unprintable = self.state.consultations.unprintable_characters
            column_layout.addWidget(PrintWarning(widget.editor(), unprintable))
        column_layout.addWidget(problem)
        self._form.addWidget(column)
        self.answers[question.id] = widget
        self._rows[question.id] = (label, widget, problem)
        widget.changed.connect(self._show_follow_ups)
        widget.changed.connect(self._hide_answered_problems)

    def _current(self) -> dict[str, object]:
        return {qid: w.value() for qid, w in self.answers.items() if w.value() is not None}

    def _show_follow_ups(self) -> None:
        questionnaire = self.state.content.questionnaire
        answers = {**self.state.input.answers_json, **self._current()}
        for question_id, (_, widget, _) in self._rows.items():
            shown = questionnaire.is_shown(questionnaire.questions[question_id], answers)
            widget.parentWidget().setVisible(shown)

    def _hide_answered_problems(self) -> None:
        """A "please answer" shown by Next goes as soon as its question is answered."""
        missing = set(self._unanswered())
        for question_id, (_, _, problem) in self._rows.items():
            if problem.isVisibleTo(self) and question_id not in missing:
                problem.setVisible(False)

    def _unanswered(self) -> list[str]:
        questionnaire = self.state.content.questionnaire
        answers = {**self.state.input.answers_json, **self._current()}
        missing = []
        for question_id, widget in self.answers.items():
            question = questionnaire.questions[question_id]
            if not questionnaire.is_shown(question, answers):
                continue
            unanswered = question.required and widget.value() is None
            if unanswered or (isinstance(widget, ProceduresAnswer) and widget.missing_dates()):
                missing.append(question_id)
        return missing

    def load(self) -> None:
        for question_id, widget in self.answers.items():
            if question_id in self.state.input.answers_json:
                widget.set_value(self.state.input.answers_json[question_id])
        self._show_follow_ups()

    def show_stored(self) -> None:
        # load() leaves a question alone when the state has no answer; here it must go blank.
        for question_id, widget in self.answers.items():
            widget.set_value(self.state.input.answers_json.get(question_id))
        self._show_follow_ups()

    def store(self) -> None:
        answers = {k: v for k, v in self.state.input.answers_json.items() if k not in self.answers}
        answers.update(self._current())
        self.state.update(answers_json=answers)

    def validatePage(self) -> bool:
        missing = set(self._unanswered())
        for question_id, (_, widget, problem) in self._rows.items():
            is_missing = question_id in missing
            if is_missing and isinstance(widget, ProceduresAnswer) and widget.missing_dates():
                problem.setText("Give the date of each treatment (an approximate date is fine).")
            else:
                problem.setText("Please answer this question.")
            problem.setVisible(is_missing)
        if missing:
            first = next(q for q in self.answers if q in missing)
            self.answers[first].first_input().setFocus(Qt.FocusReason.OtherFocusReason)
        return not missing
