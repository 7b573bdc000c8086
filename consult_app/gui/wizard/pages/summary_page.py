"""Summary: what was recorded and the outcome; amendments for a completed consultation."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout

from consult_app.domain.consent_text import DECISION_WORDS
from consult_app.domain.dates import format_date
from consult_app.domain.screening import OUTCOME_WORDS, Finding, Outcome
from consult_app.gui.dialogs.amendment_dialog import AmendmentDialog
from consult_app.gui.document_views import preview_document
from consult_app.gui.errors import show_error
from consult_app.gui.wizard.state import StepPage, WizardState
from consult_app.services.documents import DocumentService


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
                ("aftercare", "A&ftercare sheet"),
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
        state = self.state
        if state.is_read_only:  # what was screened then, not what today's rules would say
            findings, outcome = state.consultation.findings, state.consultation.outcome
            reassess_on, ahead = state.consultation.reassess_on, state.consultation.plan is not None
        else:
            result = state.screening()
            findings, outcome, reassess_on = result.findings, result.outcome, result.reassess_on
            ahead = state.goes_ahead()
        on = format_date(state.consultation.consultation_date)
        title = f"{state.client.details.full_name} — {on}"
        if outcome is Outcome.STOP or ahead:
            verdict = OUTCOME_WORDS[outcome or Outcome.CLEAR]
        else:
            verdict = "No treatment today: waiting, or checking with the GP first"
        if reassess_on:
            verdict += f" (re-assess from {format_date(reassess_on)})"
        html = [f"<h2>{escape(title)}</h2>", f"<p><b>Outcome:</b> {escape(verdict)}</p>"]
        html.append(self._findings_html(findings))
        html.append(self._skin_and_goals_html())
        if ahead and state.input.plan:
            html.append(self._plan_html())
        for amendment in state.consultations.amendments(state.consultation.id):
            when = amendment.created_at.astimezone().strftime("%d %b %Y %H:%M")
            html.append(
                f"<p><b>Amendment</b> by {escape(amendment.created_by)}, {when}: "
                f"{escape(amendment.change)} <i>(reason: {escape(amendment.reason)})</i></p>"
            )
        self.browser.setHtml("\n".join(html))

    def _findings_html(self, findings: tuple[Finding, ...]) -> str:
        if not findings:
            return "<p>No cautions.</p>"
        decisions = {d.rule: d for d in self.state.input.decisions}
        items = []
        for finding in findings:
            decision = decisions.get(finding.rule)
            agreed = ""
            if decision:
                agreed = (
                    f" — <i>{escape(DECISION_WORDS[decision.choice])}: {escape(decision.note)}</i>"
                )
            items.append(f"<li>[{finding.severity}] {escape(finding.message)}{agreed}</li>")
        return "<h3>Findings</h3><ul>" + "".join(items) + "</ul>"

    def _skin_and_goals_html(self) -> str:
        questionnaire = self.state.content.questionnaire
        assessment = self.state.input.assessment
        concerns = {c.id: c.label for c in questionnaire.assessment.concerns}
        goals = {g.id: g.label for g in questionnaire.goals}
        seen = ", ".join(concerns[c] for c in assessment.concerns) or "no concerns noted"
        wanted = ", ".join(goals[g] for g in self.state.input.goals) or "—"
        return (
            f"<h3>Skin</h3><p>Fitzpatrick {assessment.fitzpatrick or '—'}, "
            f"Glogau {assessment.glogau or '—'}; {escape(seen)}</p>"
            f"<p><b>Goals:</b> {escape(wanted)}</p>"
        )

    def _plan_html(self) -> str:
        plan = self.state.input.plan
        guidance = self.state.content.plan
        areas = "".join(
            f"<li>{escape(guidance.area(a.area).label)}: {a.depth_mm:g} mm"
            f"{' — ' + escape(a.reason) if a.reason else ''}</li>"
            for a in plan.areas
        )
        sessions = f"{plan.sessions} sessions, {plan.interval_weeks} weeks apart"
        return f"<h3>Plan</h3><p>{sessions}</p><ul>{areas}</ul>"

    def _on_document_clicked(self, kind: str) -> None:
        documents = DocumentService(self.state.consultations.context)
        preview_document(self, documents, self.state.consultation.id, kind)

    def _on_amend_clicked(self) -> None:
        dialog = AmendmentDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, change = dialog.values()
        try:
            self.state.consultations.amend(self.state.consultation.id, reason, change)
        except Exception as error:
            show_error(self, "The amendment was not saved", error)
            return
        self.load()

    def set_read_only(self) -> None:
        """The summary stays usable: it only shows, and amendments are its one action."""
