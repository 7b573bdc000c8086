"""The client list: ids from a search, rows fetched a page at a time as they are drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from consult_app.domain.dates import format_date
from consult_app.gui.models.table import FlatTableModel, Index

if TYPE_CHECKING:
    from consult_app.domain.client import ClientListing
    from consult_app.services.clients import ClientService

PAGE = 200


class ClientListModel(FlatTableModel):
    """Never holds more than the pages the view has asked for; 100,000 clients stay light."""

    HEADERS = ("Surname", "First name", "Date of birth", "Phone", "E-mail")

    def __init__(self, clients: ClientService) -> None:
        super().__init__()
        self._clients = clients
        self._ids: list[int] = []
        self._rows: dict[int, ClientListing] = {}
        self.rows_fetched = 0  # how many rows were read from the database, for tests

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._rows.clear()
        self.endResetModel()

    def client_id(self, row: int) -> int:
        return self._ids[row]

    def _row_count(self) -> int:
        return len(self._ids)

    def _listing(self, row: int) -> ClientListing | None:
        client_id = self._ids[row]
        if client_id not in self._rows:
            start = row - row % PAGE
            page = self._ids[start : start + PAGE]
            fetched = self._clients.listings(page)
            self.rows_fetched += len(fetched)
            self._rows.update(fetched)
        return self._rows.get(client_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        listing = self._listing(index.row())
        if listing is None:  # removed since the search ran
            return "—"
        values = (
            listing.last_name,
            listing.first_name,
            format_date(listing.date_of_birth),
            listing.phone,
            listing.email,
        )
        return values[index.column()]
