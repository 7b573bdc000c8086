"""Reception's recall list: the clients whose next session falls due in a date range, to call
them, printed or saved as a PDF. Reads and makes paper through the callables it is given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from consult_app.domain.course import RECALL_HEADER, RecallLine
from consult_app.domain.dates import DateStyle
from consult_app.domain.documents import DocumentUse
from consult_app.errors import ConsultError
from consult_app.gui.dialogs.lines_dialog import LinesDialog
from consult_app.gui.errors import show_error
from consult_app.gui.print_jobs import save_pdf_file
from consult_app.gui.printing import print_with_dialog
from consult_app.gui.tasks import run_in_background

APPLY_DELAY_MS = 300  # the list is read again once typing in a date pauses
# Who to call: those whose session fell due in the last four weeks, up to two weeks ahead.
DEFAULT_BEFORE = timedelta(weeks=4)
DEFAULT_AHEAD = timedelta(weeks=2)
TITLE = "Recall list"

FindLines = Callable[[date, date], list[RecallLine]]
MakePdf = Callable[[date, date, DocumentUse], bytes]  # the recall list's paper, as used


def date_edit_format(style: DateStyle) -> str:
    """Qt's display format for the clinic's date style ("13 Jan 2027" or "Jan 13, 2027")."""
    return "MMM d, yyyy" if style is DateStyle.MONTH_DAY_YEAR else "d MMM yyyy"


class RecallDialog(LinesDialog[RecallLine]):
    """A date range (from four weeks ago to two weeks ahead at first), the clients due in it,
    and Print… / Save as PDF… of the same list. Without `make_pdf` it only shows the list."""

    def __init__(
        self,
        find: FindLines,
        make_pdf: MakePdf | None,
        today: date,
        style: DateStyle = DateStyle.DAY_MONTH_YEAR,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(RECALL_HEADER, lambda line: line.row(style), "Clients due", parent)
        self._find = find
        self._make_pdf = make_pdf
        self._today = today
        self._reading = 0  # which read the latest result belongs to
        self.setWindowTitle(TITLE)
        self.resize(760, 520)
        self.start_edit = self._date_edit(today - DEFAULT_BEFORE, style, "First due date")
        self.end_edit = self._date_edit(today + DEFAULT_AHEAD, style, "Last due date")
        dates = QHBoxLayout()
        for label, edit in (("&From:", self.start_edit), ("&To:", self.end_edit)):
            heading = QLabel(label)
            heading.setBuddy(edit)
            dates.addWidget(heading)
            dates.addWidget(edit)
        dates.addStretch(1)
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print this list")
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.save_button = QPushButton("Save as P&DF…")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        for button in (self.print_button, self.save_button):
            button.setVisible(make_pdf is not None)
            button.setEnabled(False)
            button.setAutoDefault(False)
        self.lay_out(
            "Clients whose next session falls due between these dates, with the number to "
            "call. Courses already complete are left out.",
            dates,
            (self.print_button, self.save_button),
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(APPLY_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._timer.start)
        self.print_button.setFocus()
        self.refresh()

    def dates(self) -> tuple[date, date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()

    def refresh(self) -> None:
        """Read the list for the dates shown, in the background (a big clinic takes a while)."""
        self._timer.stop()
        start, end = self.dates()
        if end < start:
            self.model.show([])
            self._show_count("The last date is before the first; change one of them.")
            return
        self._reading += 1
        reading, find = self._reading, self._find
        self._show_count("Finding clients due…")
        run_in_background(
            lambda: find(start, end),
            lambda lines: self._on_lines_read(reading, lines),
            self._on_read_failed,
        )

    def _on_lines_read(self, reading: int, lines: list[RecallLine]) -> None:
        if not shiboken6.isValid(self) or reading != self._reading:
            return  # closed, or the dates changed again meanwhile
        self.model.show(lines)
        count = len(lines)
        if count:
            self._show_count(f"{count:,} client{'s' if count != 1 else ''} due.", printable=True)
        else:
            self._show_count("Nobody's next session falls due between these dates.")

    def _on_read_failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self._show_count("")
            self.show_failure("The recall list could not be read", error)

    def _show_count(self, text: str, *, printable: bool = False) -> None:
        self.count_label.setText(text)
        for button in (self.print_button, self.save_button):
            button.setEnabled(printable)

    def _on_print_button_clicked(self) -> None:
        self._with_pdf(DocumentUse.PRINT, lambda pdf: print_with_dialog(self, pdf, TITLE))

    def _on_save_button_clicked(self) -> None:
        start, end = self.dates()
        suggested = Path.home() / f"recall-list-{start.isoformat()}-to-{end.isoformat()}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the recall list", str(suggested), "PDF files (*.pdf)"
        )
        if not chosen:
            return
        path = chosen if chosen.lower().endswith(".pdf") else f"{chosen}.pdf"

        def save(pdf: bytes) -> None:
            saved = save_pdf_file(pdf, path)
            self._show_count(f"Saved the recall list to {saved.printer}.", printable=True)

        self._with_pdf(DocumentUse.EXPORT, save)

    def _with_pdf(self, purpose: DocumentUse, use: Callable[[bytes], object]) -> None:
        """Make the list's PDF in the background, then `use` it here; failures are shown."""
        make = self._make_pdf
        if make is None:
            return
        start, end = self.dates()
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)

        def made(pdf: bytes) -> None:
            if not shiboken6.isValid(self):
                return
            self._show_count(self.count_text, printable=True)
            try:
                use(pdf)
            except ConsultError as error:
                show_error(self, "The recall list could not be printed or saved", error)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._show_count(self.count_text, printable=bool(self.model.items))
                show_error(self, "The recall list could not be made", error)

        run_in_background(lambda: make(start, end, purpose), made, failed)

    @staticmethod
    def _date_edit(day: date, style: DateStyle, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_edit_format(style))
        edit.setAccessibleName(name)
        return edit
