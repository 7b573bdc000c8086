"""Step 1: whose consultation this is, with their details to check."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from consult_app.domain.dates import age_on, format_date
from consult_app.domain.rules import Severity
from consult_app.domain.withdrawal import finding_key
from consult_app.gui.wizard.state import StepPage, WizardState

_VALUE_WIDTH = 480  # pixels a detail may take before it is elided


class ClientPage(StepPage):
    key = "client"
    # Details are corrected from the client's list, not as an amendment to the consultation.
    read_only_subtitle = (
        "The client's details as they are on file now; Edit client in the client's list "
        "corrects them."
    )
    end_requested = Signal()  # the practitioner ends here: not suitable today
    stops_shown = Signal()  # stops not shown before are on the page now: the draft records it

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Client details")
        self.setSubTitle("Check these details with the client before you start.")
        self._details = QLabel()
        self._details.setWordWrap(True)
        self._details.setAccessibleName("Client details")
        self.edit = QPushButton("&Edit details…")
        self.edit.setToolTip("Correct the client's details before the consultation")
        self.edit.clicked.connect(self._on_edit_clicked)
        self.edit.setAutoDefault(False)  # Enter goes Next even while this button has focus
        row = QHBoxLayout()
        row.addWidget(self.edit)
        row.addStretch(1)
        # A stop known from the details alone (under 18) is shown here, not after every question.
        self.stop = QLabel()
        self.stop.setWordWrap(True)
        self.stop.setStyleSheet(
            "background:#fdecea; color:#b00020; padding:10px; border-radius:4px;"
        )
        self.end = QPushButton("&Stop here: not suitable today")
        self.end.setToolTip("End the consultation now; it is saved as not suitable today")
        self.end.clicked.connect(self.end_requested)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end)
        end_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._details)
        layout.addLayout(row)
        layout.addWidget(self.stop)
        layout.addLayout(end_row)
        layout.addStretch(1)

    def _on_edit_clicked(self) -> None:
        from consult_app.gui.dialogs.client_dialog import ClientDialog

        today = self.state.clients.context.today()
        dialog = ClientDialog(self.state.clients, today, client=self.state.client, parent=self)
        # The dialog saves the edit itself, so a refused save is sorted out while it is open.
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved_client is None:
            return
        self.state.client = dialog.saved_client
        self.load()

    def load(self) -> None:
        d = self.state.client.details
        on = self.state.consultation.consultation_date
        age = f" (age {age_on(d.date_of_birth, on)})" if d.date_of_birth else ""
        rows = [
            ("Name", d.full_name + (f" — prefers {d.preferred_name}" if d.preferred_name else "")),
            ("Date of birth", (format_date(d.date_of_birth) if d.date_of_birth else "—") + age),
            ("Phone", d.phone),
            ("E-mail", d.email),
            ("Address", d.address),
            ("GP", ", ".join(x for x in (d.gp_name, d.gp_practice) if x)),
            (
                "Emergency contact",
                " ".join(x for x in (d.emergency_contact_name, d.emergency_contact_phone) if x),
            ),
            ("Consultation date", format_date(on)),
        ]
        # A long word (a 100-character name, an e-mail) cannot wrap: it would widen the wizard
        # past the screen, so it ends in "…" and the tooltip has it whole.
        metrics = self._details.fontMetrics()
        elide = Qt.TextElideMode.ElideRight
        shown = [
            (k, v if k == "Address" else metrics.elidedText(v, elide, _VALUE_WIDTH))
            for k, v in rows
        ]
        cells = "".join(
            f"<tr><th align='left' style='padding-right:16px'>{escape(k)}</th>"
            f"<td>{escape(v) or '—'}</td></tr>"
            for k, v in shown
        )
        self._details.setText(f"<table cellspacing='6'>{cells}</table>")
        cut = [f"{k}: {v}" for (k, v), (_, s) in zip(rows, shown, strict=True) if v != s]
        self._details.setToolTip("\n".join(cut))
        self._show_stops()

    def _show_stops(self) -> None:
        stops = [f for f in self.state.screening().findings if f.severity is Severity.STOP]
        ended = self.state.is_read_only
        self.stop.setVisible(bool(stops))
        self.end.setVisible(bool(stops) and not ended)
        if not stops:
            return
        then = (
            ""
            if ended
            else "<p>If a detail is wrong, correct it with Edit details. Otherwise you can "
            "end the consultation here, and it is saved as not suitable today.</p>"
        )
        reasons = "".join(f"<p>{escape(f.message)}</p>" for f in stops)
        self.stop.setText(f"<b>Stop: not suitable today.</b>{reasons}{then}")
        self.stop.setAccessibleName("Stop: not suitable today")
        seen = {finding_key(s.finding) for s in self.state.consultation.shown}
        if not ended and any(finding_key(f) not in seen for f in stops):
            self.stops_shown.emit()
