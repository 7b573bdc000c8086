"""The owner's view of the audit trail: filters, a table read page by page, a CSV export."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.audit import ACTION_WORDS, ENTITY_WORDS, AuditEntry, AuditFilter
from consult_app.domain.dates import EARLIEST, LATEST, format_date
from consult_app.domain.people import User
from consult_app.errors import Problem
from consult_app.gui.errors import show_error
from consult_app.gui.models.audit_list import AuditListModel
from consult_app.gui.tasks import run_in_background
from consult_app.gui.widgets.date_input import parse_typed_date
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.row_table import row_table
from consult_app.services.audit_trail import PAGE, AuditTrailService
from consult_app.services.context import AppContext

APPLY_DELAY_MS = 300  # filters apply once typing pauses, not on every key
# The widest usual value of each column but the last (the detail takes the rest).
COLUMN_SAMPLES = (
    "28 Sep 2026 23:59:59",
    "dr.sam.patel",
    "Used the recovery key",
    "Consultation",
    "123456",
    "Zoë Łukasiewicz-Nguyễn",
)


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day` here, in UTC, the trail's time zone."""
    return datetime.combine(day, time()).astimezone(UTC)


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


class _ExportProgress(QObject):
    """Carries the export's progress from its worker thread to the dialog (a queued signal)."""

    advanced = Signal(int, int)


