"""The audit trail's table: the first page comes with the count, later ones as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal

from consult_app.domain.audit import AuditEntry, action_words, detail_words, entity_words
from consult_app.domain.dates import format_date
from consult_app.gui.models.table import FlatTableModel, Index
from consult_app.gui.tasks import run_in_background

Fetch = Callable[[int], list[AuditEntry]]  # the page from an offset on; runs off the GUI thread


def local_time(moment: datetime) -> str:
    """A UTC moment in this computer's time zone: "25 Nov 2026 14:03:12"."""
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M:%S}"


class AuditListModel(FlatTableModel):
    """Holds only the pages the view has scrolled to; each one is read in the background.

    Qt's view asks `canFetchMore()` as it nears the last row held, then `fetchMore()`; the
    rows grow as pages arrive, and the dialog shows the full count beside the table.
    """

    HEADERS = ("When", "User", "Action", "Record type", "Record number", "Client", "Detail")
    load_failed = Signal(object)  # the error that stopped a page from being read

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[AuditEntry] = []
        self._total = 0
        self._fetch: Fetch | None = None
        self._is_fetching = False
        self._listing = 0  # which listing a page in flight belongs to, so old ones are dropped

    @property
    def total(self) -> int:
        """How many entries match, whether read yet or not."""
        return self._total

    def show_listing(self, total: int, first_page: Sequence[AuditEntry], fetch: Fetch) -> None:
        self.beginResetModel()
        self._listing += 1
        self._entries = list(first_page)
        self._total = total
        self._fetch = fetch
        self._is_fetching = False
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._entries)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._is_fetching and len(self._entries) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self._fetch is None or not self.canFetchMore(parent):
            return
        self._is_fetching = True
        listing, fetch, offset = self._listing, self._fetch, len(self._entries)
        run_in_background(
            lambda: fetch(offset),
            lambda page: self._on_page_read(listing, page),
            lambda error: self._on_page_failed(listing, error),
        )

    def _on_page_read(self, listing: int, page: list[AuditEntry]) -> None:
        if not shiboken6.isValid(self) or listing != self._listing:
            return  # the window closed, or the filters changed, while the page was read
        self._is_fetching = False
        if not page:  # fewer entries than counted (a restore meanwhile): stop asking
            self._total = len(self._entries)
            return
        start = len(self._entries)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._entries.extend(page)
        self.endInsertRows()

    def _on_page_failed(self, listing: int, error: BaseException) -> None:
        if not shiboken6.isValid(self) or listing != self._listing:
            return
        self._is_fetching = False
        self._total = len(self._entries)  # no retry loop; new filters or Refresh start afresh
        self.load_failed.emit(error)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        entry = self._entries[index.row()]
        values = (
            local_time(entry.at),
            entry.username,
            action_words(entry.action),
            entity_words(entry.entity),
            "" if entry.entity_id is None else str(entry.entity_id),
            entry.client_name,
            detail_words(entry.action, entry.detail),
        )
        return values[index.column()]
