"""The main window: search as you type over the client list, the chosen client beside it.

The window is built and painted before the database is open (`attach` brings the records in
once someone has signed in), so nothing the first paint needs may import SQLAlchemy, ReportLab
or Alembic: services, dialogs and the wizard are imported where they are first used, and so are
the modules of what shows only with the records (tests/gui/test_startup.py lists them).

Which actions show follows the signed-in account's role (see actions.py); the services refuse
what a role may not do whatever the window shows.

Here: the widgets, the client search and the client and consultation actions. The rest is in
parts by feature (see window_part.py): following the sign-in and the lock (window_sign_in.py),
menus and action wiring (window_menus.py), the chosen client's documents (window_documents.py)
the Clinic menu (window_clinic.py) and treatment sessions (window_treatment.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.permissions import Permission
from consult_app.gui.actions import ActionId, build_actions
from consult_app.gui.errors import show_error
from consult_app.gui.signed_in import SignedIn
from consult_app.gui.void_views import VOIDED
from consult_app.gui.widgets.client_panel import ClientPanel
from consult_app.gui.widgets.find_list_keys import find_list_keys
from consult_app.gui.widgets.window_shortcuts import keep_window_shortcuts
from consult_app.gui.window_clinic import ClinicActions
from consult_app.gui.window_documents import DocumentActions
from consult_app.gui.window_menus import MenuWiring
from consult_app.gui.window_sign_in import SignInReactions
from consult_app.gui.window_treatment import TreatmentActions

if TYPE_CHECKING:
    from consult_app.domain.client import ClientMatches
    from consult_app.domain.people import User
    from consult_app.gui.idle_lock import LockPanel
    from consult_app.gui.session import Session
    from consult_app.gui.treatment.wizard import SessionWizard
    from consult_app.gui.wizard.wizard import ConsultationWizard
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

NOT_KEPT = "Nothing was answered, so the consultation was not kept."
SEARCH_DELAY_MS = 150  # long enough to skip intermediate keystrokes, short enough to feel instant


class MainWindow(
    SignInReactions, MenuWiring, DocumentActions, ClinicActions, TreatmentActions, QMainWindow
):
    """`MainWindow(context, name)` opens on the records at once (`context` has a signed-in
    user); `MainWindow()` is the empty frame start-up paints first, then `attach` fills it."""

    first_painted = Signal()

    def __init__(
        self, context: AppContext | None = None, clinic_name: str = "", gate: Gate | None = None
    ) -> None:
        super().__init__()
        self.setWindowTitle("Consult")
        # Who is signed in lives there; this window follows its `changed`.
        self.signed_in = SignedIn(self)
        self.signed_in.changed.connect(self._on_signed_in_changed)
        self._records_for: AppContext | None = None  # the sign-in the records were opened for
        self._turn_shown = 0
        self.session: Session | None = None
        self.wizard: ConsultationWizard | None = None
        self.session_wizard: SessionWizard | None = None
        self._painted = False
        self._locked = False
        self._focus_before_lock: QWidget | None = None  # given back on unlocking
        self._lock_panel: LockPanel | None = None
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Find a client: name, date of birth, phone or e-mail")
        self.search_box.setAccessibleName("Find a client")
        self.search_box.setClearButtonEnabled(True)
        search_label = QLabel("&Find:")
        search_label.setBuddy(self.search_box)
        self.table = QTableView()
        self.table.setAccessibleName("Clients")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        # Below the list, when it shows only the first matches: how many, and a way to more
        # (scrolling to the end of the list lists more too). Tab reaches it from the list.
        self.shown_note = QLabel()
        self.shown_note.setTextFormat(Qt.TextFormat.PlainText)
        self.shown_note.setWordWrap(True)
        self.shown_note.setAccessibleName("Clients shown")
        self.show_more_button = QPushButton("Show more")
        self.show_more_button.setAccessibleName("Show more clients")
        self.show_more_button.setToolTip("List the next clients that match")
        self.show_more_button.setAutoDefault(False)
        self.show_more_button.clicked.connect(self._on_show_more_clicked)
        more_row = QHBoxLayout()
        more_row.setContentsMargins(0, 0, 0, 0)
        more_row.addWidget(self.shown_note, 1)
        more_row.addWidget(self.show_more_button)
        self.more_row = QWidget()
        self.more_row.setLayout(more_row)
        self.more_row.hide()
        self.panel = ClientPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(search_label)
        left_layout.addWidget(self.search_box)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.more_row)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.records = splitter
        # The lock panel takes the records' place: a stacked page is hidden, not just covered.
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.setCentralWidget(self.stack)
        self.user_label = QLabel()
        self.user_label.setAccessibleName("Signed in")
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.user_label)
        self.actions = build_actions(self)
        keep_window_shortcuts(self.search_box, self.actions.values())  # Ctrl+E from Find
        self._menus: list[QMenu] = []
        self._build_menus()
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        find_list_keys(self.search_box, self.table, before=self._search_now)
        self.table.doubleClicked.connect(
            lambda _: self.actions[ActionId.NEW_CONSULTATION].trigger()
        )
        self.panel.consultation_activated.connect(self.open_consultation)
        self.panel.document_requested.connect(self.show_document)
        self.panel.void_requested.connect(self.void_draft)
        self.panel.session_start_requested.connect(lambda _: self.start_session())
        self.panel.session_activated.connect(self.open_session)
        self._connect_actions()
        self.statusBar().showMessage("Opening the clinic's records…")
        if context is not None:
            self.attach(context, clinic_name, gate)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Announced once this paint has reached the screen, not in the middle of it.
            QTimer.singleShot(0, self.first_painted.emit)

    def attach(self, context: AppContext, clinic_name: str, gate: Gate | None = None) -> None:
        """Open the clinic's records in this window for `context`'s signed-in user: services,
        the client list, the actions their role may use, the idle lock."""
        self.clinic_name = clinic_name
        self.signed_in.begin(context, gate)

    def _on_find_triggered(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def run_search(self) -> None:
        if self.context is None:  # signed out: a search typed meanwhile waits for the next one
            return
        matches = self._list_clients(self.search_box.text())
        # A client's record opens only when someone chooses it (opening it is an audited view of
        # their history); a search that finds exactly one client has chosen it.
        if matches.total == 1 and matches.complete:
            self.table.selectRow(0)
        else:
            self.table.clearSelection()
            self.panel.clear()
            if matches.ids:  # the arrow keys start from the top of the list
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )

    def set_find_text(self, text: str) -> None:
        """Put `text` in Find with no search after the pause: the caller lists it, or nothing is
        to be listed. The box's signals still go, so its clear button shows only beside text
        (with them blocked, an emptied box kept its button and a filled one had none)."""
        self.search_box.setText(text)
        self._debounce.stop()

    def _search_now(self) -> None:
        """Run the search still waiting for the typing to pause, so what was typed is listed."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.run_search()

    def _list_clients(self, query: str) -> ClientMatches:
        """List the first clients matching `query`; the note below the list follows."""
        return self.model.search(query)

    def _on_listed(self, matches: ClientMatches) -> None:
        """The list changed: the status bar says how many match, the note what is shown."""
        self.statusBar().showMessage(matches.summary())
        note = matches.shown_note(typed=bool(self.search_box.text().strip()))
        self.shown_note.setText(note)
        self.more_row.setVisible(bool(note))

    def _on_show_more_clicked(self) -> None:
        shown = self.model.rowCount()
        try:
            self.model.show_more()
        except Exception as error:
            self._on_more_failed(error)
            return
        if shown < self.model.rowCount():  # the first of the newly listed at the top
            # Laid out first: scrolled against the old range, the list would be at its end,
            # which lists more again.
            self.table.doItemsLayout()
            self.table.scrollTo(
                self.model.index(shown, 0), QAbstractItemView.ScrollHint.PositionAtTop
            )
        if not self.show_more_button.isVisible():  # every match listed: back to the list
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_more_failed(self, error: BaseException) -> None:
        show_error(self, "More clients could not be listed", error)

    def _on_search_box_return_pressed(self) -> None:
        """Enter in the search box chooses the client at the top of the list."""
        self._search_now()
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(max(0, self.table.currentIndex().row()))

    def _on_table_selection_changed(
        self, selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        rows = selected.indexes()
        if rows:
            client_id = self.model.client_id(rows[0].row())
            shown = self.panel.client
            # Each letter typed that still finds only this client chooses them again: their
            # history is on screen already, and reading it again is another audited view.
            if shown is None or shown.id != client_id:
                self.panel.show_client(client_id)
        self._update_actions()

    def show_client(self, client_id: int) -> None:
        """Choose this client (one just added): the list finds them by name, as if typed."""
        self._clear_records_view()
        details = self.clients.get(client_id).details
        name = " ".join(
            words[0] for words in (details.last_name.split(), details.first_name.split()) if words
        )
        self.set_find_text(name)  # searched here and now, not after the pause
        self._list_clients(name)
        while (row := self.model.row_of(client_id)) is None and self.model.canFetchMore():
            self.model.show_more()  # namesakes before them in the list
        if row is None:  # not found by name (never expected): still theirs in the panel
            self.panel.show_client(client_id)
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def new_client(self) -> None:
        from consult_app.gui.dialogs.client_dialog import ClientDialog

        dialog = ClientDialog(self.clients, self.context.today(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            client = self.clients.add(dialog.details())
        except Exception as error:
            show_error(self, "The client was not saved", error)
            return
        self.show_client(client.id)
        self.statusBar().showMessage(f"Added {client.details.full_name}", 5000)

    def edit_client(self) -> None:
        client = self.panel.client
        if client is None:
            return
        from consult_app.gui.dialogs.client_dialog import ClientDialog

        dialog = ClientDialog(self.clients, self.context.today(), client=client, parent=self)
        # The dialog saves through the service itself, so a stale save can be reloaded in place.
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved_client is None:
            return
        self.panel.show_saved_details(dialog.saved_client)
        self.model.refresh()
        self.statusBar().showMessage("Client details saved", 5000)

    def new_consultation(self) -> None:
        client = self.panel.client
        if client is None:
            return
        from consult_app.services.consultations import ConsultationInput

        try:
            consultation = self.consultations.start(
                client.id, ConsultationInput(wizard_page="client")
            )
        except Exception as error:
            show_error(self, "The consultation could not start", error)
            return
        self.open_consultation(consultation.id)

    def _open_selected_consultation(self) -> None:
        chosen = self.panel.selected_consultation()
        if chosen is not None:
            self.open_consultation(chosen)

    def _after_consultation(self, client_id: int, user: User | None) -> None:
        """The wizard closed: its client again, if whoever opened it is still signed in (a
        switch of user closes it too, and the new person has not chosen that client)."""
        now = self.context.user if self.context is not None else None
        if user is not None and now is not None and now.id == user.id:
            self.panel.show_client(client_id)

    def open_consultation(self, consultation_id: int) -> None:
        if not self.may(Permission.VIEW_MEDICAL_RECORD):
            return  # reception: the history lists dates to reprint from, never opens them
        from consult_app.gui.wizard.state import WizardState
        from consult_app.gui.wizard.wizard import ConsultationWizard
        from consult_app.services.consultations import ConsultationInput

        try:
            consultation = self.consultations.get(consultation_id)
            client = self.clients.get(consultation.client_id)
        except Exception as error:
            show_error(self, "The consultation could not be opened", error)
            return
        user = self.context.user
        state = WizardState(
            client=client,
            consultation=consultation,
            input=ConsultationInput.of(consultation),
            consultations=self.consultations,
            clients=self.clients,
            practitioner_name=user.display_name if user else "",
            signed_in=self.signed_in,
        )
        self.wizard = ConsultationWizard(state, self)
        # The wizard blocks this window's shortcuts while open; "Lock now" must still work.
        self.wizard.addAction(self.actions[ActionId.LOCK])
        self.wizard.draft_saved.connect(lambda _: self.statusBar().showMessage("Draft saved", 3000))
        self.wizard.discarded.connect(lambda _: self.statusBar().showMessage(NOT_KEPT, 5000))
        self.wizard.voided.connect(lambda _: self.statusBar().showMessage(VOIDED, 5000))
        self.wizard.finished.connect(lambda _: self._after_consultation(client.id, user))
        self.wizard.open()
