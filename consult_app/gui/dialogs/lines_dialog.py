"""What the recall list and the batch trace share: a few words on what they find, the controls
that choose it, the lines found in a table, and below it how many with the dialog's buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.gui.errors import show_error
from consult_app.gui.models.table import RowsModel
from consult_app.gui.widgets.row_table import row_table

T = TypeVar("T")


class LinesDialog(QDialog, Generic[T]):
    """`model` holds the lines found and `table` shows them, every column but the last as wide
    as its words; `count_label` says how many (or why none); Close closes. A subclass makes its
    controls and buttons, then `lay_out` puts everything in place."""

    def __init__(
        self,
        header: tuple[str, ...],
        to_row: Callable[[T], tuple[str, ...]],
        table_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model: RowsModel[T] = RowsModel(header, to_row, self)
        self.table = row_table(self.model, table_name)
        self.table.setAlternatingRowColors(True)
        columns = self.table.horizontalHeader()
        for column in range(len(header) - 1):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.rejected.connect(self.reject)

    @property
    def count_text(self) -> str:
        return self.count_label.text()

    def lay_out(self, intro: str, controls: QLayout, buttons: Sequence[QPushButton]) -> None:
        """`intro` above the `controls`, the table, then the count beside `buttons` and Close."""
        words = QLabel(intro)
        words.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for widget in (*buttons, self.button_box):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def show_failure(self, title: str, error: BaseException) -> None:
        """The lines could not be found: no count, and the person told why."""
        self.count_label.setText("")
        show_error(self, title, error)
