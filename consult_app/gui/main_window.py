"""The main window: search as you type over the client list, the chosen client beside it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_app.gui.models.client_list import ClientListModel
from consult_app.gui.widgets.client_panel import ClientPanel
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext

SEARCH_DELAY_MS = 150  # long enough to skip intermediate keystrokes, short enough to feel instant


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, clinic_name: str) -> None:
        super().__init__()
        self.setWindowTitle(f"Consult — {clinic_name}" if clinic_name else "Consult")
        self.clients = ClientService(context)
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
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self._add_actions()
        self.run_search()

    def _add_actions(self) -> None:
        find = QAction("&Find client", self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(self._on_find_triggered)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addActions([find, quit_action])  # shortcuts work even while the menu bar is hidden
        menu = self.menuBar().addMenu("&File")
        menu.addAction(find)
        menu.addSeparator()
        menu.addAction(quit_action)

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
