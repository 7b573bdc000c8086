"""Before the records open: a new database is set up and encrypted, an old one is encrypted once,
an encrypted one is signed in to (and checked, a damaged one replaced by its backup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import Role
from consult_app.gui import app as gui_app
from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog
from consult_app.gui.dialogs.encrypt_dialog import EncryptDialog
from consult_app.gui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.gui.signing_in import GaveUp, Unattended, open_records, open_unattended
from consult_app.services.backups import BackupFiles
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.signin import WRONG, Gate, Kind, key_from_recovery_text
from consult_app.store.store import open_store
from tests.clinic_files import corrupt
from tests.gui.accounts_clinic import OWNER, PASSWORDS, RECEPTION, People, people  # noqa: F401
from tests.gui.typing import type_text

PASSWORD = "harbour lights at dusk"


def _as_a_person(qtbot: QtBot, fill: Callable[[Any], None]) -> Callable[[Any], int]:
    """Stands in for a dialog's exec(): shown, filled in, submitted, and waited for with the
    event loop running, as a person at the keyboard would."""

    def run(dialog: Any) -> int:
        dialog.show()
        fill(dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
        return dialog.result()

    return run


@pytest.fixture
def shown_keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def keep(dialog: RecoveryKeyDialog) -> int:
        shown.append(dialog.recovery_key)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryKeyDialog, "exec", keep)
    return shown


def test_a_new_database_is_set_up_encrypted_and_the_recovery_key_shown_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_keys: list[str]
) -> None:
    def fill(dialog: ClinicSetupDialog) -> int:
        type_text(dialog.field("name"), "Harbour Skin Clinic")
        type_text(dialog.field("phone"), "0117 496 0000")
        type_text(dialog.field("practitioner_name"), "Dr Sam Patel")
        type_text(dialog.field("password"), PASSWORD)
        type_text(dialog.field("confirm"), PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ClinicSetupDialog, "exec", fill)
    gate = Gate(f"sqlite:///{tmp_path / 'new.db'}")
    context = open_records(gate, None)
    assert context is not None and context.user is not None
    assert (context.user.username, context.user.role) == ("dr.sam.patel", Role.OWNER)
    assert gate.kind() is Kind.ENCRYPTED
    [key] = shown_keys
    assert key_from_recovery_text(key) == context.store.key
    window = gui_app.main_window_for(context, gate=gate)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Consult — Harbour Skin Clinic — Dr Sam Patel (Owner)"
    context.store.close()
    gate.sign_in("dr.sam.patel", PASSWORD).store.close()


def test_cancelling_the_set_up_opens_nothing_and_stores_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ClinicSetupDialog, "exec", lambda dialog: 0)
    gate = Gate(f"sqlite:///{tmp_path / 'new.db'}")
    assert open_records(gate, None) is None
    assert gate.kind() is Kind.NEW
    assert list(tmp_path.iterdir()) == []


def _sign_in_as(username: str, password: str) -> Callable[[SignInDialog], None]:
    def fill(dialog: SignInDialog) -> None:
        type_text(dialog.username, username)
        type_text(dialog.password, password)
        dialog.submit()

    return fill


def test_an_encrypted_database_asks_who_signs_in(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people.context.store.close()
    monkeypatch.setattr(
        SignInDialog, "exec", _as_a_person(qtbot, _sign_in_as(RECEPTION, PASSWORDS[RECEPTION]))
    )
    context = open_records(people.gate, None)
    assert context is not None and context.user is not None
    assert context.user.role is Role.RECEPTION
    context.store.close()


def _damaged(people: People) -> Path:  # noqa: F811
    """The clinic backed up, then its database file damaged; returns the backup."""
    backup = BackupFiles(people.gate.url, key=people.context.store.key).backup_now()
    people.context.store.close()
    assert people.gate.database is not None
    corrupt(people.gate.database)
    return backup


def test_a_damaged_database_found_at_sign_in_is_replaced_by_its_backup_on_yes(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = _damaged(people)
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(
        SignInDialog, "exec", _as_a_person(qtbot, _sign_in_as(OWNER, PASSWORDS[OWNER]))
    )
    context = open_records(people.gate, None)
    assert "is damaged" in asked[0] and backup.name in asked[0]
    assert context is not None and context.user is not None and context.user.username == OWNER
    assert [c for c in ClientService(context).search("")]  # the backup's client is back
    context.store.close()


def test_no_to_the_backup_closes_consult(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _damaged(people)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.No)
    )
    monkeypatch.setattr(
        SignInDialog, "exec", _as_a_person(qtbot, _sign_in_as(OWNER, PASSWORDS[OWNER]))
    )
    with pytest.raises(GaveUp):
        open_records(people.gate, None)


@pytest.fixture
def plain_clinic(tmp_path: Path, content: Content) -> Gate:
    """A clinic from before encryption: an owner account with no password yet."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    ClinicService(AppContext(store=store, content=content)).set_up(
        ClinicDetails("Harbour Skin"), "Dr Sam Patel"
    )
    store.close()
    return Gate(url)


