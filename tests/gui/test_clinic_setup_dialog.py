"""The first-start dialog: required names, a chosen logo, an unreadable one, keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from consult_app.domain.clinic import ClinicDetails
from consult_app.gui.dialogs.clinic_setup_dialog import WELCOME, ClinicSetupDialog
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from tests.gui.test_main_window import sqlite_context  # noqa: F401  (a fixture)
from tests.gui.typing import focus_chain_by_tab, type_text

FIELDS = (
    "name",
    "address",
    "phone",
    "email",
    "logo",
    "practitioner_name",
    "username",
    "password",
    "confirm",
)
PASSWORD = "harbour lights at dusk"


@pytest.fixture
def dialog(qtbot: QtBot) -> ClinicSetupDialog:
    opened = ClinicSetupDialog()
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    return opened


def save(qtbot: QtBot, dialog: ClinicSetupDialog) -> None:
    button = dialog.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args, **_kw: (str(path), ""))
    )


def wide_png(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    image = QImage(1200, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1f7a5c"))
    assert image.save(str(path), "PNG")
    return path


def test_it_welcomes_and_refuses_empty_names(qtbot: QtBot, dialog: ClinicSetupDialog) -> None:
    assert any(label.text() == WELCOME for label in dialog.findChildren(QLabel))
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_message("name") == "The clinic's name is required."
    assert dialog.error_message("practitioner_name") == "Your name is required."
    assert dialog.error_message("username").startswith("Choose a user name")
    assert dialog.error_message("password") == "Choose a password."
    assert dialog.error_message("email") == ""
    assert dialog.focusWidget() is dialog.field("name")


def test_a_bad_email_and_phone_show_their_messages(qtbot: QtBot, dialog: ClinicSetupDialog) -> None:
    type_text(dialog.field("name"), "Clinique Élodie")
    type_text(dialog.field("practitioner_name"), "Élodie Brontë")
    qtbot.keyClicks(dialog.field("phone"), "call me")
    qtbot.keyClicks(dialog.field("email"), "hello@")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_message("phone").startswith('"call me" does not look like a phone number')
    assert dialog.error_message("email") == (
        '"hello@" does not look like an e-mail address (name@example.com).'
    )
    assert dialog.focusWidget() is dialog.field("phone")


def test_valid_values_with_a_logo_are_accepted_and_set_up_the_clinic(
    qtbot: QtBot,
    dialog: ClinicSetupDialog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sqlite_context: AppContext,  # noqa: F811
) -> None:
    type_text(dialog.field("name"), "Clinique Élodie")
    type_text(dialog.field("address"), "1 Rue de la Paix\nLeeds LS1 1AA")
    qtbot.keyClicks(dialog.field("phone"), "0113 496 0000")
    qtbot.keyClicks(dialog.field("email"), "hello@clinique.example")
    choose_file(monkeypatch, wide_png(tmp_path))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.remove_logo_button.isEnabled()
    assert not dialog.logo_preview.pixmap().isNull()
    type_text(dialog.field("practitioner_name"), "Élodie Brontë")
    type_text(dialog.field("password"), PASSWORD)
    type_text(dialog.field("confirm"), PASSWORD)
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.account() == ("elodie.bronte", PASSWORD)  # suggested from the name
    details, practitioner = dialog.values()
    assert details.logo_png is not None and details.logo_png.startswith(b"\x89PNG")
    logo = QImage.fromData(details.logo_png)
    assert (logo.width(), logo.height()) == (600, 150)  # scaled to 600 px wide, same shape
    assert details == ClinicDetails(
        "Clinique Élodie",
        "1 Rue de la Paix\nLeeds LS1 1AA",
        "0113 496 0000",
        "hello@clinique.example",
        details.logo_png,
    )
    assert practitioner == "Élodie Brontë"
    # The caller, not the dialog, hands the values to the service.
    clinic = ClinicService(sqlite_context)
    assert clinic.needs_set_up()
    owner = clinic.set_up(details, practitioner)
    assert owner.display_name == "Élodie Brontë"
    assert clinic.details() == details


def test_remove_takes_the_logo_away(
    qtbot: QtBot, dialog: ClinicSetupDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(monkeypatch, wide_png(tmp_path))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.remove_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.values()[0].logo_png is None
    assert not dialog.remove_logo_button.isEnabled()
    assert dialog.logo_preview.text() == "No logo"


def test_an_unreadable_logo_file_shows_a_message_next_to_the_logo(
    qtbot: QtBot, dialog: ClinicSetupDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"this is not a picture")
    choose_file(monkeypatch, broken)
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.error_message("logo") == (
        '"broken.png" could not be read as a picture; choose a PNG or JPEG file.'
    )
    assert dialog.values()[0].logo_png is None
    # A readable file afterwards replaces the message with the logo.
    choose_file(monkeypatch, wide_png(tmp_path))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.error_message("logo") == ""
    assert dialog.values()[0].logo_png is not None


def test_cancelling_the_file_chooser_changes_nothing(
    qtbot: QtBot, dialog: ClinicSetupDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: ("", "")))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.values()[0].logo_png is None
    assert dialog.error_message("logo") == ""


def test_every_field_has_a_name_and_a_label(dialog: ClinicSetupDialog) -> None:
    buddies = {
        label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy()
    }
    for name in FIELDS:
        field = dialog.field(name)
        assert field.accessibleName(), name
        assert field in buddies, name


def test_tab_reaches_every_field_top_to_bottom(
    qtbot: QtBot, dialog: ClinicSetupDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(monkeypatch, wide_png(tmp_path))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)  # enables Remove
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    first = dialog.field("name")
    visited = [first, *focus_chain_by_tab(first, 13)]
    inputs = [dialog.field(name) for name in FIELDS]
    inputs.insert(5, dialog.remove_logo_button)
    positions = [visited.index(widget) for widget in inputs]
    assert positions == sorted(positions)


def test_the_user_name_follows_the_name_until_it_is_typed_over(
    qtbot: QtBot, dialog: ClinicSetupDialog
) -> None:
    type_text(dialog.field("practitioner_name"), "Dr Zoë O'Brien")
    assert dialog.field("username").text() == "dr.zoe.o.brien"
    dialog.field("username").clear()
    type_text(dialog.field("username"), "zoe")
    type_text(dialog.field("practitioner_name"), " Jr")
    assert dialog.field("username").text() == "zoe"


def test_password_problems_show_next_to_their_fields(
    qtbot: QtBot, dialog: ClinicSetupDialog
) -> None:
    type_text(dialog.field("name"), "Harbour Skin")
    type_text(dialog.field("practitioner_name"), "Sam Patel")
    type_text(dialog.field("password"), "short")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_message("password").startswith("Use at least 10 characters")
    assert dialog.focusWidget() is dialog.field("password")
    assert dialog.field("password").echoMode() == QLineEdit.EchoMode.Password

    dialog.field("password").clear()
    type_text(dialog.field("password"), PASSWORD)
    type_text(dialog.field("confirm"), PASSWORD + "!")
    save(qtbot, dialog)
    assert dialog.error_message("password") == ""
    assert dialog.error_message("confirm") == (
        "This is not the same as the password above; type it again."
    )
    assert dialog.focusWidget() is dialog.field("confirm")

    dialog.field("password").clear()
    type_text(dialog.field("password"), PASSWORD + "!")  # now they match: the message goes
    assert dialog.error_message("confirm") == ""
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.account() == ("sam.patel", PASSWORD + "!")
