"""Adding or editing a client's personal details, through ClientService."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.client import SEX_CHOICES, Client, ClientDetails
from consult_app.domain.dates import format_date
from consult_app.errors import Problem, StaleRecordError
from consult_app.gui.dialogs.duplicate_question import ask_about_duplicates
from consult_app.gui.errors import show_error
from consult_app.gui.stale_save import ReloadQuestion
from consult_app.gui.widgets.date_input import DateInput, parse_typed_date
from consult_app.gui.widgets.field_error import FieldErrors, plain_label
from consult_app.gui.widgets.typed_value import TypedValueNote
from consult_app.services.clients import ClientService

SEX_WORDS = {
    "": "—",
    "female": "Female",
    "male": "Male",
    "intersex": "Intersex",
    "other": "Other",
    "prefer_not_to_say": "Prefer not to say",
}


def _form_values(details: ClientDetails) -> dict[str, str]:
    """Each field as the form shows `details`: text, or the stored code for the sex."""
    values = {f.name: getattr(details, f.name) for f in fields(ClientDetails)}
    born = details.date_of_birth
    values["date_of_birth"] = format_date(born) if born else ""
    return values


def _is_same(name: str, one: str, other: str) -> bool:
    """Whether two form values mean the same, as a save would store them."""
    if name == "date_of_birth":
        try:
            return parse_typed_date(one) == parse_typed_date(other)
        except ValueError:
            return " ".join(one.split()) == " ".join(other.split())
    return one.strip() == other.strip()


def _entered_words(name: str, value: str) -> str:
    if not value.strip():
        return "You left this blank."
    if name == "sex":
        return f"You chose: {SEX_WORDS.get(value, value)}"
    if name == "address":
        value = ", ".join(line.strip() for line in value.splitlines() if line.strip())
    return f"You typed: {value.strip()}"


class ClientDialog(QDialog):
    """Asks for a new client's details, or edits and saves an existing client's.

    A new client's details come from `details()` once accepted, for the caller to add. An
    existing client is saved on Save, before the dialog closes, so that a save refused because
    someone else saved first can be sorted out with what the user typed still on screen;
    `saved_client` is the result.
    """

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
        self._stale = ReloadQuestion(
            self,
            "this client's details",
            "&Reload the latest details",
            self._latest,
            self._reload,
            "The latest details could not be loaded",
            kept=lambda: self._lines["first_name"].setFocus(Qt.FocusReason.OtherFocusReason),
        )
        self._saved: Client | None = None
        self._notes: dict[str, TypedValueNote] = {}
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
        self._add_row(
            form, "date_of_birth", "&Date of birth:", self._date_input.edit, self._date_input
        )
        self._date_input.date_chosen.connect(lambda: self._errors.refresh("date_of_birth"))
        self._add_row(form, "sex", "Se&x:", self._sex)
        self._add_line(form, "phone", "P&hone:", Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._add_line(form, "email", "&E-mail:", Qt.InputMethodHint.ImhEmailCharactersOnly)
        self._add_row(form, "address", "&Address:", self._address)
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

    @property
    def stale_question(self) -> QMessageBox | None:
        """The "changed on another computer" question while it is open, else None."""
        return self._stale.box

    @property
    def saved_client(self) -> Client | None:
        """The edited client as saved, once Save succeeded; None for a new client."""
        return self._saved

    def entered_note(self, name: str) -> TypedValueNote:
        """The note under a field showing what this user entered, after a reload."""
        return self._notes[name]

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
        self._save()

    def _save(self) -> None:
        if self._client is None:  # a new client: the caller adds it
            super().accept()
            return
        try:
            self._saved = self._clients.change(
                self._client.id, self._client.version, self.details()
            )
        except StaleRecordError as error:
            self._stale.ask(
                error,
                "Reloading shows the details as they are saved now. Where you typed something "
                "different, it stays visible under the field, with a button to use it again.",
            )
            return
        except Exception as error:  # known or not, the dialog stays open with what was typed
            show_error(self, "The changes were not saved", error)
            return
        super().accept()

    def _latest(self) -> Client:
        assert self._client is not None
        return self._clients.get(self._client.id)

    def _reload(self, latest: Client) -> None:
        """Show the stored details, and under each field this user changed, their value."""
        assert self._client is not None
        opened = _form_values(self._client.details)
        entered = self._values()
        self._client = latest  # its version is what the next save must be based on
        self.setWindowTitle(f"Edit client — {latest.details.full_name}")
        self._fill(latest.details)
        stored = self._values()
        shown: list[TypedValueNote] = []
        for name, note in self._notes.items():
            mine = entered[name]
            # A field only the other computer changed keeps its new value, with no note.
            if _is_same(name, mine, opened[name]) or _is_same(name, mine, stored[name]):
                note.setHidden(True)
            else:
                note.show_value(_entered_words(name, mine), mine)
                shown.append(note)
        layout = self.layout()
        layout.activate()
        self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))
        if shown:
            shown[0].button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._lines["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_note_use_requested(self, name: str) -> None:
        note = self._notes[name]
        self._put(name, note.value)
        note.setHidden(True)
        self.field(name).setFocus(Qt.FocusReason.OtherFocusReason)

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
        self._add_row(form, name, label, edit)

    def _add_row(
        self, form: QFormLayout, name: str, label: str, field: QWidget, row: QWidget | None = None
    ) -> None:
        """A form row with its error line, and a note of what was entered, shown after a reload."""
        note = TypedValueNote(plain_label(label))
        note.use_requested.connect(lambda: self._on_note_use_requested(name))
        self._notes[name] = note
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(row or field)
        layout.addWidget(note)
        self._errors.add_row(form, name, label, field, row=box)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = []
        for name in self._notes:  # in form order; each note's button right after its field
            chain.append(self.field(name))
            if name == "date_of_birth":
                chain.append(self._date_input.calendar_button)
            chain.append(self._notes[name].button)
        chain.append(self.button_box)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _fill(self, details: ClientDetails) -> None:
        for name, value in _form_values(details).items():
            self._put(name, value)

    def _put(self, name: str, value: str) -> None:
        if name == "sex":
            self._sex.setCurrentIndex(max(self._sex.findData(value), 0))
        elif name == "address":
            self._address.setPlainText(value)
        else:
            self._lines.get(name, self._date_input.edit).setText(value)

    def _values(self) -> dict[str, str]:
        """Each field as the form holds it, in the shape `_form_values` gives."""
        values = {name: edit.text() for name, edit in self._lines.items()}
        values["date_of_birth"] = self._date_input.edit.text()
        values["sex"] = self._sex.currentData() or ""
        values["address"] = self._address.toPlainText()
        return values

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
        box = ask_about_duplicates(self, duplicates)
        box.finished.connect(self._on_duplicate_question_finished)
        self._duplicate_question = box

    def _on_duplicate_question_finished(self) -> None:
        box = self._duplicate_question
        assert box is not None
        self._duplicate_question = None
        box.deleteLater()
        clicked = box.clickedButton()
        if clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole:
            self._save()
        else:
            self._lines["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)
