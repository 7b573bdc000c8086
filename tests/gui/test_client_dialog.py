"""The client dialog over a real database: messages next to fields, duplicates, keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from consult_app.domain.client import SEX_CHOICES, Client, ClientDetails
from consult_app.gui.dialogs.client_dialog import ClientDialog, parse_typed_date
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from tests.conftest import TODAY
from tests.gui.test_main_window import sqlite_context  # noqa: F401  (a fixture)
from tests.gui.typing import focus_chain_by_tab, replace_text, type_text

FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "address",
    "gp_name",
    "gp_practice",
    "emergency_contact_name",
    "emergency_contact_phone",
)
FULL = ClientDetails(
    first_name="Zoë",
    last_name="Łukasiewicz",
    date_of_birth=date(1990, 5, 24),
    preferred_name="Zo",
    sex="female",
    phone="07700 900123",
    email="zoe@example.com",
    address="1 High Street\nLeeds LS1 1AA",
    gp_name="Dr Ann Smith",
    gp_practice="Park Surgery",
    emergency_contact_name="Jan Łukasiewicz",
    emergency_contact_phone="07700 900456",
)

OpenDialog = Callable[..., ClientDialog]


@pytest.fixture
def clients(sqlite_context: AppContext) -> ClientService:  # noqa: F811
    return ClientService(sqlite_context)


@pytest.fixture
def open_dialog(qtbot: QtBot, clients: ClientService) -> OpenDialog:
    def opened(client: Client | None = None) -> ClientDialog:
        dialog = ClientDialog(clients, TODAY, client)
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        return dialog

    return opened


def save(qtbot: QtBot, dialog: ClientDialog) -> None:
    button = dialog.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(dialog: ClientDialog, **values: str) -> None:
    for name, text in values.items():
        type_text(dialog.field(name), text)


def is_open(dialog: ClientDialog) -> bool:
    return dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def duplicate_question(qtbot: QtBot, dialog: ClientDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.duplicate_question is not None, timeout=2000)
    box = dialog.duplicate_question
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=2000)
    assert QApplication.activeModalWidget() is box
    return box


def answer(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text().replace("&", "") == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_save_with_empty_names_shows_each_message_next_to_its_field(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    save(qtbot, dialog)
    assert is_open(dialog)
    assert dialog.error_message("first_name") == "First name is required."
    assert dialog.error_message("last_name") == "Last name is required."
    # An untouched date of birth is missing, never a silently chosen real date.
    assert dialog.error_message("date_of_birth") == "Date of birth is required."
    assert dialog.error_message("email") == ""
    assert dialog.focusWidget() is dialog.field("first_name")
    shown = [
        label.text()
        for label in dialog.findChildren(QLabel, "fieldError")
        if label.isVisible() and label.text()
    ]
    assert shown == [
        "First name is required.",
        "Last name is required.",
        "Date of birth is required.",
    ]
    assert dialog.field("first_name").accessibleDescription() == "First name is required."


def test_a_future_date_of_birth_shows_its_message(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    type_into(dialog, first_name="Zoë", last_name="Łukasiewicz")
    qtbot.keyClicks(dialog.field("date_of_birth"), "24/05/2030")
    save(qtbot, dialog)
    assert is_open(dialog)
    assert dialog.error_message("date_of_birth") == (
        "Date of birth 24 May 2030 is in the future; check the year."
    )
    assert dialog.error_message("first_name") == ""
    assert dialog.focusWidget() is dialog.field("date_of_birth")


def test_the_window_grows_so_wrapped_messages_are_not_cut_off_and_shrinks_back(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    height = dialog.height()
    qtbot.keyClicks(dialog.field("phone"), "call me maybe")
    qtbot.keyClicks(dialog.field("email"), "zoe@")
    save(qtbot, dialog)
    labels = [label for label in dialog.findChildren(QLabel, "fieldError") if label.isVisible()]
    assert len(labels) == 5
    assert any(
        label.heightForWidth(label.width()) > label.fontMetrics().height() for label in labels
    )

    def is_every_line_shown() -> bool:
        return all(label.height() >= label.heightForWidth(label.width()) for label in labels)

    qtbot.waitUntil(is_every_line_shown, timeout=2000)
    type_into(dialog, first_name="Ann", last_name="Smith")
    qtbot.keyClicks(dialog.field("date_of_birth"), "1/2/1980")
    for name in ("phone", "email"):
        replace_text(dialog.field(name), "")
    qtbot.waitUntil(lambda: dialog.height() == height, timeout=2000)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/1990", '"31/02/1990" is not a real calendar date; check the day and the month.'),
        ("24/05/90", '"24/05/90": write the year in full, for example 24/05/1990.'),
        ("next tuesday", '"next tuesday" is not a date; write it like 24/05/1990 or 24 May 1990.'),
    ],
)
def test_an_unreadable_date_of_birth_says_what_to_type(
    qtbot: QtBot, open_dialog: OpenDialog, typed: str, message: str
) -> None:
    dialog = open_dialog()
    type_into(dialog, first_name="Ann", last_name="Smith")
    qtbot.keyClicks(dialog.field("date_of_birth"), typed)
    save(qtbot, dialog)
    assert is_open(dialog)
    assert dialog.error_message("date_of_birth") == message


@pytest.mark.parametrize(
    "typed", ["24/05/1990", "24.5.1990", "1990-05-24", "24 May 1990", "24 may 1990", "May 24, 1990"]
)
def test_typed_dates_are_read_day_first(typed: str) -> None:
    assert parse_typed_date(typed) == date(1990, 5, 24)


def test_a_blank_date_is_none_not_a_date() -> None:
    assert parse_typed_date("   ") is None


def test_a_bad_email_shows_its_message_when_the_field_is_left(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    email = dialog.field("email")
    email.setFocus()
    qtbot.keyClicks(email, "zoe@example")
    assert dialog.error_message("email") == ""  # not while typing
    qtbot.keyClick(email, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.field("address")
    assert dialog.error_message("email") == (
        '"zoe@example" does not look like an e-mail address (name@example.com).'
    )
    # Only the field that was left is checked; the empty names wait for Save.
    assert dialog.error_message("first_name") == ""
    # The message goes as soon as the address is right.
    qtbot.keyClicks(email, ".com")
    assert dialog.error_message("email") == ""


def test_a_valid_new_client_is_accepted_with_what_was_typed_and_nothing_is_saved(
    qtbot: QtBot, open_dialog: OpenDialog, clients: ClientService
) -> None:
    dialog = open_dialog()
    assert dialog.windowTitle() == "New client"
    type_into(dialog, first_name="Zoë", last_name="Łukasiewicz", preferred_name="Zo")
    qtbot.keyClicks(dialog.field("date_of_birth"), "24/05/1990")
    sex = dialog.field("sex")
    assert isinstance(sex, QComboBox)
    qtbot.keyClicks(sex, "Fe")  # keyboard search in the list, as a person would
    qtbot.keyClicks(dialog.field("phone"), "07700 900123")
    qtbot.keyClicks(dialog.field("email"), "zoe@example.com")
    type_text(dialog.field("address"), "1 High Street\nLeeds LS1 1AA")
    type_into(
        dialog,
        gp_name="Dr Ann Smith",
        gp_practice="Park Surgery",
        emergency_contact_name="Jan Łukasiewicz",
    )
    qtbot.keyClicks(dialog.field("emergency_contact_phone"), "07700 900456")
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.details() == FULL
    assert clients.search("") == []  # the dialog never saves; the caller does


def test_a_possible_duplicate_asks_first_go_back_keeps_the_dialog_open(
    qtbot: QtBot, open_dialog: OpenDialog, clients: ClientService
) -> None:
    existing = clients.add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    dialog = open_dialog()
    type_into(dialog, first_name="Zoë", last_name="Łukasiewicz")
    qtbot.keyClicks(dialog.field("date_of_birth"), "24 May 1990")
    save(qtbot, dialog)
    box = duplicate_question(qtbot, dialog)
    assert box.text() == (
        "A client with the same name and date of birth already exists: Zoë Łukasiewicz, "
        f"born 24 May 1990 (client no. {existing.id}). Save another record anyway?"
    )
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Go back", "Save anyway"]
    answer(qtbot, box, "Go back")
    qtbot.waitUntil(lambda: dialog.duplicate_question is None, timeout=2000)
    assert is_open(dialog)
    save(qtbot, dialog)
    answer(qtbot, duplicate_question(qtbot, dialog), "Save anyway")
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=2000)
    assert dialog.details().full_name == "Zoë Łukasiewicz"
    assert len(clients.search("")) == 1


def test_editing_fills_in_every_field(
    qtbot: QtBot, open_dialog: OpenDialog, clients: ClientService
) -> None:
    stored = clients.add(FULL)
    dialog = open_dialog(clients.get(stored.id))
    assert dialog.windowTitle() == "Edit client — Zoë Łukasiewicz"
    shown = {}
    for name in FIELDS:
        widget = dialog.field(name)
        if isinstance(widget, QComboBox):
            shown[name] = widget.currentText()
        elif isinstance(widget, QPlainTextEdit):
            shown[name] = widget.toPlainText()
        else:
            assert isinstance(widget, QLineEdit)
            shown[name] = widget.text()
    assert shown == {
        **{name: getattr(FULL, name) for name in FIELDS},
        "date_of_birth": "24 May 1990",
        "sex": "Female",
    }
    assert dialog.details() == FULL


def test_editing_asks_about_duplicates_only_when_name_or_birth_date_changes(
    qtbot: QtBot, open_dialog: OpenDialog, clients: ClientService
) -> None:
    twin = clients.add(ClientDetails("Ann", "Smith", date(1980, 1, 2)))
    clients.add(ClientDetails("Ann", "Smith", date(1980, 1, 2)))
    other = clients.add(ClientDetails("Ann", "Smith", date(1985, 3, 4)))
    unchanged = open_dialog(clients.get(twin.id))
    qtbot.keyClicks(unchanged.field("phone"), "07700 900123")
    save(qtbot, unchanged)
    assert unchanged.result() == QDialog.DialogCode.Accepted
    assert unchanged.duplicate_question is None

    moved = open_dialog(clients.get(other.id))
    replace_text(moved.field("date_of_birth"), "02/01/1980")
    save(qtbot, moved)
    box = duplicate_question(qtbot, moved)
    assert "(client no. " in box.text() and f"(client no. {other.id})" not in box.text()
    assert box.text().startswith("2 clients with the same name and date of birth already exist")
    answer(qtbot, box, "Go back")
    qtbot.waitUntil(lambda: moved.duplicate_question is None, timeout=2000)
    assert is_open(moved)


def test_the_calendar_button_fills_in_the_date(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    date_input = dialog.date_input
    qtbot.mouseClick(date_input.calendar_button, Qt.MouseButton.LeftButton)
    calendar = date_input.calendar
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    assert calendar.maximumDate() == QDate(TODAY)  # no future dates to pick
    calendar.setSelectedDate(QDate(1990, 5, 24))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible(), timeout=2000)
    assert dialog.field("date_of_birth").text() == "24 May 1990"
    assert dialog.details().date_of_birth == date(1990, 5, 24)


def test_sex_is_offered_in_words(open_dialog: OpenDialog) -> None:
    sex = open_dialog().field("sex")
    assert isinstance(sex, QComboBox)
    assert [sex.itemText(i) for i in range(sex.count())] == [
        "—",
        "Female",
        "Male",
        "Intersex",
        "Other",
        "Prefer not to say",
    ]
    assert tuple(sex.itemData(i) for i in range(sex.count())) == SEX_CHOICES
    assert sex.currentText() == "—"


def test_every_field_has_a_name_and_a_label_with_a_mnemonic(open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    buddies: dict[QWidget, str] = {
        label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy()
    }
    for name in FIELDS:
        field = dialog.field(name)
        assert field.accessibleName(), name
        assert "&" in buddies[field], name
    letters = [text[text.index("&") + 1].lower() for text in buddies.values()]
    assert len(letters) == len(set(letters)), "two labels share a mnemonic"


def test_tab_reaches_every_field_top_to_bottom(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    first = dialog.field("first_name")
    visited = [first, *focus_chain_by_tab(first, 20)]
    inputs = [dialog.field(name) for name in FIELDS]
    positions = [visited.index(widget) for widget in inputs]
    assert positions == sorted(positions)
    assert dialog.date_input.calendar_button in visited


def test_a_name_paper_cannot_show_is_warned_about_but_saved_as_typed(
    qtbot: QtBot,
    sqlite_context: AppContext,  # noqa: F811
) -> None:
    dialog = ClientDialog(ClientService(sqlite_context), TODAY)
    qtbot.addWidget(dialog)
    dialog.field("first_name").setText("मीरा")  # Devanagari: no bundled font has it
    dialog.field("last_name").setText("Smith")
    assert "म" in dialog.print_warning.text()
    assert "“?”" in dialog.print_warning.text()
    for printable in ("Zoë", "דנה", "ليلى", "明", "민지"):
        dialog.field("first_name").setText(printable)
        assert dialog.print_warning.text() == "", printable
    dialog.field("first_name").setText("मीरा")
    assert dialog.details().first_name == "मीरा"
