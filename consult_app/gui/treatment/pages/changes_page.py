"""Anything changed since last time? Every health question on one page, filled in with the
answers given last time; an answer changed today is marked, and screened as it is typed."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from consult_app.domain.answer_words import answer_in_words
from consult_app.domain.questionnaire import Section
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, ScreeningResult
from consult_app.gui.tasks import run_in_background
from consult_app.gui.treatment.state import SessionState
from consult_app.gui.widgets.field_error import FieldError
from consult_app.gui.widgets.steady_inputs import SteadyDateEdit
from consult_app.gui.wizard.pages.history_page import HistoryPage
from consult_app.gui.wizard.state import NOTHING_CHANGES

SCREEN_DELAY_MS = 300  # after the last click: one screening per change of mind, not per key
_CHANGED_STYLE = "color: #8a5300; font-weight: bold;"
_BANNERS = {
    Outcome.STOP: ("#fdecea", "#b00020"),
    Outcome.CAUTION: ("#fff4e0", "#8a5300"),
    Outcome.CLEAR: ("#e8f5e9", "#1b5e20"),
}


def _all_questions(state: SessionState) -> Section:
    """The questionnaire's sections as one: the session asks them all again, on one page."""
    sections = state.content.questionnaire.sections
    return Section(
        "changes",
        "Anything changed since last time?",
        tuple(qid for section in sections for qid in section.question_ids),
        "Last time's answers are filled in. Change any that are different today: changed "
        "answers are marked, and screened again on the session date.",
    )


def screening_words(result: ScreeningResult) -> str:
    """One line on what the answers so far mean for today's treatment."""
    stops = [f.message for f in result.findings if f.severity is Severity.STOP]
    if stops:
        return "Stop: no treatment today. " + " ".join(stops)
    cautions = sum(f.severity is Severity.CAUTION for f in result.findings)
    if cautions:
        plural = "s need" if cautions != 1 else " needs"
        return f"{cautions} caution{plural} a decision on the next page."
    return "Nothing in today's answers calls for extra care."


