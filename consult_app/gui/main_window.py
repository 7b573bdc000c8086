"""The main window: search as you type over the client list, the chosen client beside it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
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

from consult_app.domain.documents import HandoutKind
from consult_app.gui.actions import MENUS, SPECS, ActionId, build_actions
from consult_app.gui.dialogs.client_dialog import ClientDialog
from consult_app.gui.document_views import preview_document, print_handout
from consult_app.gui.errors import show_error
from consult_app.gui.models.client_list import ClientListModel
from consult_app.gui.widgets.client_panel import ClientPanel
from consult_app.gui.wizard.state import WizardState
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService

SEARCH_DELAY_MS = 150  # long enough to skip intermediate keystrokes, short enough to feel instant


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, clinic_name: str) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(f"Consult — {clinic_name}" if clinic_name else "Consult")
        self.clients = ClientService(context)
        self.consultations = ConsultationService(context)
        self.wizard: ConsultationWizard | None = None
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Find a client: name, date of birth, phone or e-mail")
        self.search_box.setAccessibleName("Find a client")
        self.search_box.setClearButtonEnabled(True)
        search_label = QLabel("&Find:")
        search_label.setBuddy(self.search_box)
        self.model = ClientListModel(self.clients)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Clients")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((170, 150, 110, 130)):
            self.table.setColumnWidth(column, width)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.panel = ClientPanel(self.clients)
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
        self.documents = DocumentService(context)
        self.actions = build_actions(self)
        self._build_menus()
        self._connect_actions()
        self.run_search()

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
            ActionId.QUIT: self.close,
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
        preview_document(self, self.documents, consultation_id, kind)

    def print_handout(self, kind: HandoutKind) -> None:
        print_handout(self, self.documents, kind)

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
