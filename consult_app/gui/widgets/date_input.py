"""A date of birth typed as people write it, with a calendar beside the field."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from consult_app.domain.dates import format_date
from consult_app.domain.validation import OLDEST_AGE

# English on purpose: Qt sets the C library's locale, so calendar.month_name may be translated.
_MONTH_NAMES = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d+)")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d+)")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d+)")


def parse_typed_date(text: str) -> date | None:
    """Read a date as people type it; None when blank, ValueError saying what to type otherwise.

    Day first, as in the UK: "24/05/1990", "24.5.1990", "1990-05-24", "24 May 1990",
    "24 may 1990" and "May 24, 1990" all mean 24 May 1990. Two-digit years are refused
    rather than guessed, because a wrong century is a wrong client.
    """
    typed = " ".join(text.split())
    if not typed:
        return None
    lowered = typed.casefold()
    if match := _ISO.fullmatch(lowered):
        year, month, day = match[1], match[2], match[3]
    elif match := _NUMERIC.fullmatch(lowered):
        day, month, year = match[1], match[2], match[3]
    elif (match := _DAY_MONTH.fullmatch(lowered)) and _month(match[2]):
        day, month, year = match[1], str(_month(match[2])), match[3]
    elif (match := _MONTH_DAY.fullmatch(lowered)) and _month(match[1]):
        day, month, year = match[2], str(_month(match[1])), match[3]
    else:
        raise ValueError(f'"{typed}" is not a date; write it like 24/05/1990 or 24 May 1990.')
    if len(year) != 4:
        raise ValueError(f'"{typed}": write the year in full, for example 24/05/1990.')
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(
            f'"{typed}" is not a real calendar date; check the day and the month.'
        ) from None


def _month(word: str) -> int:
    """1-12 for a month name or its first three or more letters, 0 for anything else."""
    if len(word) >= 3:
        for number, name in enumerate(_MONTH_NAMES, start=1):
            if name.startswith(word):
                return number
    return 0


class DateInput(QWidget):
    """A date typed into a line edit (blank until someone types), with a calendar beside it.

    A QDateEdit always holds some date, so an untouched one would pass for a real answer.
    """

    date_chosen = Signal()  # from the calendar; typing reports through the edit's signals

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("for example 24/05/1990")
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("Calendar…")
        self.calendar_button.setAccessibleName("Choose the date of birth from a calendar")
        self.calendar_button.setToolTip("Choose the date from a calendar")
        self.calendar_button.clicked.connect(self._on_calendar_button_clicked)
        self.calendar: QCalendarWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)

    def _on_edit_editing_finished(self) -> None:
        # Show how the text was read ("5 Jun 1990"), so day/month mix-ups are visible at once.
        try:
            typed = parse_typed_date(self.edit.text())
        except ValueError:
            return
        if typed is not None:
            self.edit.setText(format_date(typed))

    def _on_calendar_button_clicked(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setAccessibleName("Date of birth calendar")
            self.calendar.setGridVisible(True)
            self.calendar.setMaximumDate(QDate(self._today))
            self.calendar.setMinimumDate(QDate(self._today.year - OLDEST_AGE - 1, 1, 1))
            self.calendar.activated.connect(self._on_calendar_date_chosen)
            self.calendar.clicked.connect(self._on_calendar_date_chosen)
        try:
            typed = parse_typed_date(self.edit.text())
        except ValueError:
            typed = None
        # Starts on today when nothing is typed: an obviously wrong date if picked by mistake.
        self.calendar.setSelectedDate(QDate(typed or self._today))
        self.calendar.adjustSize()
        self.calendar.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_calendar_date_chosen(self, chosen: QDate) -> None:
        assert self.calendar is not None
        self.calendar.hide()
        self.edit.setText(format_date(chosen.toPython()))
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.date_chosen.emit()
