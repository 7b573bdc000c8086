"""Summary and sign-off: the session in words; the practitioner signs the chart off, or says
why the session ends without treatment. A finished session takes amendments only."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from consult_app.domain.bidi import isolated
from consult_app.domain.dates import format_date
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding
from consult_app.domain.treatment import SESSION_STATUS_WORDS, SessionStatus
from consult_app.gui.dialogs.amendment_dialog import amend
from consult_app.gui.treatment.session_html import changes_html, chart_html, findings_html
from consult_app.gui.treatment.state import SessionState
from consult_app.gui.widgets.reason_fields import problem_label, reason_edit
from consult_app.gui.wizard.state import StepPage


def ending_reason(findings: tuple[Finding, ...], state: SessionState) -> str:
    """Why the session ends untreated, in the findings' own words, to start the reason with."""
    stops = [f.message for f in findings if f.severity is Severity.STOP]
    if stops:
        return " ".join(stops)
    messages = {f.rule: f.message for f in findings}
    waits = [
        f"{messages.get(d.rule, d.rule)} ({d.note})"
        for d in state.input.decisions
        if str(d.choice) != "proceed_modified" and d.rule in messages
    ]
    return " ".join(waits)


class SessionSummaryPage(StepPage):
    key = "summary"

    def __init__(self, state: SessionState) -> None:
        super().__init__(state)  # type: ignore[arg-type]  # the same words as WizardState
        self.state: SessionState = state  # type: ignore[assignment]
        self.setTitle("Summary and sign-off")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Session summary")
        self.sign_off = QCheckBox()
        self.sign_off.setAccessibleName("Practitioner's sign-off")
        self.sign_off.toggled.connect(lambda _: self.completeChanged.emit())
        self.reason_label = QLabel("&Why the session ends without treatment:")
        self.reason = reason_edit("Why the session ends without treatment")
        self.reason_label.setBuddy(self.reason)
        self.reason.textChanged.connect(self.completeChanged.emit)
        self.problem = problem_label("the reason")
        self.amend = QPushButton("&Add an amendment…")
        self.amend.setToolTip("Correct or add to a finished session, with a reason")
        self.amend.clicked.connect(self._on_amend_clicked)
        # A treated session's paper: the client's aftercare sheet and the clinic's record.
        self.documents = {
            kind: QPushButton(label)
            for kind, label in (
                ("session_aftercare", "Aftercare &sheet"),
                ("session_record", "Session &record"),
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
        layout.addWidget(self.browser, 1)
        for widget in (self.sign_off, self.reason_label, self.reason, self.problem):
            layout.addWidget(widget)
        layout.addLayout(row)
        self._ahead = True
        self._findings: tuple[Finding, ...] = ()

    def initializePage(self) -> None:
        state = self.state
        if state.is_read_only:
            self._findings = state.session.findings
            self._ahead = state.session.status is SessionStatus.TREATED
        else:
            result = state.screening()
            self._findings = result.findings
            self._ahead = state.goes_ahead()
        super().initializePage()
        draft = not state.is_read_only
        self.amend.setVisible(not draft)
        treated = state.session.status is SessionStatus.TREATED
        self.documents["session_aftercare"].setVisible(treated)
        self.documents["session_record"].setVisible(not draft)
        self.sign_off.setVisible(draft and self._ahead)
        for widget in (self.reason_label, self.reason):
            widget.setVisible(draft and not self._ahead)
        who = state.practitioner_name
        # Alt+I ticks it; an "&" in a name is shown, not taken as the underlined letter.
        self.sign_off.setText(
            f"&I, {who.replace('&', '&&')}, carried out this treatment as charted, and sign "
            "the session off"
        )
        if draft and not self._ahead and not self.reason.toPlainText().strip():
            self.reason.setPlainText(ending_reason(self._findings, state))
        if not draft:
            self.setSubTitle("This session is finished; changes are added as amendments.")
        elif self._ahead:
            self.setSubTitle("Check the session, tick the sign-off, then press Finish.")
        else:
            self.setSubTitle(
                "There is no treatment today. Press Finish to end the session as not treated."
            )
        self.completeChanged.emit()

    @property
    def goes_ahead(self) -> bool:
        return self._ahead

    def load(self) -> None:
        self.browser.setHtml("".join(self._sections()))

    def _sections(self) -> list[str]:
        state = self.state
        session = state.session
        course = state.course
        number = session.number or (course.next_number if course else None)
        of = f" {number} of {course.planned}" if number and course else ""
        by = session.practitioner or state.practitioner_name
        status = SESSION_STATUS_WORDS[session.status]
        sections = [
            f"<h2 align='left'>{escape(isolated(state.client.details.full_name))}</h2>",
            f"<p>Session{of} on {escape(format_date(session.session_date))}, with "
            f"{escape(isolated(by))}. <b>{escape(status)}</b></p>",
        ]
        if session.status is SessionStatus.NOT_TREATED:
            sections.append(
                f"<p><b>Not treated:</b> {escape(session.not_treated_reason or '—')}</p>"
            )
        questionnaire = state.content.questionnaire
        changed = sorted(state.changed(), key=list(questionnaire.questions).index)
        previous = {} if state.is_read_only else state.previous
        sections.append(changes_html(questionnaire, changed, state.input.answers_json, previous))
        sections.append(findings_html(self._findings, state.input.decisions))
        if self._ahead:
            sections.append(chart_html(state.input.chart, state.content.plan))
        sections.append(self._amendments_html())
        return sections

    def _amendments_html(self) -> str:
        if not self.state.is_read_only:
            return ""
        html = []
        for amendment in self.state.treatments.amendments(self.state.session.id):
            when = format_date(amendment.created_at.date())
            html.append(
                f"<p><b>Amendment</b> by {escape(amendment.created_by)}, {when}: "
                f"{escape(amendment.change)} <i>(reason: {escape(amendment.reason)})</i></p>"
            )
        return "".join(html)

    def ending(self) -> str:
        """The reason the session ends untreated, as typed."""
        return self.reason.toPlainText().strip()

    def isComplete(self) -> bool:
        if self.state.is_read_only:
            return True
        return self.sign_off.isChecked() if self._ahead else bool(self.ending())

    def validatePage(self) -> bool:
        if not self.state.is_read_only and not self._ahead and not self.ending():
            self.problem.set_message("Please write why the session ends without treatment.")
            return False
        return True

    def _on_document_clicked(self, kind: str) -> None:
        from consult_app.gui.document_views import preview_document
        from consult_app.services.documents import DocumentService

        documents = DocumentService(self.state.treatments.context)
        preview_document(self, documents, self.state.session.id, kind, self.state.signed_in)

    def _on_amend_clicked(self) -> None:
        record = self.state.session.id
        service = self.state.treatments
        if amend(self, lambda reason, change: service.amend(record, reason, change)):
            self.load()

    def set_read_only(self) -> None:
        """The summary stays usable: it only shows, and amendments are its one action."""