class ChangesPage(HistoryPage):
    """HistoryPage over every section, with last time's answer beside each question."""

    read_only_subtitle = (
        "The answers given at this session; answers changed since the time before are marked. "
        + NOTHING_CHANGES
    )

    def __init__(self, state: SessionState) -> None:
        super().__init__(state, _all_questions(state))  # type: ignore[arg-type]  # same words
        self.key = "changes"
        self.state: SessionState = state  # type: ignore[assignment]
        self.marks: dict[str, QLabel] = {}
        for question_id, (_, widget, _) in self._rows.items():
            column = widget.parentWidget().layout()
            mark = QLabel()
            mark.setWordWrap(True)
            column.insertWidget(column.indexOf(widget) + 1, mark)
            self.marks[question_id] = mark
            widget.changed.connect(self._on_answer_changed)
        self._add_headings()
        self.changed_count = QLabel()  # "2 answers changed since last time", or "Nothing…"
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("What today's answers mean")
        self.verdict.setVisible(False)
        self._form.insertWidget(1, self.changed_count)
        self._form.insertWidget(2, self.verdict)
        self._screen_timer = QTimer(self, singleShot=True, interval=SCREEN_DELAY_MS)
        self._screen_timer.timeout.connect(self._screen_now)
        self._asked = 0  # the newest screening asked for; older answers are dropped

    def _before_questions(self, form: QVBoxLayout) -> None:
        form.addWidget(self._date_row())  # made first, so first in Tab order too

    def _date_row(self) -> QWidget:
        """The day of the visit: today unless it is written up later; answers are screened on
        it, and a session sooner than the plan's interval is counted to it."""
        self.date_edit = SteadyDateEdit()
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setAccessibleName("Session date")
        self.date_edit.setAccessibleDescription(
            "The day of the visit: change it when writing up a visit on a later day"
        )
        self.date_edit.dateChanged.connect(lambda _: self._on_date_changed())
        self.date_error = FieldError("the session date")
        label = QLabel("Session &date:")
        label.setBuddy(self.date_edit)
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 10)
        line = QHBoxLayout()
        line.addWidget(label)
        line.addWidget(self.date_edit)
        line.addStretch(1)
        layout.addLayout(line)
        layout.addWidget(self.date_error)
        return row

    def _chosen_date(self) -> date:
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    def _show_date(self) -> None:
        day = self.state.session_date
        self.date_edit.blockSignals(True)  # shown, not chosen: nothing to screen again
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.date_error.set_message(None)

    def _date_problem(self) -> str | None:
        problems = self.state.date_problems(self._chosen_date())
        return problems[0].message if problems else None

    def _on_date_changed(self) -> None:
        """A day that cannot be chosen is said under the field at once; any other day is
        screened again, so waiting periods and the plan's interval count to it."""
        problem = self._date_problem()
        self.date_error.set_message(problem)
        if problem is None:
            self._screen_timer.start()
        else:
            self._screen_timer.stop()
            self._asked += 1  # a screening on its way is for another day
            self.verdict.setVisible(False)
        self._show_marks()

    def _add_headings(self) -> None:
        for section in self.state.content.questionnaire.sections:
            first = self._rows[section.question_ids[0]][1].parentWidget()
            heading = QLabel(f"<h3>{escape(section.title)}</h3>")
            self._form.insertWidget(self._form.indexOf(first), heading)

    def load(self) -> None:
        super().load()
        self._show_date()
        self._show_marks()
        if not self.state.is_read_only:
            self._screen_now()

    def show_stored(self) -> None:
        super().show_stored()
        self._show_date()  # the day as saved elsewhere, not the one chosen here
        self._show_marks()

    def store(self) -> None:
        super().store()
        if self._date_problem() is None:  # a day refused is not kept, not even as a draft
            self.state.update(session_date=self._chosen_date())

    def validatePage(self) -> bool:
        problem = self._date_problem()
        if problem is not None:
            self.date_error.set_message(problem)
            self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return super().validatePage()

    def _on_answer_changed(self) -> None:
        self._show_marks()
        self._screen_timer.start()

    def _value(self, question_id: str) -> Any:
        return self.answers[question_id].value()

    def _show_marks(self) -> None:
        """ "Changed: last time No" under each answer that differs from last time's."""
        questions = self.state.content.questionnaire.questions
        state = self.state
        stored_changes = state.changed() if state.is_read_only else set()
        for question_id, mark in self.marks.items():
            question = questions[question_id]
            if state.is_read_only:
                is_changed = question_id in stored_changes
                text = "Changed since last time" if is_changed else ""
            else:
                before = state.previous.get(question_id)
                is_changed = self._value(question_id) != before and not (
                    before is None and self._value(question_id) in (None, [], "")
                )
                words = answer_in_words(question, before) if before is not None else "not asked"
                text = f"Changed: last time {words}" if is_changed else ""
            mark.setText(text)
            mark.setVisible(bool(text))
            mark.setStyleSheet(_CHANGED_STYLE)
            mark.setAccessibleName(text)
        count = len(self.changed_questions())
        changed = (
            f"{count} answer{'s' if count != 1 else ''} changed since last time"
            if count
            else "Nothing changed since last time"
        )
        self.changed_count.setText(f"<b>{escape(changed)}</b>")
        self.changed_count.setAccessibleName(changed)

    def changed_questions(self) -> list[str]:
        """The question ids marked as changed, in the page's order."""
        return [q for q, mark in self.marks.items() if mark.text().startswith("Changed")]

    def _screen_now(self) -> None:
        """Screen the answers as they stand, off the GUI thread; show what they mean."""
        self.store()
        self._asked += 1
        asked = self._asked
        state = self.state
        answers = dict(state.input.answers_json)
        consultation_id, day = state.consultation.id, state.session_date

        # The wizard may have closed meanwhile: then there is no page to show it on.
        def shown(result: ScreeningResult) -> None:
            if shiboken6.isValid(self) and asked == self._asked:
                self._show_verdict(result)

        def failed(_error: BaseException) -> None:
            # Answers not complete enough to screen: say nothing yet.
            if shiboken6.isValid(self) and asked == self._asked:
                self.verdict.setVisible(False)

        run_in_background(
            lambda: state.treatments.screen(consultation_id, day, answers), shown, failed
        )

    def _show_verdict(self, result: ScreeningResult) -> None:
        text = screening_words(result)
        background, ink = _BANNERS[result.outcome]
        self.verdict.setText(text)
        self.verdict.setAccessibleName(text)
        self.verdict.setStyleSheet(
            f"background:{background}; color:{ink}; padding:8px; border-radius:4px;"
        )
        self.verdict.setVisible(True)
