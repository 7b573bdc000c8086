"""The main window: search as you type over the client list, the chosen client beside it.

The window is built and painted before the database is open (`attach` brings the records in),
so nothing the first paint needs may import SQLAlchemy, ReportLab or Alembic: services, dialogs
and the wizard are imported where they are first used.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from consult_app.gui.actions import MENUS, SPECS, ActionId, build_actions
from consult_app.gui.errors import show_error
from consult_app.gui.models.client_list import ClientListModel
from consult_app.gui.widgets.client_panel import ClientPanel

if TYPE_CHECKING:
    from consult_app.domain.documents import HandoutKind
    from consult_app.gui.wizard.wizard import ConsultationWizard
    from consult_app.services.clients import ClientService
    from consult_app.services.consultations import ConsultationService
    from consult_app.services.context import AppContext
    from consult_app.services.documents import DocumentService

SEARCH_DELAY_MS = 150  # long enough to skip intermediate keystrokes, short enough to feel instant


class MainWindow(QMainWindow):
    """`MainWindow(context, name)` opens on the records at once; `MainWindow()` is the empty frame
    start-up paints first, then `attach(context, name)` fills it."""

    first_painted = Signal()

    def __init__(self, context: AppContext | None = None, clinic_name: str = "") -> None:
        super().__init__()
        self.setWindowTitle("Consult")
        self.wizard: ConsultationWizard | None = None
        self._painted = False
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
        self.setCentralWidget(splitter)
        self.actions = build_actions(self)
        self._build_menus()
        for action in self.actions.values():
            action.setEnabled(False)  # until the records are open
        self.actions[ActionId.QUIT].triggered.connect(self.close)
        self.actions[ActionId.QUIT].setEnabled(True)
        self.statusBar().showMessage("Opening the clinic's records…")
        if context is not None:
            self.attach(context, clinic_name)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Announced once this paint has reached the screen, not in the middle of it.
            QTimer.singleShot(0, self.first_painted.emit)

    def attach(self, context: AppContext, clinic_name: str) -> None:
        """Open the clinic's records in this window: services, the client list, the actions."""
        from consult_app.services.clients import ClientService

        self.context = context
        self.setWindowTitle(f"Consult — {clinic_name}" if clinic_name else "Consult")
        self.clients: ClientService = ClientService(context)
        self.model = ClientListModel(self.clients)
        self.table.setModel(self.model)
        for column, width in enumerate((170, 150, 110, 130)):
            self.table.setColumnWidth(column, width)
        self.panel.use(self.clients)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self.table.setFocus)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(
            lambda _: self.actions[ActionId.NEW_CONSULTATION].trigger()
        )
        self.panel.consultation_activated.connect(self.open_consultation)
        self.panel.document_requested.connect(self.show_document)
        for action in self.actions.values():
            action.setEnabled(True)
        self._connect_actions()
        self.run_search()  # with whatever was typed while the records were opening

    # Made on first use: the list does not wait for the wizard's and the documents' imports.
    @cached_property
    def consultations(self) -> ConsultationService:
        from consult_app.services.consultations import ConsultationService

        return ConsultationService(self.context)

    @cached_property
    def documents(self) -> DocumentService:
        from consult_app.services.documents import DocumentService

        return DocumentService(self.context)

    def _build_menus(self) -> None:
        for title, ids in MENUS:
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions[action_id])
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for spec in SPECS:
            if spec.in_toolbar:
                toolbar.addAction(self.actions[spec.id])
        self.addToolBar(toolbar)

    def _connect_actions(self) -> None:
        from consult_app.domain.documents import HandoutKind

        slots = {
            ActionId.NEW_CLIENT: self.new_client,
            ActionId.EDIT_CLIENT: self.edit_client,
            ActionId.NEW_CONSULTATION: self.new_consultation,
            ActionId.OPEN_CONSULTATION: lambda: self._open_selected_consultation(),
            ActionId.FIND: self._on_find_triggered,
            ActionId.PRINT: self._on_print_triggered,
            ActionId.HANDOUT_AFTERCARE: lambda: self.print_handout(HandoutKind.AFTERCARE),
            ActionId.HANDOUT_PREPARATION: lambda: self.print_handout(HandoutKind.PREPARATION),
            ActionId.HANDOUT_CONSENT: lambda: self.print_handout(HandoutKind.CONSENT),
            ActionId.BACKUP_NOW: self.back_up_now,
            ActionId.RESTORE_BACKUP: self.restore_backup,
        }
        for action_id, slot in slots.items():
            self.actions[action_id].triggered.connect(slot)
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.panel.client is not None
        for action_id in (
            ActionId.EDIT_CLIENT,
            ActionId.NEW_CONSULTATION,
            ActionId.OPEN_CONSULTATION,
            ActionId.PRINT,
        ):
            self.actions[action_id].setEnabled(chosen)

    def show_document(self, consultation_id: int, kind: str) -> None:
        from consult_app.gui.document_views import preview_document

        preview_document(self, self.documents, consultation_id, kind)

    def print_handout(self, kind: HandoutKind) -> None:
        from consult_app.gui.document_views import print_handout

        print_handout(self, self.documents, kind)

    def back_up_now(self) -> None:
        from consult_app.gui.backup_views import back_up_now

        back_up_now(self, self.context)

    def restore_backup(self) -> None:
        from consult_app.gui.backup_views import restore_backup

        restore_backup(self, self.context, self._show_restored)

    def _show_restored(self, clinic_name: str) -> None:
        """After a restore: the restored clinic's name and records, the search cleared."""
        self.setWindowTitle(f"Consult — {clinic_name}" if clinic_name else "Consult")
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.run_search()

    def _on_print_triggered(self) -> None:
        chosen = self.panel.selected_consultation()
        if chosen is not None:
            self.show_document(chosen, "consent")

    def _on_find_triggered(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def run_search(self) -> None:
        ids = self.clients.search(self.search_box.text())
        self.model.set_ids(ids)
        found = len(ids)
        self.statusBar().showMessage(f"{found:,} client{'s' if found != 1 else ''}")
        if ids:
            self.table.selectRow(0)

    def _on_table_selection_changed(
        self, selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        rows = selected.indexes()
        if rows:
            self.panel.show_client(self.model.client_id(rows[0].row()))
        self._update_actions()

    def show_client(self, client_id: int) -> None:
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
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
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            changed = self.clients.change(client.id, client.version, dialog.details())
        except Exception as error:
            show_error(self, "The changes were not saved", error)
            return
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

    def open_consultation(self, consultation_id: int) -> None:
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
        )
        self.wizard = ConsultationWizard(state, self)
        self.wizard.draft_saved.connect(lambda _: self.statusBar().showMessage("Draft saved", 3000))
        self.wizard.finished.connect(lambda _: self.panel.show_client(client.id))
        self.wizard.open()
