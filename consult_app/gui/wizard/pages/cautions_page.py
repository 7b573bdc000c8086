"""Cautions review: findings computed from the answers; each caution needs a recorded decision."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.consent_text import decision_note_hint, decision_options
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.dates import format_date
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding, Outcome
from consult_app.gui.widgets.print_warning import PrintWarning
from consult_app.gui.widgets.scrolled import scrolled
from consult_app.gui.widgets.steady_inputs import SteadyComboBox
from consult_app.gui.wizard.state import StepPage, WizardState

_GROUPS = (
    (Severity.STOP, "Stop: no treatment today", "#fdecea", "#b00020"),
    (Severity.CAUTION, "Cautions: a decision is needed for each", "#fff4e0", "#8a5300"),
    (Severity.NOTE, "Notes that shape the plan", "#eaf2fb", "#1d4f91"),
)


def _finding_text(finding: Finding) -> str:
    parts = [f"<b>{escape(finding.message)}</b>", escape(finding.advice)]
    if finding.reassess_on:
        parts.append(f"Re-assess from <b>{format_date(finding.reassess_on)}</b>.")
    if finding.source:
        parts.append(f"<span style='color:#555'>Source: {escape(finding.source)}</span>")
    return "<br>".join(parts)


class CautionsPage(StepPage):
    key = "cautions"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Cautions review")
        self.setSubTitle("Worked out from the answers and the skin assessment.")
        self._host = QWidget()
        self._layout = QVBoxLayout(self._host)
        scroll = scrolled(self._host, "Cautions")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.decisions: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.outcome: Outcome = Outcome.CLEAR

    def load(self) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            if item.widget():
                item.widget().deleteLater()
        self.decisions.clear()
        result = self.state.screening()
        self.outcome = result.outcome
        if result.outcome is Outcome.STOP:
            again = (
                f" Re-assess from {format_date(result.reassess_on)}." if result.reassess_on else ""
            )
            self._layout.addWidget(
                self._banner(f"Not suitable today.{again}", "#fdecea", "#b00020")
            )
        elif not result.findings:
            self._layout.addWidget(
                self._banner("Nothing in the answers calls for extra care.", "#e8f5e9", "#1b5e20")
            )
        recorded = {d.rule: d for d in self.state.input.decisions}
        for severity, heading, background, ink in _GROUPS:
            findings = [f for f in result.findings if f.severity is severity]
            if not findings:
                continue
            if severity is Severity.CAUTION and self.state.is_read_only:
                heading = "Cautions: the decision taken on each"  # nothing is needed any more
            title = QLabel(f"<h3 style='color:{ink}'>{heading}</h3>")
            self._layout.addWidget(title)
            for finding in findings:
                self._layout.addWidget(
                    self._finding_card(finding, background, recorded.get(finding.rule))
                )
        self._layout.addStretch(1)
        self.completeChanged.emit()

    def _banner(self, text: str, background: str, ink: str) -> QLabel:
        banner = QLabel(f"<b>{escape(text)}</b>")
        banner.setStyleSheet(
            f"background:{background}; color:{ink}; padding:10px; border-radius:4px;"
        )
        banner.setAccessibleName(text)
        return banner

    def _finding_card(self, finding: Finding, background: str, decision: Decision | None) -> QFrame:
        card = QFrame()
        card.setObjectName("finding")
        card.setStyleSheet(f"QFrame#finding {{ background:{background}; border-radius:4px; }}")
        layout = QVBoxLayout(card)
        text = QLabel(_finding_text(finding))
        text.setWordWrap(True)
        layout.addWidget(text)
        if finding.severity is Severity.CAUTION:
            choice = SteadyComboBox()
            choice.setAccessibleName(f"Decision on: {finding.message}")
            choice.addItem("Choose a decision…", None)
            for option, words in decision_options(finding.rule).items():
                choice.addItem(words, str(option))
            note = QLineEdit()
            note.setPlaceholderText(decision_note_hint(finding.rule))
            note.setAccessibleName(f"Note on: {finding.message}")
            if decision is not None:
                choice.setCurrentIndex(choice.findData(str(decision.choice)))
                note.setText(decision.note)
            choice.currentIndexChanged.connect(lambda _: self.completeChanged.emit())
            note.textChanged.connect(lambda _: self.completeChanged.emit())
            # Labelled beside each field: the note's placeholder goes once it is typed in.
            form = QFormLayout()
            for caption, field in (("Decision:", choice), ("Note:", note)):
                label = QLabel(caption)
                label.setBuddy(field)
                form.addRow(label, field)
            layout.addLayout(form)
            layout.addWidget(PrintWarning(note, self.state.consultations.unprintable_characters))
            self.decisions[finding.rule] = (choice, note)
        return card

    def _decisions(self) -> tuple[Decision, ...]:
        return tuple(
            Decision(rule, DecisionChoice(choice.currentData()), note.text().strip())
            for rule, (choice, note) in self.decisions.items()
            if choice.currentData()
        )

    def store(self) -> None:
        self.state.update(decisions=self._decisions())

    def isComplete(self) -> bool:
        if self.state.is_read_only:
            return True
        return all(
            choice.currentData() and note.text().strip() for choice, note in self.decisions.values()
        )
