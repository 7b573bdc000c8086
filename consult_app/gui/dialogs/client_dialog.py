"""Adding or editing a client's personal details; the caller saves them through ClientService."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.client import SEX_CHOICES, Client, ClientDetails
from consult_app.domain.dates import format_date
from consult_app.domain.validation import OLDEST_AGE
from consult_app.errors import Problem
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.services.clients import ClientService

SEX_WORDS = {
    "": "—",
    "female": "Female",
    "male": "Male",
    "intersex": "Intersex",
    "other": "Other",
    "prefer_not_to_say": "Prefer not to say",
}

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


def _describe(client: Client) -> str:
    """A client as the duplicate question names one: "Ann Smith, born 2 Jan 1980 (client no. 7)"."""
    born = client.details.date_of_birth
    when = f"born {format_date(born)}" if born else "date of birth unknown"
    return f"{client.details.full_name}, {when} (client no. {client.id})"


class ClientDialog(QDialog):
    """Asks for a client's details; `details()` gives them once accepted. Never saves."""

    def __init__(
        self,
        clients: ClientService,
        today: date,
        client: Client | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clients = clients
        self._today = today
        self._client = client
        self._duplicate_question: QMessageBox | None = None
        self.setWindowTitle(f"Edit client — {client.details.full_name}" if client else "New client")
        self.setMinimumWidth(480)
        self._lines: dict[str, QLineEdit] = {}
        self._date_input = DateInput(today)
        self._sex = QComboBox()
        for value in SEX_CHOICES:
            self._sex.addItem(SEX_WORDS[value], value)
        self._address = QPlainTextEdit()
        self._address.setTabChangesFocus(True)  # Tab leaves the field, as in every other one
        lines = self._address.fontMetrics().lineSpacing() * 3
        self._address.setFixedHeight(lines + 2 * int(self._address.document().documentMargin()) + 6)
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_line(form, "first_name", "&First name:")
        self._add_line(form, "last_name", "&Last name:")
        self._add_line(form, "preferred_name", "&Preferred name:")
        self._errors.add_row(
            form,
            "date_of_birth",
            "&Date of birth:",
            self._date_input.edit,
            row=self._date_input,
        )
        self._date_input.date_chosen.connect(lambda: self._errors.refresh("date_of_birth"))
        self._errors.add_row(form, "sex", "Se&x:", self._sex)
        self._add_line(form, "phone", "P&hone:", Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._add_line(form, "email", "&E-mail:", Qt.InputMethodHint.ImhEmailCharactersOnly)
        self._errors.add_row(form, "address", "&Address:", self._address)
        self._add_line(form, "gp_name", "&GP's name:")
        self._add_line(form, "gp_practice", "GP p&ractice:")
        self._add_line(form, "emergency_contact_name", "E&mergency contact's name:")
        self._add_line(
            form,
            "emergency_contact_phone",
            "Emergency contact's ph&one:",
            Qt.InputMethodHint.ImhDialableCharactersOnly,
        )
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.print_warning = QLabel()
        self.print_warning.setWordWrap(True)
        self.print_warning.setStyleSheet("color: #8a5300;")
        self.print_warning.setVisible(False)
        for name in ("first_name", "last_name", "preferred_name"):
            self._lines[name].textChanged.connect(self._on_name_text_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.print_warning)
        layout.addWidget(self._errors.general)
        layout.addStretch(1)  # room a window grows by goes above the buttons, not between rows
        layout.addWidget(self.button_box)
        self._set_tab_order()
        if client is not None:
            self._fill(client.details)
        self._lines["first_name"].setFocus()

    @property
    def duplicate_question(self) -> QMessageBox | None:
        """The "already exists" question while it is open, else None."""
        return self._duplicate_question

    def field(self, name: str) -> QWidget:
        """The input for a ClientDetails field name (the line edit, for the date of birth)."""
        others: dict[str, QWidget] = {
            "date_of_birth": self._date_input.edit,
            "sex": self._sex,
            "address": self._address,
        }
        return others[name] if name in others else self._lines[name]

    @property
    def date_input(self) -> DateInput:
        return self._date_input

    def error_message(self, name: str) -> str:
        """The message shown next to a field, or "" when there is none."""
        return self._errors.message(name)

    def details(self) -> ClientDetails:
        """The typed values, trimmed; an unreadable date of birth comes back as None."""
        return self._read()[0].cleaned()

    def accept(self) -> None:
        if self._errors.show_all():
            return
        details = self.details()
        if self._is_identity_changed(details):
            duplicates = self._clients.possible_duplicates(
                details, self._client.id if self._client else None
            )
            if duplicates:
                self._ask_about(duplicates)
                return
        super().accept()

    def _on_name_text_changed(self) -> None:
        # A warning, not an error: the name is stored as typed; only paper cannot show it.
        missing = self._clients.unprintable_name_characters(self._read()[0])
        self.print_warning.setText(
            f"Printed forms cannot show {', '.join(missing)} in this name; those letters will "
            "print as “?”. The name is still saved exactly as typed."
            if missing
            else ""
        )
        self.print_warning.setVisible(bool(missing))

    def _add_line(
        self,
        form: QFormLayout,
        name: str,
        label: str,
        hints: Qt.InputMethodHint = Qt.InputMethodHint.ImhNone,
    ) -> None:
        edit = QLineEdit()
        edit.setInputMethodHints(hints)
        self._lines[name] = edit
        self._errors.add_row(form, name, label, edit)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self._lines["first_name"],
            self._lines["last_name"],
            self._lines["preferred_name"],
            self._date_input.edit,
            self._date_input.calendar_button,
            self._sex,
            self._lines["phone"],
            self._lines["email"],
            self._address,
            self._lines["gp_name"],
            self._lines["gp_practice"],
            self._lines["emergency_contact_name"],
            self._lines["emergency_contact_phone"],
            self.button_box,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _fill(self, details: ClientDetails) -> None:
        for name, edit in self._lines.items():
            edit.setText(getattr(details, name))
        if details.date_of_birth:
            self._date_input.edit.setText(format_date(details.date_of_birth))
        self._sex.setCurrentIndex(max(self._sex.findData(details.sex), 0))
        self._address.setPlainText(details.address)

    def _read(self) -> tuple[ClientDetails, str | None]:
        """The details as typed, and what is wrong with the typed date of birth if anything."""
        try:
            date_of_birth, date_problem = parse_typed_date(self._date_input.edit.text()), None
        except ValueError as exc:
            date_of_birth, date_problem = None, str(exc)
        texts = {name: edit.text() for name, edit in self._lines.items()}
        details = ClientDetails(
            date_of_birth=date_of_birth,
            sex=self._sex.currentData() or "",
            address=self._address.toPlainText(),
            **texts,
        )
        return details, date_problem

    def _problems(self) -> list[Problem]:
        details, date_problem = self._read()
        problems = details.cleaned().problems(self._today)
        if date_problem:
            problems = [p for p in problems if p.field != "date_of_birth"]
            problems.append(Problem("date_of_birth", date_problem))
        return problems

    def _is_identity_changed(self, details: ClientDetails) -> bool:
        """A new client, or a changed name or date of birth: the things a duplicate shares."""
        if self._client is None:
            return True
        old = self._client.details.cleaned()
        return (details.first_name, details.last_name, details.date_of_birth) != (
            old.first_name,
            old.last_name,
            old.date_of_birth,
        )

    def _ask_about(self, duplicates: list[Client]) -> None:
        described = [_describe(c) for c in duplicates]
        if len(described) == 1:
            opening = (
                f"A client with the same name and date of birth already exists: {described[0]}."
            )
        else:
            opening = (
                f"{len(described)} clients with the same name and date of birth already exist: "
                + "; ".join(described)
                + "."
            )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Possible duplicate client",
            f"{opening} Save another record anyway?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.addButton("&Save anyway", QMessageBox.ButtonRole.AcceptRole)
        go_back: QPushButton = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go_back)  # the safe answer for Enter and Escape alike
        box.setEscapeButton(go_back)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(self._on_duplicate_question_finished)
        self._duplicate_question = box
        box.open()  # not exec(): the dialog's event loop keeps running, and tests can answer it

    def _on_duplicate_question_finished(self) -> None:
        box = self._duplicate_question
        assert box is not None
        self._duplicate_question = None
        box.deleteLater()
        clicked = box.clickedButton()
        if clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole:
            super().accept()
        else:
            self._lines["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)
