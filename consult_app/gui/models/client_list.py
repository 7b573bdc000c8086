"""The client list: a search's first matches, rows fetched a page at a time as they are drawn.

A search lists its first page of matches (ClientService.find) and says how many match; more
are listed on demand: scrolling to the end of the list (Qt's fetchMore) or the window's "Show
more". Each time the search runs again for a longer page, so the list is always the first
clients in list order as the database holds them now, never pages pieced together from
different moments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from consult_app.domain.dates import format_date
from consult_app.gui.models.table import FlatTableModel, Index

if TYPE_CHECKING:
    from consult_app.domain.client import ClientListing, ClientMatches
    from consult_app.services.clients import ClientService

PAGE = 200  # rows whose columns are read at once, as the view draws them
MORE = 100  # clients each "show more" adds to the list (the service's page)


class ClientListModel(FlatTableModel):
    """Never holds more than the pages the view has asked for; 100,000 clients stay light."""

    HEADERS = ("Surname", "First name", "Date of birth", "Phone", "E-mail")

    listed = Signal(object)  # the ClientMatches now listed, whenever the list changes
    more_failed = Signal(object)  # the error, when listing more on scrolling failed

    def __init__(self, clients: ClientService) -> None:
        super().__init__()
        self._clients = clients
        self._query = ""
        self._matches: ClientMatches | None = None
        self._ids: list[int] = []
        self._rows: dict[int, ClientListing] = {}
        self.rows_fetched = 0  # how many rows were read from the database, for tests
        self._changing = False  # between begin… and end… of a change to the rows

    @property
    def matches(self) -> ClientMatches | None:
        return self._matches

    def search(self, query: str) -> ClientMatches:
        """List the first matches of `query` (what the Find box holds)."""
        self._query = query
        return self._list(self._clients.find(query))

    def refresh(self) -> ClientMatches:
        """The same search again, as long as the list is now (after a client was changed)."""
        return self._list(self._clients.find(self._query, max(len(self._ids), MORE)))

    def show_more(self) -> ClientMatches:
        """The next clients of the same search added to the end of the list."""
        shown = len(self._ids)
        matches = self._clients.find(self._query, shown + MORE)
        if list(matches.ids[:shown]) != self._ids:  # the records changed meanwhile
            return self._list(matches)
        if len(matches.ids) > shown:
            self._changing = True
            self.beginInsertRows(QModelIndex(), shown, len(matches.ids) - 1)
            self._ids = list(matches.ids)
            self.endInsertRows()
            self._changing = False
        self._matches = matches
        self.listed.emit(matches)
        return matches

    def _list(self, matches: ClientMatches) -> ClientMatches:
        self._changing = True
        self.beginResetModel()
        self._matches, self._ids = matches, list(matches.ids)
        self._rows.clear()
        self.endResetModel()
        self._changing = False
        self.listed.emit(matches)
        return matches

    def row_of(self, client_id: int) -> int | None:
        return self._ids.index(client_id) if client_id in self._ids else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._matches is not None and not self._matches.complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Scrolled to the end of the list: list the next clients."""
        # Not while the rows are changing: whoever is told of the change may ask for more.
        if self._changing or not self.canFetchMore(parent):
            return
        try:
            self.show_more()
        except Exception as error:  # the window says so; a Qt callback cannot raise
            self.more_failed.emit(error)

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
