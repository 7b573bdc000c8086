"""What every flat table model here shares: fixed column headings, one row per item."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class StoredLine(Protocol):
    """A line read from the store: what it stands for has an id."""

    @property
    def id(self) -> int: ...


L = TypeVar("L", bound=StoredLine)


class FlatTableModel(QAbstractTableModel):
    """Subclasses set HEADERS and implement `_row_count()` and `data()`."""

    HEADERS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class RowsModel(FlatTableModel, Generic[T]):
    """A short list shown whole, each item as the row of texts `to_row` makes of it; `items`
    are what the rows stand for (to save or print them)."""

    def __init__(
        self, headers: tuple[str, ...], to_row: Callable[[T], tuple[str, ...]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.HEADERS = headers
        self._to_row = to_row
        self.items: list[T] = []
        self._rows: list[tuple[str, ...]] = []

    def show(self, items: list[T]) -> None:
        self.beginResetModel()
        self.items, self._rows = items, [self._to_row(item) for item in items]
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._rows[index.row()][index.column()]


class StoredLinesModel(FlatTableModel, Generic[L]):
    """Lines read from the store, in the order given: `line(row)` is what a row stands for and
    UserRole of any cell its id; `_cell` says what each cell shows, put into words as drawn."""

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[L] = []

    def line(self, row: int) -> L:
        return self._lines[row]

    def lines(self) -> Sequence[L]:
        """Every line, in order (not to be changed: the subclass's set_lines replaces them)."""
        return self._lines

    def _row_count(self) -> int:
        return len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return line.id
        return self._cell(line, index.column(), role)

    def _cell(self, line: L, column: int, role: int) -> Any:
        raise NotImplementedError
