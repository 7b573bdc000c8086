"""The main window: search as you type over the client list, the chosen client beside it.

The window is built and painted before the database is open (`attach` brings the records in
once someone has signed in), so nothing the first paint needs may import SQLAlchemy, ReportLab
or Alembic: services, dialogs and the wizard are imported where they are first used.

Which actions show follows the signed-in account's role (see actions.py); the services refuse
what a role may not do whatever the window shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.permissions import ROLE_WORDS, Permission, allows
from consult_app.gui.actions import MENUS, SPECS, ActionId, apply_role, build_actions
from consult_app.gui.errors import show_error
from consult_app.gui.models.client_list import ClientListModel
from consult_app.gui.signed_in import SignedIn
from consult_app.gui.void_views import VOIDED
from consult_app.gui.widgets.client_panel import ClientPanel
from consult_app.gui.widgets.window_shortcuts import keep_window_shortcuts

if TYPE_CHECKING:
    from consult_app.domain.clinic import ClinicDetails
    from consult_app.domain.people import User
    from consult_app.gui.idle_lock import LockPanel
    from consult_app.gui.session import Session
    from consult_app.gui.wizard.wizard import ConsultationWizard
    from consult_app.services.clients import ClientService
    from consult_app.services.consultations import ConsultationService
    from consult_app.services.context import AppContext
    from consult_app.services.documents import DocumentService
    from consult_app.services.signin import Gate

NOT_KEPT = "Nothing was answered, so the consultation was not kept."
SEARCH_DELAY_MS = 150  # long enough to skip intermediate keystrokes, short enough to feel instant


class MainWindow(QMainWindow):
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
        self._painted = False
        self._locked = False
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
        self.panel = ClientPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(search_label)
        left_layout.addWidget(self.search_box)
        left_layout.addWidget(self.table, 1)
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
        self.table.doubleClicked.connect(
            lambda _: self.actions[ActionId.NEW_CONSULTATION].trigger()
        )
        self.panel.consultation_activated.connect(self.open_consultation)
        self.panel.document_requested.connect(self.show_document)
        self.panel.void_requested.connect(self.void_draft)
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

    @property
    def context(self) -> AppContext | None:
        return self.signed_in.context

    @property
    def clinic_name(self) -> str:
        return self.signed_in.clinic_name

    @clinic_name.setter
    def clinic_name(self, name: str) -> None:
        self.signed_in.clinic_name = name

    def attach(self, context: AppContext, clinic_name: str, gate: Gate | None = None) -> None:
        """Open the clinic's records in this window for `context`'s signed-in user: services,
        the client list, the actions their role may use, the idle lock."""
        self.clinic_name = clinic_name
        self.signed_in.begin(context, gate)

    def _on_signed_in_changed(self) -> None:
        """Follow the sign-in: records opened, put away, or shown as the person now sees them."""
        context = self.signed_in.context
        if context is None:
            self._records_for = None
            self.detach()
        elif context is not self._records_for:
            self._open_records(context)
        else:
            self.user_changed(switched=self.signed_in.turn != self._turn_shown)
        self._turn_shown = self.signed_in.turn

    def _open_records(self, context: AppContext) -> None:
        from consult_app.gui.session import Session

        self._records_for = context
        self.model = ClientListModel(self.clients)
        self.table.setModel(self.model)
        for column, width in enumerate((170, 150, 110, 130)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.panel.use(self.clients)
        if self.session is None:
            self.session = Session(self, self.signed_in, self.actions)
            self.session.screen_lock.locked.connect(lambda: self.show_locked(True))
            self.session.screen_lock.unlocked.connect(self._on_unlocked)
        self.user_changed()
        self.session.attached(context)
        self.run_search()  # with whatever was typed while the records were opening
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)  # signed in: type a name

    def _on_unlocked(self, _switched: bool) -> None:
        self.show_locked(False)  # a switch of person has come through `changed` already

    def detach(self) -> None:
        """Take the records out of this window (signing out): no client stays on screen."""
        if self.signed_in.context is not None:
            self.signed_in.end()  # comes back here through `changed`
            return
        self._clear_records_view()
        self.table.setModel(None)
        self.setWindowTitle("Consult")
        self.user_label.clear()
        self.statusBar().showMessage("Signed out")
        self._update_actions()

    def _clear_records_view(self) -> None:
        """No search, no chosen client: nothing of the previous person's work stays on screen."""
        self.search_box.blockSignals(True)  # clearing it is not a search
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.table.clearSelection()
        self.panel.clear()

    def user_changed(self, *, switched: bool = False) -> None:
        """The signed-in account is new or another one: title, actions, what the panel shows.

        `switched`: another person now uses this window; the client the previous one chose is
        put away, not opened again (an audited view) in the new person's name.
        """
        user = self.context.user if self.context is not None else None
        if user is None:
            return
        if switched:
            self._clear_records_view()
            # The list shows what the now empty Find box asks for: everyone, nobody chosen
            # (it still held the previous person's search).
            self._list_clients(self.clients.search(""))
        self._update_title(user)
        self.user_label.setText(f"Signed in: {user.display_name} ({ROLE_WORDS[user.role]})")
        self.panel.set_medical(allows(user.role, Permission.VIEW_MEDICAL_RECORD))
        self._update_actions()
        if self.panel.client is not None:
            self.panel.show_client(self.panel.client.id)  # read again, as the new role sees it

    def _update_title(self, user: User) -> None:
        clinic = f" — {self.clinic_name}" if self.clinic_name else ""
        self.setWindowTitle(f"Consult{clinic} — {user.display_name} ({ROLE_WORDS[user.role]})")

    def edit_clinic_details(self) -> None:
        from consult_app.gui.clinic_views import edit_clinic_details

        edit_clinic_details(self, self.context, self._on_clinic_details_changed)

    def _on_clinic_details_changed(self, details: ClinicDetails) -> None:
        self.clinic_name = details.name
        if self.context is not None and self.context.user is not None:
            self._update_title(self.context.user)

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in role may do this (the window's mirror of the services' check)."""
        user = self.context.user if self.context is not None else None
        return user is not None and allows(user.role, permission)

    @property
    def is_locked(self) -> bool:
        return self._locked

    def show_locked(self, locked: bool) -> None:
        """Hide the records behind the lock panel (or bring them back); actions follow."""
        self._locked = locked
        if locked:
            if self._lock_panel is None:
                from consult_app.gui.idle_lock import LockPanel

                self._lock_panel = LockPanel()
                self.stack.addWidget(self._lock_panel)
            if self.context is not None and self.context.user is not None:
                self._lock_panel.show_user(self.context.user)
            self.stack.setCurrentWidget(self._lock_panel)
            self.statusBar().clearMessage()  # "Added Zoë …": a name is client data too
        else:
            self.stack.setCurrentWidget(self.records)
        self._update_actions()

    # Made by the sign-in they serve, on first use (see signed_in.py).
    @property
    def clients(self) -> ClientService:
        return self.signed_in.clients

    @property
    def consultations(self) -> ConsultationService:
        return self.signed_in.consultations

    @property
    def documents(self) -> DocumentService:
        return self.signed_in.documents

    def _build_menus(self) -> None:
        for title, ids in MENUS:
            menu = self.menuBar().addMenu(title)
            self._menus.append(menu)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions[action_id])
        self.toolbar = toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for spec in SPECS:
            if spec.in_toolbar:
                toolbar.addAction(self.actions[spec.id])
        self.addToolBar(toolbar)

    def _connect_actions(self) -> None:
        slots = {
            ActionId.NEW_CLIENT: self.new_client,
            ActionId.EDIT_CLIENT: self.edit_client,
            ActionId.NEW_CONSULTATION: self.new_consultation,
            ActionId.OPEN_CONSULTATION: lambda: self._open_selected_consultation(),
            ActionId.FIND: self._on_find_triggered,
            ActionId.PRINT: self._on_print_triggered,
            ActionId.CHECK_COPY: self.check_copy,
            # By name: the documents module (and the domain it brings) loads when first used.
            ActionId.HANDOUT_AFTERCARE: lambda: self.print_handout("aftercare"),
            ActionId.HANDOUT_PREPARATION: lambda: self.print_handout("preparation"),
            ActionId.HANDOUT_CONSENT: lambda: self.print_handout("consent"),
            ActionId.BACKUP_NOW: self.back_up_now,
            ActionId.RESTORE_BACKUP: self.restore_backup,
            ActionId.BACKUP_LIST: self.show_backups,
            ActionId.CLINIC_DETAILS: self.edit_clinic_details,
            ActionId.QUIT: self.close,
        }
        for action_id, slot in slots.items():
            self.actions[action_id].triggered.connect(slot)
        self._update_actions()

    def _update_actions(self) -> None:
        """Before sign-in and while locked only Quit works; see actions.apply_role."""
        user = self.context.user if self.context is not None else None
        apply_role(
            self.actions,
            self._menus,
            user.role if user is not None else None,
            working=not self._locked,
            chosen=self.panel.client is not None,
        )
        # No empty strip before anyone has signed in.
        self.toolbar.setVisible(any(a.isVisible() for a in self.toolbar.actions()))

    def show_document(self, consultation_id: int, kind: str) -> None:
        """Practitioners preview (and from there print or save); reception prints only."""
        from consult_app.domain.document_kinds import DocumentUse, permission_for
        from consult_app.gui.document_views import preview_document, print_document

        if self.may(permission_for(kind, DocumentUse.VIEW)):
            preview_document(self, self.documents, consultation_id, kind, self.signed_in)
        elif self.may(permission_for(kind, DocumentUse.PRINT)):
            print_document(self, self.documents, consultation_id, kind, self.signed_in)

    def check_copy(self) -> None:
        from consult_app.gui.dialogs.check_copy_dialog import CheckCopyDialog
        from consult_app.services.copies import CopyChecker

        if self.context is None:
            return
        checker = CopyChecker(self.context)
        dialog = CheckCopyDialog(checker.check_file, checker.check_fingerprint, self)
        dialog.setObjectName("check_copy_dialog")
        dialog.open()

    def print_handout(self, kind: str) -> None:
        from consult_app.domain.documents import HandoutKind
        from consult_app.gui.document_views import print_handout

        print_handout(self, self.documents, HandoutKind(kind), self.signed_in)

    def back_up_now(self) -> None:
        from consult_app.gui.backup_views import back_up_now

        back_up_now(self, self.context)

    def show_backups(self) -> None:
        from consult_app.gui.backup_views import show_backups

        show_backups(self, self.context)

    def restore_backup(self) -> None:
        from consult_app.gui.backup_views import restore_backup

        restore_backup(self, self.context, self._show_restored)

    def _show_restored(self, clinic_name: str) -> None:
        """After a restore: the restored clinic's name and records, the search cleared."""
        self.clinic_name = clinic_name
        self._clear_records_view()  # the client shown may not be in the backup
        self.user_changed()
        self.run_search()

    def _on_print_triggered(self) -> None:
        chosen = self.panel.document_target("consent")  # the newest signed, unless one is chosen
        if chosen is not None:
            self.show_document(chosen, "consent")
        elif self.panel.client is not None:
            then = "" if self.may(Permission.CONSULT) else " Ask the practitioner."
            QMessageBox.information(
                self,
                "Nothing to print",
                "None of this client's consultations has been signed yet, so there is no consent "
                "to print." + then,
            )

    def void_draft(self, consultation_id: int) -> None:
        from consult_app.gui.void_views import void_from_list

        void_from_list(self, self.consultations, self.panel, consultation_id)

    def _on_find_triggered(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def run_search(self) -> None:
        if self.context is None:  # signed out: a search typed meanwhile waits for the next one
            return
        ids = self.clients.search(self.search_box.text())
        self._list_clients(ids)
        found = len(ids)
        # A client's record opens only when someone chooses it (opening it is an audited view of
        # their history); a search that finds exactly one client has chosen it.
        if found == 1:
            self.table.selectRow(0)
        else:
            self.table.clearSelection()
            self.panel.clear()
            if ids:  # the arrow keys start from the top of the list
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )

    def _list_clients(self, ids: list[int]) -> None:
        self.model.set_ids(ids)
        found = len(ids)
        self.statusBar().showMessage(f"{found:,} client{'s' if found != 1 else ''}")

    def _on_search_box_return_pressed(self) -> None:
        """Enter in the search box chooses the client at the top of the list."""
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(max(0, self.table.currentIndex().row()))

    def _on_table_selection_changed(
        self, selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        rows = selected.indexes()
        if rows:
            self.panel.show_client(self.model.client_id(rows[0].row()))
        self._update_actions()

    def show_client(self, client_id: int) -> None:
        self._clear_records_view()
        ids = self.clients.search("")
        self.model.set_ids(ids)
        if client_id in ids:
            self.table.selectRow(ids.index(client_id))
            self.table.scrollTo(self.model.index(ids.index(client_id), 0))

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
        changed = dialog.saved_client
        self.panel.show_client(changed.id)
        self.model.set_ids(self.clients.search(self.search_box.text()))
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
