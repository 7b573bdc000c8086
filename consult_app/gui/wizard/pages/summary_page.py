"""Summary: what was recorded and the outcome; amendments for a completed consultation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from itertools import groupby

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout

from consult_app.domain.answer_words import answers_in_words, assessment_in_words
from consult_app.domain.bidi import isolated
from consult_app.domain.consent_text import decision_option
from consult_app.domain.dates import format_date, format_moment
from consult_app.domain.screening import OUTCOME_WORDS, Finding, Outcome
from consult_app.gui.dialogs.amendment_dialog import amend
from consult_app.gui.document_views import preview_document
from consult_app.gui.wizard.state import StepPage, WizardState
from consult_app.gui.wizard.withdrawal_dialog import withdrawn_html
from consult_app.services.clinic import ClinicService
from consult_app.services.documents import DocumentService


@dataclass(frozen=True, slots=True)
class _Screened:
    """What the summary reports: as screened at completion, or as the answers stand now."""

    findings: tuple[Finding, ...]
    outcome: Outcome | None
    reassess_on: date | None
    ahead: bool  # treatment planned today


class SummaryPage(StepPage):
    key = "summary"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Summary")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Consultation summary")
        self.amend = QPushButton("&Add an amendment…")
        self.amend.setToolTip("Correct or add to a completed consultation, with a reason")
        self.documents = {
            kind: QPushButton(label)
            for kind, label in (
                ("consent", "Signed &consent"),
                ("aftercare", "Aftercare &sheet"),  # Alt+F is Finish
                ("record", "Consultation &record"),
            )
        }
        row = QHBoxLayout()
        for kind, button in self.documents.items():
            button.setToolTip("Preview, print or save as PDF")
            button.clicked.connect(lambda _=False, k=kind: self._on_document_clicked(k))
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.amend)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addLayout(row)
        self.amend.clicked.connect(self._on_amend_clicked)

    def initializePage(self) -> None:
        super().initializePage()
        self.amend.setVisible(self.state.is_read_only)
        self.amend.setEnabled(self.state.is_read_only)
        signed = bool(self.state.consultations.consents(self.state.consultation.id))
        self.documents["consent"].setEnabled(signed)
        self.documents["aftercare"].setEnabled(signed)
        self.documents["record"].setEnabled(self.state.is_read_only)
        self.setSubTitle(
            "This consultation is complete; changes are added as amendments."
            if self.state.is_read_only
            else "Check everything, then press Finish to complete the consultation."
        )

    def load(self) -> None:
        self.browser.setHtml("\n".join(self._sections(self._screened())))

    def _screened(self) -> _Screened:
        state = self.state
        if state.is_read_only:  # what was screened then, not what today's rules would say
            done = state.consultation
            return _Screened(done.findings, done.outcome, done.reassess_on, done.plan is not None)
        result = state.screening()
        return _Screened(result.findings, result.outcome, result.reassess_on, state.goes_ahead())

    def _sections(self, screened: _Screened) -> list[str]:
        """The whole record, part by part, in the order the consultation record prints it."""
        sections = [
            self._heading_html(),
            self._outcome_html(screened),
            self._findings_html(screened.findings),
            withdrawn_html(self.state.consultation.withdrawn, self._moment),
            self._answers_html(),
            self._skin_and_goals_html(),
        ]
        if screened.ahead and self.state.input.plan:
            sections.append(self._plan_html())
        sections.append(self._amendments_html())
        return sections

    def _heading_html(self) -> str:
        # The name has a heading of its own, isolated (FSI…PDI): a right-to-left name can then
        # never reorder the date or the words around it.
        state = self.state
        on = format_date(state.consultation.consultation_date)
        by = state.consultation.practitioner or state.practitioner_name
        return (
            f"<h2 align='left'>{escape(isolated(state.client.details.full_name))}</h2>"
            f"<p>Consultation on {escape(on)}, with {escape(isolated(by))}</p>"
        )

    def _outcome_html(self, screened: _Screened) -> str:
        if screened.outcome is Outcome.STOP or screened.ahead:
            verdict = OUTCOME_WORDS[screened.outcome or Outcome.CLEAR]
        else:
            verdict = "No treatment today: waiting, or checking with the GP first"
        if screened.reassess_on:
            verdict += f" (re-assess from {format_date(screened.reassess_on)})"
        return f"<p><b>Outcome:</b> {escape(verdict)}</p>"

    def _findings_html(self, findings: tuple[Finding, ...]) -> str:
        if not findings:
            return "<p>No cautions.</p>"
        decisions = {d.rule: d for d in self.state.input.decisions}
        items = []
        for finding in findings:
            decision = decisions.get(finding.rule)
            agreed = ""
            if decision:
                words = decision_option(decision)
                agreed = f" — <i>{escape(words)}: {escape(decision.note)}</i>"
            items.append(f"<li>[{finding.severity}] {escape(finding.message)}{agreed}</li>")
        return "<h3>Findings</h3><ul>" + "".join(items) + "</ul>"

    def _answers_html(self) -> str:
        """Every question asked and its answer, free text included, section by section."""
        questionnaire = self.state.content.questionnaire
        answers = answers_in_words(questionnaire, self.state.input.answers_json)
        if not answers:
            return "<h3>Health questions</h3><p>No answers recorded.</p>"
        html = ["<h3>Health questions</h3>"]
        for section, rows in groupby(answers, key=lambda a: a.section):
            html.append(f"<h4>{escape(section)}</h4><table cellspacing='0' cellpadding='2'>")
            html += [
                f"<tr><td width='60%'>{escape(a.question)}</td><td><b>{escape(a.answer)}</b></td>"
                "</tr>"
                for a in rows
            ]
            html.append("</table>")
        return "".join(html)

    def _skin_and_goals_html(self) -> str:
        questionnaire = self.state.content.questionnaire
        lines = assessment_in_words(questionnaire, self.state.input.assessment)
        skin = "".join(f"<p><b>{escape(label)}:</b> {escape(words)}</p>" for label, words in lines)
        goals = {g.id: g.label for g in questionnaire.goals}
        wanted = ", ".join(goals.get(g, g) for g in self.state.input.goals) or "None recorded"
        return f"<h3>Skin assessment</h3>{skin}<h3>Goals</h3><p>{escape(wanted)}</p>"

    def _plan_html(self) -> str:
        plan = self.state.input.plan
        guidance = self.state.content.plan
        areas = "".join(
            f"<li>{escape(guidance.area(a.area).label)}: {a.depth_mm:g} mm"
            f"{' — ' + escape(a.reason) if a.reason else ''}</li>"
            for a in plan.areas
        )
        weeks = "week" if plan.interval_weeks == 1 else "weeks"
        sessions = f"{plan.sessions} sessions, {plan.interval_weeks} {weeks} apart"
        notes = f"<p><b>Notes:</b> {escape(plan.notes)}</p>" if plan.notes else ""
        return f"<h3>Plan</h3><p>{sessions}</p><ul>{areas}</ul>{notes}"

    def _moment(self, at: datetime) -> str:
        """A time as the clinic's papers write it, in its zone: "2 Dec 2026, 16:19 GMT"."""
        clinic = ClinicService(self.state.consultations.context).details()
        return clinic.moment(at) if clinic else format_moment(at)

    def _amendments_html(self) -> str:
        html = []
        for amendment in self.state.consultations.amendments(self.state.consultation.id):
            when = self._moment(amendment.created_at)
            html.append(
                f"<p><b>Amendment</b> by {escape(amendment.created_by)}, {when}: "
                f"{escape(amendment.change)} <i>(reason: {escape(amendment.reason)})</i></p>"
            )
        return "".join(html)

    def _on_document_clicked(self, kind: str) -> None:
        documents = DocumentService(self.state.consultations.context)
        preview_document(self, documents, self.state.consultation.id, kind, self.state.signed_in)

    def _on_amend_clicked(self) -> None:
        record = self.state.consultation.id
        service = self.state.consultations
        if amend(self, lambda reason, change: service.amend(record, reason, change)):
            self.load()

    def set_read_only(self) -> None:
        """The summary stays usable: it only shows, and amendments are its one action."""
