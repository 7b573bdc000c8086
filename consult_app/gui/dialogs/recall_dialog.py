"""Reception's recall list: the clients whose next session is due by a date, overdue ones
first, or only those due in a date range; to call them, printed or saved as a PDF. Reads and
makes paper through the callables it is given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from consult_app.domain.course import RECALL_AHEAD, RECALL_HEADER, RecallLine, recall_count_words
from consult_app.domain.dates import DateStyle
from consult_app.domain.documents import DocumentUse
from consult_app.errors import ConsultError
from consult_app.gui.dialogs.lines_dialog import LinesDialog
from consult_app.gui.errors import show_error
from consult_app.gui.print_jobs import save_pdf_file
from consult_app.gui.printing import print_with_dialog
from consult_app.gui.tasks import run_in_background, still_open

APPLY_DELAY_MS = 300  # the list is read again once typing in a date pauses
TITLE = "Recall list"

# (first due date or None for any time, last due date): the lines, and their paper as used.
FindLines = Callable[[date | None, date], list[RecallLine]]
MakePdf = Callable[[date | None, date, DocumentUse], bytes]


def date_edit_format(style: DateStyle) -> str:
    """Qt's display format for the clinic's date style ("13 Jan 2027" or "Jan 13, 2027")."""
    return "MMM d, yyyy" if style is DateStyle.MONTH_DAY_YEAR else "d MMM yyyy"


class RecallDialog(LinesDialog[RecallLine]):
    """At first everyone due by two weeks ahead, overdue however long ago: the people to
    call. "Only from" narrows it to a date range. Print… / Save as PDF… make the same list;
    without `make_pdf` it only shows it."""

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
        # Unticked, the list has no first date: overdue clients are the ones to call first.
        self.only_from = QCheckBox("Only &from:")
        self.only_from.setAccessibleName("List only clients due from a date")
        self.only_from.setToolTip("Leave unticked to include everyone overdue")
        self.start_edit = self._date_edit(today, style, "First due date")
        self.start_edit.setEnabled(False)
        self.end_edit = self._date_edit(today + RECALL_AHEAD, style, "Last due date")
        dates = QHBoxLayout()
        dates.addWidget(self.only_from)
        dates.addWidget(self.start_edit)
        heading = QLabel("&To:")
        heading.setBuddy(self.end_edit)
        dates.addWidget(heading)
        dates.addWidget(self.end_edit)
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
            "Clients whose next session is due by the To date, with the number to call; "
            "overdue clients are included however long ago they fell due. Tick Only from to "
            "list just those due between two dates. Courses already complete are left out.",
            dates,
            (self.print_button, self.save_button),
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(APPLY_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._timer.start)
        self.only_from.toggled.connect(self._on_only_from_toggled)
        self.print_button.setFocus()
        self.refresh()

    def dates(self) -> tuple[date | None, date]:
        """(first due date, or None for any time, overdue included; last due date)."""
        start = self.start_edit.date().toPython() if self.only_from.isChecked() else None
        return start, self.end_edit.date().toPython()

    def _on_only_from_toggled(self, checked: bool) -> None:
        self.start_edit.setEnabled(checked)
        self.refresh()

    def refresh(self) -> None:
        """Read the list for the dates shown, in the background (a big clinic takes a while)."""
        self._timer.stop()
        start, end = self.dates()
        if start is not None and end < start:
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
        if not still_open(self) or reading != self._reading:
            return  # closed, or the dates changed again meanwhile
        self.model.show(lines)
        if lines:
            self._show_count(recall_count_words(lines), printable=True)
        elif self.only_from.isChecked():
            self._show_count("Nobody's next session falls due between these dates.")
        else:
            self._show_count("Nobody's next session is due by this date.")

    def _on_read_failed(self, error: BaseException) -> None:
        if still_open(self):
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
        since = start.isoformat() if start else "overdue"
        suggested = Path.home() / f"recall-list-{since}-to-{end.isoformat()}.pdf"
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
            if not still_open(self):  # its person signed out meanwhile: not printed, not saved
                return
            self._show_count(self.count_text, printable=True)
            try:
                use(pdf)
            except ConsultError as error:
                show_error(self, "The recall list could not be printed or saved", error)

        def failed(error: BaseException) -> None:
            if still_open(self):
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
