"""The selected client's contact details and consultation history.

For reception (`set_medical(False)`) the history is a list of dates to reprint sheets from: no
outcome, no opening a consultation, no record button, and the sheets go straight to print.

The document buttons act on the chosen line; with none chosen, the consent and aftercare sheet
are the newest *signed* consultation's (a draft started since is not a reason to fail), and
each is offered only where the treatment went ahead.
"""

from __future__ import annotations

from collections.abc import Callable
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
from consult_app.gui.widgets.elided_label import ElidedLabel

SIGNED_ONLY = ("consent", "aftercare")  # papers that exist only for a treatment that went ahead

if TYPE_CHECKING:
    from consult_app.domain.client import Client
    from consult_app.domain.consultation import ConsultationSummary
    from consult_app.gui.treatment.course_box import Course, CourseBox
    from consult_app.services.clients import ClientService


class ClientPanel(QWidget):
    consultation_activated = Signal(int)
    # A consultation's id, "consent" | "aftercare" | "record"; or a session's, "session_aftercare".
    document_requested = Signal(int, str)
    void_requested = Signal(int)  # a draft's consultation id
    session_start_requested = Signal(int)  # the consultation whose course a session is for
    session_activated = Signal(int)  # a session's id

    def __init__(self, clients: ClientService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clients = clients
        self._read_course: Callable[[int], Callable[[], Course]] | None = None
        self.client: Client | None = None
        self._medical = True
        self._course_box: CourseBox | None = None
        # Plain text (a name is never markup) on one line, elided: a long name cannot wrap.
        self._name = ElidedLabel("Choose a client from the list.")
        self._name.setObjectName("clientName")
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
            # An address wraps at its spaces; the rest may be one long word (an e-mail).
            value = QLabel() if key == "address" else ElidedLabel()
            value.setTextInteractionFlags(
                value.textInteractionFlags() | value.textInteractionFlags().TextSelectableByKeyboard
            )
            value.setWordWrap(key == "address")
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleName(label)
            self._form.addRow(f"{label}:", value)
            self._fields[key] = value
        self.history_model = HistoryModel()
        self._history = QTreeView()
        self._history.setModel(self.history_model)
        self._history.setRootIsDecorated(False)
        self._history.setUniformRowHeights(True)
        # Date, outcome and status are as wide as their words (equal shares clipped "Completed,
        # not signed"); the practitioner takes the rest, eliding with the name on hover.
        header = self._history.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
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
            ("consent", "Co&nsent"),  # Alt+C is the Client menu, Alt+F the Find box
            ("aftercare", "&Aftercare"),
            ("record", "&Record"),
        ):
            button = QPushButton(label)
            button.setAccessibleName(f"{kind.capitalize()} of the chosen consultation")
            button.setToolTip(f"Preview and print the chosen consultation's {kind}")
            button.clicked.connect(lambda _=False, k=kind: self._on_document_clicked(k))
            buttons.addWidget(button)
            self.document_buttons[kind] = button
        buttons.addStretch(1)
        self.void_button = QPushButton("&Void draft…")
        self.void_button.setAccessibleName("Void the unfinished consultation")
        self.void_button.clicked.connect(self._on_void_clicked)
        buttons.addWidget(self.void_button)
        history_layout.addLayout(buttons)
        self._history.selectionModel().currentChanged.connect(self._update_buttons)
        self.history_model.modelReset.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self._name)
        layout.addWidget(details)
        layout.addWidget(self._draft_notice)
        layout.addWidget(history_box, 1)
        details.setVisible(False)
        history_box.setVisible(False)
        self._boxes = (details, history_box)

    @property
    def course_box(self) -> CourseBox:
        """Each course's progress and its sessions, below the history; reception sees dates
        and numbers only. Made when first needed (a client is shown): neither the first paint
        nor the first page of clients waits for it and the treatment modules it imports."""
        if self._course_box is None:
            from consult_app.gui.treatment.course_box import CourseBox

            box = CourseBox()
            box.setVisible(False)
            box.set_medical(self._medical)
            box.start_requested.connect(self.session_start_requested)
            box.session_activated.connect(self.session_activated)
            box.document_requested.connect(self.document_requested)
            self.layout().addWidget(box, 1)
            self._course_box = box
        return self._course_box

    @property
    def medical(self) -> bool:
        """Whether it shows what a medical role sees (outcomes, consultations to open)."""
        return self._medical

    def set_medical(self, medical: bool) -> None:
        """Whether the signed-in role may see outcomes and open consultations."""
        self._medical = medical
        self.document_buttons["record"].setVisible(medical)
        self.void_button.setVisible(medical)
        if self._course_box is not None:
            self._course_box.set_medical(medical)
        self._update_buttons()
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
        if self._course_box is not None:
            self._course_box.clear()
        for box in self._boxes:
            box.setVisible(False)

    def use(
        self,
        clients: ClientService,
        read_course: Callable[[int], Callable[[], Course]] | None = None,
    ) -> None:
        """Where the panel reads clients from; the main window opens the records after painting.

        `read_course(client_id)` gives the work that reads a client's courses and sessions (run
        off the GUI thread); without it the panel shows no sessions.
        """
        self._clients = clients
        self._read_course = read_course

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
        if self._read_course is not None:
            self.course_box.show_for(self._read_course(client_id), self._clients.context.today())

    def show_saved_details(self, client: Client) -> None:
        """The shown client's details as just saved: their history on show stays, not read
        (nor audited as viewed) again, since saving details changes nothing in it."""
        self.client = client
        self._show_details(client)

    def selected_consultation(self) -> int | None:
        """The chosen line's consultation, else the newest; None when there is none."""
        line = self._target("record")
        return line.id if line is not None else None

    def document_target(self, kind: str) -> int | None:
        """The consultation whose `kind` a document button (or Print) would open: the chosen
        line, else for a consent or aftercare sheet the newest signed one, else the newest."""
        line = self._target(kind)
        return line.id if line is not None else None

    def _chosen(self) -> ConsultationSummary | None:
        current = self._history.currentIndex()
        return self.history_model.line(current.row()) if current.isValid() else None

    def _target(self, kind: str) -> ConsultationSummary | None:
        chosen = self._chosen()
        if chosen is not None:
            return chosen
        lines = self.history_model.lines()
        if kind in SIGNED_ONLY:
            return next((line for line in lines if line.is_signed), None)  # newest first
        if kind == "void":
            return next((line for line in lines if str(line.status) == "draft"), None)
        return lines[0] if lines else None

    def _update_buttons(self) -> None:
        """Offer a paper only where it exists, and say why not where it does not."""
        for kind, button in self.document_buttons.items():
            line = self._target(kind)
            why_not = ""
            if line is None:
                why_not = "No consultation has been signed yet" if kind in SIGNED_ONLY else ""
            elif kind in SIGNED_ONLY and not line.is_signed:
                why_not = (
                    "This consultation has not been signed yet"
                    if str(line.status) == "draft" or line.has_plan
                    else "The treatment did not go ahead at this consultation"
                )
            verb = "Preview and print" if self._medical else "Print"
            button.setEnabled(line is not None and not why_not)
            button.setToolTip(why_not or f"{verb} the chosen consultation's {kind}")
        draft = self._target("void")
        self.void_button.setEnabled(draft is not None and str(draft.status) == "draft")
        self.void_button.setToolTip(
            "Set the unfinished consultation aside for good, with your reason"
            if self.void_button.isEnabled()
            else "Only an unfinished consultation can be voided"
        )

    def _on_document_clicked(self, kind: str) -> None:
        chosen = self.document_target(kind)
        if chosen is not None:
            self.document_requested.emit(chosen, kind)

    def _on_void_clicked(self) -> None:
        draft = self._target("void")
        if draft is not None and str(draft.status) == "draft":
            self.void_requested.emit(draft.id)

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
