"""Trace a batch: every client treated with a cartridge lot, a device serial or a product lot,
for a manufacturer's recall; the results saved as a CSV. Searches through the callables given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from consult_app.domain.chart import LotKind
from consult_app.domain.dates import DateStyle
from consult_app.domain.trace import CSV_HEADER, LOT_KIND_WORDS, TraceLine, found_words
from consult_app.gui.dialogs.lines_dialog import LinesDialog
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background, still_open

Trace = Callable[[str, LotKind | None], list[TraceLine]]
WriteCsv = Callable[[list[TraceLine], Path], object]


class TraceDialog(LinesDialog[TraceLine]):
    """A batch or serial number typed (any case and spacing), what kind it is if known, Find;
    the sessions that used it, and Save CSV… of them."""

    def __init__(
        self,
        trace: Trace,
        write_csv: WriteCsv,
        style: DateStyle = DateStyle.DAY_MONTH_YEAR,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            CSV_HEADER, lambda line: line.row(style), "Sessions that used this batch", parent
        )
        self._trace = trace
        self._write_csv = write_csv
        self._searching = 0
        self._searched = ""
        self.setWindowTitle("Trace a batch")
        self.resize(900, 520)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("for example AB-1234")
        self.value_edit.setAccessibleName("Batch or serial number")
        self.value_edit.setMaxLength(100)
        self.value_edit.textChanged.connect(self._on_value_edit_text_changed)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("What the number belongs to")
        self.kind_combo.addItem("Any of these", None)
        for kind in LotKind:
            self.kind_combo.addItem(LOT_KIND_WORDS[kind], kind)
        self.find_button = QPushButton("&Find")
        self.find_button.setDefault(True)
        self.find_button.setEnabled(False)
        self.find_button.clicked.connect(self.search)
        row = QHBoxLayout()
        for label, field in (("&Batch or serial:", self.value_edit), ("&Kind:", self.kind_combo)):
            heading = QLabel(label)
            heading.setBuddy(field)
            row.addWidget(heading)
            row.addWidget(field, 1 if field is self.value_edit else 0)
        row.addWidget(self.find_button)
        self.count_label.setWordWrap(True)
        self.save_button = QPushButton("&Save CSV…")
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.lay_out(
            "Find every client treated with a batch: a cartridge lot, a device's serial number "
            "or a product lot, as printed on the box. Case, spaces and dashes do not matter. "
            "Each search is recorded in the audit trail.",
            row,
            (self.save_button,),
        )
        self.value_edit.setFocus()

    def search(self) -> None:
        value = self.value_edit.text().strip()
        if not value:
            return
        kind: LotKind | None = self.kind_combo.currentData()
        self._searching += 1
        searching, trace = self._searching, self._trace
        self.count_label.setText("Searching…")
        self.save_button.setEnabled(False)
        run_in_background(
            lambda: trace(value, kind),
            lambda lines: self._on_traced(searching, value, lines),
            self._on_trace_failed,
        )

    def _on_value_edit_text_changed(self, text: str) -> None:
        self.find_button.setEnabled(bool(text.strip()))

    def _on_traced(self, searching: int, value: str, lines: list[TraceLine]) -> None:
        if not still_open(self) or searching != self._searching:
            return
        self._searched = value
        self.model.show(lines)
        self.count_label.setText(found_words(value, lines))
        self.save_button.setEnabled(bool(lines))

    def _on_trace_failed(self, error: BaseException) -> None:
        if still_open(self):
            self.show_failure("The batch could not be traced", error)

    def _on_save_button_clicked(self) -> None:
        lines = self.model.items
        safe = "".join(ch if ch.isalnum() else "-" for ch in self._searched).strip("-")
        suggested = Path.home() / f"trace-{safe or 'batch'}.csv"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the clients traced", str(suggested), "CSV files (*.csv)"
        )
        if not chosen:
            return
        target = Path(chosen if chosen.lower().endswith(".csv") else f"{chosen}.csv")
        write = self._write_csv
        run_in_background(
            lambda: write(lines, target),
            lambda _done: self._on_saved(target),
            self._on_save_failed,
        )

    def _on_save_failed(self, error: BaseException) -> None:
        if still_open(self):
            show_error(self, "The CSV file was not saved", error)

    def _on_saved(self, target: Path) -> None:
        if still_open(self):
            found = found_words(self._searched, self.model.items)
            self.count_label.setText(f"{found} Saved to {target.name}.")
