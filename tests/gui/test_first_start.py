"""First start: a new database asks for the clinic and first practitioner; a set-up one does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.people import Role
from consult_app.gui import app as gui_app
from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import open_store
from tests.conftest import TODAY


@pytest.fixture
def new_database(tmp_path: Path, content: Content) -> AppContext:
    store = open_store(f"sqlite:///{tmp_path / 'new.db'}")
    yield AppContext(store=store, content=content, today=lambda: TODAY)
    store.close()


def test_a_new_database_asks_for_the_clinic_and_stores_it(
    qtbot: QtBot, new_database: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[ClinicSetupDialog] = []

    def fill_in(dialog: ClinicSetupDialog) -> int:
        shown.append(dialog)
        dialog.field("name").setText("Harbour Skin Clinic")
        dialog.field("phone").setText("0117 496 0000")
        dialog.field("practitioner_name").setText("Dr Sam Patel")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ClinicSetupDialog, "exec", fill_in)
    window = gui_app.main_window_for(new_database)
    assert window is not None
    qtbot.addWidget(window)
    assert len(shown) == 1
    assert window.windowTitle() == "Consult — Harbour Skin Clinic"
    details = ClinicService(new_database).details()
    assert (details.name, details.phone) == ("Harbour Skin Clinic", "0117 496 0000")
    assert new_database.user is not None
    assert (new_database.user.display_name, new_database.user.role) == ("Dr Sam Patel", Role.OWNER)


def test_cancelling_the_set_up_opens_nothing_and_stores_nothing(
    new_database: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ClinicSetupDialog, "exec", lambda dialog: 0)
    assert gui_app.main_window_for(new_database) is None
    assert ClinicService(new_database).needs_set_up()


def test_the_demo_clinic_needs_no_set_up(
    qtbot: QtBot, new_database: AppContext, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_demo(new_database.store, content, 10, 0, today=TODAY)

    def must_not_open(_dialog: ClinicSetupDialog) -> int:
        raise AssertionError("the set-up dialog opened on a database that is set up")

    monkeypatch.setattr(ClinicSetupDialog, "exec", must_not_open)
    window = gui_app.main_window_for(new_database)
    qtbot.addWidget(window)
    assert new_database.user is not None and new_database.user.role is Role.PRACTITIONER