class AuditDialog(QDialog):
    """Every change of a filter re-reads the listing in the background, pinned to the entries
    there were at that moment, so the pages and the count agree while others keep working."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._trail = AuditTrailService(context)
        self._today = context.today()
        self._listing = 0  # which listing the latest read belongs to
        self._shown: AuditFilter | None = None  # the pinned filter of the rows on screen
        self.setWindowTitle("Audit trail")
        self.resize(1040, 640)
        self._since = self._line("any date")
        self._before = self._line("any date")
        self._user = QComboBox()
        self._user.setEditable(True)  # failed sign-ins carry whatever name was typed
        self._user.lineEdit().setPlaceholderText("anyone")
        self._user.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._action = self._choices("Any action", ACTION_WORDS)
        self._entity = self._choices("Any record type", ENTITY_WORDS)
        self._number = self._line("any")
        self._number.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,9}")))
        self._client = self._line("any client")
        self._client.setToolTip("A name, date of birth, phone number or e-mail, as in Find")
        self._errors = FieldErrors(self._problems, self)
        filters = QHBoxLayout()
        for rows in (
            (("since", "&From:", self._since), ("before", "&To:", self._before)),
            (("username", "&User:", self._user), ("action", "&Action:", self._action)),
            (
                ("entity", "Record t&ype:", self._entity),
                ("entity_id", "Record &number:", self._number),
            ),
            (("client", "&Client:", self._client),),
        ):
            form = QFormLayout()
            for name, label, field in rows:
                self._errors.add_row(form, name, label, field)
            filters.addLayout(form, 1)
        self.model = AuditListModel()
        self.model.load_failed.connect(self._on_model_load_failed)
        self.table = self._table()
        self.count_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Export progress")
        self.progress_bar.setHidden(True)
        self.status_label = QLabel()
        self.export_button = QPushButton("&Export CSV…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setToolTip("Read the filters again, with entries added since (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        # Enter in a filter applies it at once, rather than pressing the first button (Export).
        self.export_button.setAutoDefault(False)
        self.refresh_button.setDefault(True)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        for widget in (self.count_label, self.status_label, self.progress_bar):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        for widget in (self.export_button, self.refresh_button, self.button_box):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self._errors.general)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(APPLY_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._watch_filters()
        fields = (
            self._since,
            self._before,
            self._user,
            self._action,
            self._entity,
            self._number,
            self._client,
        )
        buttons = (self.export_button, self.refresh_button, self.button_box)
        for before, after in pairwise((*fields, self.table, *buttons)):
            QWidget.setTabOrder(before, after)
        self._since.setFocus()
        run_in_background(self._trail.people, self._on_people_read, self._on_read_failed)
        self.refresh()

    @property
    def count_text(self) -> str:
        return self.count_label.text()

    @property
    def applying_soon(self) -> bool:
        """Whether changed filters still wait for the typing to pause before they apply."""
        return self._timer.isActive()

    def error_message(self, name: str) -> str:
        """The message shown next to a filter field, or "" when there is none."""
        return self._errors.message(name)

    def field(self, name: str) -> QWidget:
        fields: dict[str, QWidget] = {
            "since": self._since,
            "before": self._before,
            "username": self._user,
            "action": self._action,
            "entity": self._entity,
            "entity_id": self._number,
            "client": self._client,
        }
        return fields[name]

    def refresh(self) -> None:
        """Read the listing the filters ask for, in the background; a typing mistake waits."""
        self._timer.stop()
        wanted, problems = self._read()
        if problems:
            return  # shown next to the field as the user leaves it
        self._listing += 1
        listing, trail = self._listing, self._trail
        self.count_label.setText("Reading…")

        def work() -> tuple[AuditFilter, int, list[AuditEntry]]:
            pinned = trail.pinned(wanted)
            return pinned, trail.count(pinned), trail.entries(pinned, PAGE, 0)

        run_in_background(
            work, lambda read: self._on_listing_read(listing, *read), self._on_read_failed
        )

    def _on_listing_read(
        self, listing: int, pinned: AuditFilter, total: int, first: list[AuditEntry]
    ) -> None:
        if not shiboken6.isValid(self) or listing != self._listing:
            return  # closed, or the filters changed again while this was read
        trail = self._trail
        self._shown = pinned
        self.model.show_listing(total, first, lambda offset: trail.entries(pinned, PAGE, offset))
        self.count_label.setText(_entries(total) if total else "No entries match.")
        self.export_button.setEnabled(total > 0 and self.progress_bar.isHidden())

    def _on_people_read(self, people: list[User]) -> None:
        if not shiboken6.isValid(self):
            return
        typed = self._user.currentText()
        for person in people:
            self._user.addItem(f"{person.display_name} ({person.username})", person.username)
        self._user.setCurrentIndex(-1)
        self._user.setEditText(typed)

    def _on_read_failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self.count_label.setText("")
            show_error(self, "The audit trail could not be read", error)

    def _on_model_load_failed(self, error: BaseException) -> None:
        show_error(self, "More of the audit trail could not be read", error)

    def _on_export_button_clicked(self) -> None:
        wanted = self._shown
        suggested = Path.home() / f"audit-trail-{self._today.isoformat()}.csv"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export the audit trail", str(suggested), "CSV files (*.csv)"
        )
        if not chosen or wanted is None:
            return
        target = Path(chosen if chosen.lower().endswith(".csv") else f"{chosen}.csv")
        progress = _ExportProgress()
        progress.advanced.connect(self._on_export_advanced)
        self.export_button.setEnabled(False)
        self.progress_bar.setRange(0, max(self.model.total, 1))
        self.progress_bar.setValue(0)
        self.progress_bar.setHidden(False)
        self.status_label.setText("Exporting…")
        trail = self._trail
        run_in_background(
            lambda: trail.export_csv(wanted, target, progress.advanced.emit),
            lambda written: self._on_export_finished(
                f"Saved {_entries(written)} to {target.name}."
            ),
            self._on_export_failed,
        )

    @Slot(int, int)
    def _on_export_advanced(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _on_export_finished(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.progress_bar.setHidden(True)
        self.status_label.setText(message)
        self.export_button.setEnabled(self.model.total > 0)

    def _on_export_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._on_export_finished("")
        show_error(self, "The audit trail was not exported", error)

    def _read(self) -> tuple[AuditFilter, list[Problem]]:
        """The filter the fields ask for, and what is wrong with what was typed."""
        problems: list[Problem] = []
        days: dict[str, date | None] = {}
        for name, edit in (("since", self._since), ("before", self._before)):
            try:
                day = parse_typed_date(edit.text())
            except ValueError as error:
                problems.append(Problem(name, str(error)))
                continue
            if day is not None and not EARLIEST <= day <= LATEST:
                problems.append(
                    Problem(name, f"{format_date(day)} is not a likely date; check the year.")
                )
            else:
                days[name] = day
        since, last = days.get("since"), days.get("before")
        wanted = AuditFilter(
            since=_day_start(since) if since else None,
            before=_day_start(last + timedelta(days=1)) if last else None,
            username=self._username(),
            action=self._action.currentData(),
            entity=self._entity.currentData(),
            entity_id=int(self._number.text()) if self._number.text() else None,
            client=self._client.text().strip(),
        )
        return wanted, problems + wanted.problems()

    def _problems(self) -> list[Problem]:
        return self._read()[1]

    def _username(self) -> str:
        typed = self._user.currentText().strip()
        found = self._user.findText(typed, Qt.MatchFlag.MatchFixedString)
        return self._user.itemData(found) if found >= 0 else typed

    def _watch_filters(self) -> None:
        for edit in (self._since, self._before, self._number, self._client):
            edit.textChanged.connect(self._timer.start)
        self._user.editTextChanged.connect(self._timer.start)
        for combo in (self._action, self._entity):
            combo.currentIndexChanged.connect(self._timer.start)
        # "To before from" belongs to both dates: leaving either one shows or clears it.
        self._since.editingFinished.connect(lambda: self._errors.refresh("before"))
        self._before.editingFinished.connect(lambda: self._errors.refresh("since"))

    def _table(self) -> QTableView:
        table = row_table(self.model, "Audit trail entries")
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        metrics = table.fontMetrics()
        # One line a row: the style's default height fits far fewer entries on screen.
        table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 8)
        for column, sample in enumerate(COLUMN_SAMPLES):
            heading = self.model.HEADERS[column]
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading))
            table.setColumnWidth(column, width + 24)  # room for the cell and header margins
        return table

    @staticmethod
    def _line(placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    @staticmethod
    def _choices(anything: str, words: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(anything, "")
        for code, text in sorted(words.items(), key=lambda item: item[1]):
            combo.addItem(text, code)
        return combo
