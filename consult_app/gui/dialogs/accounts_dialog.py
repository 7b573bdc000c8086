"""The owner's list of accounts, with adding, changing and resetting a password."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.people import User
from consult_app.gui.dialogs.account_forms import AccountDialog, PasswordResetDialog
from consult_app.gui.errors import show_error
from consult_app.gui.models.account_list import AccountListModel
from consult_app.gui.widgets.row_table import row_table
from consult_app.services.access import signed_in
from consult_app.services.accounts import AccountService
from consult_app.services.context import AppContext


class AccountsDialog(QDialog):
    """Forms open window-modal (not exec()), so the list's event loop keeps running; `form` is
    the one open, for tests to fill in."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = AccountService(context)
        self._me = signed_in(context)
        self.form: AccountDialog | PasswordResetDialog | None = None
        self.setWindowTitle("Accounts")
        self.resize(720, 420)
        self.model = AccountListModel()
        self.table = row_table(self.model, "Accounts")
        self.table.activated.connect(self._on_edit_button_clicked)
        self.add_button = QPushButton("&Add account…")
        self.edit_button = QPushButton("&Edit…")
        self.reset_button = QPushButton("Reset &password…")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # holds a person's name
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button):
            # Enter on the list edits the account (activated); it must not also press a button.
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.button_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        chain = (self.table, self.add_button, self.edit_button, self.reset_button, self.button_box)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._reload(self._me.id)
        self.table.setFocus()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user(rows[0].row()) if rows else None

    def _reload(self, select_id: int) -> None:
        try:
            users = self._accounts.accounts()
        except Exception as error:
            show_error(self, "The accounts could not be read", error)
            users = []
        self.model.set_users(users)
        self.table.resizeColumnsToContents()  # a handful of rows: cheap to measure them all
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)  # air
        row = self.model.row_of(select_id)
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.reset_button.setEnabled(chosen)

    def _on_add_button_clicked(self) -> None:
        self._open(AccountDialog(self._accounts, self._me, parent=self))

    def _on_edit_button_clicked(self) -> None:
        if account := self.selected():
            self._open(AccountDialog(self._accounts, self._me, account, self))

    def _on_reset_button_clicked(self) -> None:
        if account := self.selected():
            self._open(PasswordResetDialog(self._accounts, account, self))

    def _open(self, form: AccountDialog | PasswordResetDialog) -> None:
        self.status_label.clear()
        form.finished.connect(self._on_form_finished)
        self.form = form
        form.open()

    def _on_form_finished(self, result: int) -> None:
        form = self.form
        assert form is not None
        self.form = None
        form.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        if isinstance(form, PasswordResetDialog):
            account = form.account
            self.status_label.setText(
                f"{account.display_name}'s password was changed. Tell them the new one in person."
            )
            self._reload(account.id)
        elif form.saved is not None:
            self._reload(form.saved.id)
        self.table.setFocus()