def test_a_database_from_before_encryption_is_encrypted_once_by_an_owner(
    qtbot: QtBot,
    plain_clinic: Gate,
    monkeypatch: pytest.MonkeyPatch,
    shown_keys: list[str],
) -> None:
    assert plain_clinic.kind() is Kind.PLAIN
    seen: dict[str, str] = {}

    def fill(dialog: EncryptDialog) -> None:
        # The only owner's user name (made by the earlier version) is offered.
        assert dialog.username.text() == "dr.sam.patel"
        dialog.username.clear()
        type_text(dialog.username, "someone.else")
        type_text(dialog.passwords.password, PASSWORD)
        type_text(dialog.passwords.confirm, PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.error_message("username")), timeout=10_000)
        seen["refused"] = dialog.error_message("username")
        dialog.username.clear()
        type_text(dialog.username, "dr.sam.patel")
        dialog.submit()
        assert dialog.progress.isVisible()

    monkeypatch.setattr(EncryptDialog, "exec", _as_a_person(qtbot, fill))
    context = open_records(plain_clinic, None)
    assert "only an owner can encrypt" in seen["refused"]
    assert context is not None and context.user is not None
    assert context.user.username == "dr.sam.patel"
    assert plain_clinic.kind() is Kind.ENCRYPTED
    assert len(shown_keys) == 1
    context.store.close()


# Without dialogs (--quit-when-ready) ----------------------------------------------------------


def test_unattended_needs_a_user_and_password_from_the_environment(
    people: People,  # noqa: F811
) -> None:
    people.context.store.close()
    with pytest.raises(Unattended) as missing:
        open_unattended(people.gate, {"CONSULT_USER": OWNER})
    assert missing.value.code == 3 and "CONSULT_PASSWORD" in missing.value.message
    with pytest.raises(Unattended) as wrong:
        open_unattended(people.gate, {"CONSULT_USER": OWNER, "CONSULT_PASSWORD": "nope"})
    assert (wrong.value.code, wrong.value.message) == (3, WRONG)
    context = open_unattended(
        people.gate, {"CONSULT_USER": OWNER, "CONSULT_PASSWORD": PASSWORDS[OWNER]}
    )
    assert context.user is not None and context.user.username == OWNER
    context.store.close()


def test_unattended_refuses_a_new_or_unencrypted_database(
    tmp_path: Path, plain_clinic: Gate
) -> None:
    with pytest.raises(Unattended, match="not set up yet") as new:
        open_unattended(Gate(f"sqlite:///{tmp_path / 'new.db'}"), {})
    assert new.value.code == 2
    with pytest.raises(Unattended, match="not encrypted yet"):
        open_unattended(plain_clinic, {"CONSULT_USER": "x", "CONSULT_PASSWORD": "y"})


@pytest.mark.postgres
def test_an_empty_postgresql_database_is_set_up_then_signed_in_to(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, shown_keys: list[str]
) -> None:
    """A clinic's server: set up once (the server encrypts, so no recovery key), then any
    workstation signs in with the account's password, checked against its argon2id hash."""
    from tests.conftest import PG_URL, _drop_postgres, _fresh_postgres_url

    if not PG_URL:
        pytest.skip("no PostgreSQL server: set CONSULT_TEST_PG_URL (CI always does)")
    url = _fresh_postgres_url()
    try:

        def set_up(dialog: ClinicSetupDialog) -> int:
            type_text(dialog.field("name"), "Harbour Skin Clinic")
            type_text(dialog.field("practitioner_name"), "Dr Sam Patel")
            type_text(dialog.field("password"), PASSWORD)
            type_text(dialog.field("confirm"), PASSWORD)
            dialog.accept()
            return dialog.result()

        monkeypatch.setattr(ClinicSetupDialog, "exec", set_up)
        gate = Gate(url)
        assert gate.kind() is Kind.SERVER
        context = open_records(gate, None)
        assert context is not None and context.user is not None
        assert context.user.role is Role.OWNER and shown_keys == []
        context.store.close()

        monkeypatch.setattr(
            SignInDialog, "exec", _as_a_person(qtbot, _sign_in_as("dr.sam.patel", PASSWORD))
        )
        again = open_records(Gate(url), None)
        assert again is not None and again.user is not None
        assert again.user.username == "dr.sam.patel"
        again.store.close()
    finally:
        _drop_postgres(url)
