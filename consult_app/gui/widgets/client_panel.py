"""The selected client's contact details and consultation history.

For reception (`set_medical(False)`) the history is a list of dates to reprint sheets from: no
outcome, no opening a consultation, no record button, and the sheets go straight to print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.dates import format_date
from consult_app.gui.models.history import HistoryModel

if TYPE_CHECKING:
    from consult_app.domain.client import Client
    from consult_app.services.clients import ClientService


class ClientPanel(QWidget):
    consultation_activated = Signal(int)
    document_requested = Signal(int, str)  # consultation id, "consent" | "aftercare" | "record"

    def __init__(self, clients: ClientService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clients = clients
        self.client: Client | None = None
        self._medical = True
        self._name = QLabel("Choose a client from the list.")
        self._name.setObjectName("clientName")
        self._name.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        self._name.setWordWrap(True)
        font = self._name.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self._name.setFont(font)
        details = QGroupBox("Contact details")
        self._form = QFormLayout(details)
        self._fields: dict[str, QLabel] = {}
        for key, label in (
            ("date_of_birth", "Date of birth"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("address", "Address"),
            ("gp", "GP"),
        ):
            value = QLabel()
            value.setTextInteractionFlags(
                value.textInteractionFlags() | value.textInteractionFlags().TextSelectableByKeyboard
            )
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleName(label)
            self._form.addRow(f"{label}:", value)
            self._fields[key] = value
        self.history_model = HistoryModel()
        self._history = QTreeView()
        self._history.setModel(self.history_model)
        self._history.setRootIsDecorated(False)
        self._history.setUniformRowHeights(True)
        # Columns share the panel's width, so no sideways scrolling for four short columns.
        self._history.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._history.header().setMinimumSectionSize(40)
        self._history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._history.setAccessibleName("Consultation history")
        self._history.activated.connect(self._on_history_activated)
        self._draft_notice = QLabel()
        self._draft_notice.setWordWrap(True)
        self._draft_notice.setStyleSheet("background:#fff4e0; color:#8a5300; padding:6px;")
        self._draft_notice.setVisible(False)
        history_box = QGroupBox("Consultations")
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self._history)
        buttons = QHBoxLayout()
        self.document_buttons: dict[str, QPushButton] = {}
        for kind, label in (
            ("consent", "&Consent"),
            ("aftercare", "A&ftercare"),
            ("record", "&Record"),
        ):
            button = QPushButton(label)
            button.setAccessibleName(f"{kind.capitalize()} of the chosen consultation")
            button.setToolTip(f"Preview and print the chosen consultation's {kind}")
            button.clicked.connect(lambda _=False, k=kind: self._on_document_clicked(k))
            buttons.addWidget(button)
            self.document_buttons[kind] = button
        buttons.addStretch(1)
        history_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self._name)
        layout.addWidget(details)
        layout.addWidget(self._draft_notice)
        layout.addWidget(history_box, 1)
        details.setVisible(False)
        history_box.setVisible(False)
        self._boxes = (details, history_box)

    def set_medical(self, medical: bool) -> None:
        """Whether the signed-in role may see outcomes and open consultations."""
        self._medical = medical
        self.document_buttons["record"].setVisible(medical)
        for kind in ("consent", "aftercare"):
            verb = "Preview and print" if medical else "Print"
            self.document_buttons[kind].setToolTip(f"{verb} the chosen consultation's {kind}")
        if not medical:
            self._draft_notice.setVisible(False)

    def clear(self) -> None:
        """Nothing of any client on show (signed out)."""
        self.client = None
        self._name.setText("Choose a client from the list.")
        for value in self._fields.values():
            value.clear()
        self.history_model.set_lines([])
        self._draft_notice.setVisible(False)
        for box in self._boxes:
            box.setVisible(False)

    def use(self, clients: ClientService) -> None:
        """Where the panel reads clients from; the main window opens the records after painting."""
        self._clients = clients

    def show_client(self, client_id: int) -> None:
        if self._clients is None:
            raise RuntimeError("ClientPanel.use() must be called before show_client()")
        client, history = self._clients.with_history(client_id)
        self.client = client
        self._show_details(client)
        self.history_model.set_lines(history, medical=self._medical)
        drafts = sum(str(line.status) == "draft" for line in history) if self._medical else 0
        self._draft_notice.setText(
            "There is an unfinished consultation. Open it from the list below to continue where it "
            "stopped."
        )
        self._draft_notice.setVisible(drafts > 0)
        for box in self._boxes:
            box.setVisible(True)

    def selected_consultation(self) -> int | None:
        """The chosen line's consultation, else the newest; None when there is none."""
        if self.history_model.rowCount() == 0:
            return None
        current = self._history.currentIndex()
        return self.history_model.consultation_id(current.row() if current.isValid() else 0)

    def _on_document_clicked(self, kind: str) -> None:
        chosen = self.selected_consultation()
        if chosen is not None:
            self.document_requested.emit(chosen, kind)

    def _on_history_activated(self, index: QModelIndex) -> None:
        if not self._medical:
            return
        self.consultation_activated.emit(self.history_model.consultation_id(index.row()))

    def _show_details(self, client: Client) -> None:
        d = client.details
        name = d.full_name + (f" ({d.preferred_name})" if d.preferred_name else "")
        self._name.setText(name)
        self._fields["date_of_birth"].setText(
            format_date(d.date_of_birth) if d.date_of_birth else "—"
        )
        self._fields["phone"].setText(d.phone or "—")
        self._fields["email"].setText(d.email or "—")
        self._fields["address"].setText(d.address or "—")
        gp = ", ".join(x for x in (d.gp_name, d.gp_practice) if x)
        self._fields["gp"].setText(gp or "—")
