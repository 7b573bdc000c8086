"""The accounts window: adding, changing and resetting through real forms, and what is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.people import Role
from consult_app.gui.dialogs.account_forms import AccountDialog, PasswordResetDialog
from consult_app.gui.dialogs.accounts_dialog import AccountsDialog
from consult_app.services.accounts import AccountService
from consult_app.services.context import AppContext
from consult_app.services.passwords import password_matches
from consult_app.store.store import open_store
from tests.clinic_owner import demoted_elsewhere, set_up_clinic
from tests.gui.typing import focus_chain_by_tab, type_text


@pytest.fixture
def owner(tmp_path: Path, content: Content) -> Iterator[AppContext]:
    store = open_store(f"sqlite:///{tmp_path / 'accounts.db'}")
    yield set_up_clinic(store, content)
    QThreadPool.globalInstance().waitForDone()
    store.close()


def open_accounts(qtbot: QtBot, owner: AppContext) -> AccountsDialog:
    opened = AccountsDialog(owner)
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    return opened


@pytest.fixture
def dialog(qtbot: QtBot, owner: AppContext) -> AccountsDialog:
    return open_accounts(qtbot, owner)


def rows(dialog: AccountsDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def open_form(qtbot: QtBot, dialog: AccountsDialog, button_name: str) -> AccountDialog:
    qtbot.mouseClick(getattr(dialog, button_name), Qt.MouseButton.LeftButton)
    form = dialog.form
    assert isinstance(form, AccountDialog | PasswordResetDialog)
    assert form.isVisible()
    return form  # type: ignore[return-value]


def save(qtbot: QtBot, form: AccountDialog | PasswordResetDialog) -> None:
    button = form.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stored_hash(context: AppContext, username: str) -> str | None:
    with context.store.reading() as uow:
        return uow.users.password_hash(username)


def test_an_account_added_through_the_form_shows_in_the_list(
    qtbot: QtBot, dialog: AccountsDialog, owner: AppContext, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(dialog.model)
    assert rows(dialog) == [("Dr Sam Patel", "sam", "Owner", "Yes")]
    form = open_form(qtbot, dialog, "add_button")
    type_text(form.name, "Zoë Brontë")
    assert form.username.text() == "zoe.bronte"  # suggested from the name
    form.role.setCurrentIndex(form.role.findData(Role.RECEPTION))
    assert form.passwords is not None
    type_text(form.passwords.password, "reception desk password")
    type_text(form.passwords.confirm, "reception desk password")
    save(qtbot, form)
    assert dialog.form is None
    assert rows(dialog) == [
        ("Dr Sam Patel", "sam", "Owner", "Yes"),
        ("Zoë Brontë", "zoe.bronte", "Reception", "Yes"),
    ]
    assert dialog.selected() is not None and dialog.selected().username == "zoe.bronte"
    stored = stored_hash(owner, "zoe.bronte")
    assert stored is not None and stored.startswith("$argon2id$")


def test_the_form_explains_a_taken_name_a_short_password_and_a_mismatch(
    qtbot: QtBot, dialog: AccountsDialog
) -> None:
    form = open_form(qtbot, dialog, "add_button")
    assert form.passwords is not None
    type_text(form.name, "Sam Again")
    form.username.setText("sam")
    type_text(form.passwords.password, "short")
    save(qtbot, form)
    assert form.error_message("password").startswith("Use at least 10 characters")
    assert form.focusWidget() is form.passwords.password
    form.passwords.password.clear()
    type_text(form.passwords.password, "a long enough password")
    type_text(form.passwords.confirm, "a long enough pasword")
    save(qtbot, form)
    assert form.error_message("confirm").startswith("This is not the same")
    form.passwords.confirm.clear()
    type_text(form.passwords.confirm, "a long enough password")
    save(qtbot, form)
    assert form.error_message("username") == '"sam" is taken; choose another user name'
    assert dialog.form is form and form.isVisible()
    form.reject()
    assert len(rows(dialog)) == 1


def test_switching_someone_off_and_resetting_a_password(qtbot: QtBot, owner: AppContext) -> None:
    kim = AccountService(owner).add("kim", "Kim Lee", Role.PRACTITIONER, "kim's long password")
    dialog = open_accounts(qtbot, owner)
    dialog.table.selectRow(1)
    assert dialog.selected() == kim
    form = open_form(qtbot, dialog, "edit_button")
    assert form.username.isReadOnly()
    form.is_active.setChecked(False)
    save(qtbot, form)
    assert rows(dialog)[1] == ("Kim Lee", "kim", "Practitioner", "No (switched off)")
    reset = open_form(qtbot, dialog, "reset_button")
    assert isinstance(reset, PasswordResetDialog)
    type_text(reset.passwords.password, "a fresh long password")
    type_text(reset.passwords.confirm, "a fresh long password")
    save(qtbot, reset)
    assert dialog.status_label.text() == (
        "Kim Lee's password was changed. Tell them the new one in person."
    )
    assert password_matches(stored_hash(owner, "kim"), "a fresh long password")


def test_your_own_role_and_active_box_cannot_be_changed(
    qtbot: QtBot, dialog: AccountsDialog
) -> None:
    dialog.table.selectRow(0)
    form = open_form(qtbot, dialog, "edit_button")
    assert not form.role.isEnabled()
    assert not form.is_active.isEnabled()
    form.reject()


def test_an_owner_demoted_on_another_desk_is_refused_and_keeps_the_form(
    qtbot: QtBot, owner: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sam's accounts window was open when another owner demoted Sam on another desk."""
    dialog = open_accounts(qtbot, owner)
    demoted_elsewhere(owner)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: told.append(a[2])))
    dialog.table.selectRow(0)
    form = open_form(qtbot, dialog, "edit_button")
    form.is_active.setChecked(False)
    save(qtbot, form)
    assert dialog.form is form and form.isVisible()  # what was chosen stays on screen
    assert told == [
        "Practitioner accounts cannot manage accounts. Ask the clinic owner if this needs doing."
    ]
    form.reject()


def test_someone_not_the_owner_is_told_and_sees_no_accounts(
    qtbot: QtBot, owner: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: told.append(a[2])))
    owner.user = AccountService(owner).add("kim", "Kim Lee", Role.RECEPTION, "kim's long password")
    opened = AccountsDialog(owner)
    qtbot.addWidget(opened)
    assert told == [
        "Reception accounts cannot manage accounts. Ask the clinic owner if this needs doing."
    ]
    assert opened.model.rowCount() == 0
    assert not opened.edit_button.isEnabled()


def test_every_control_is_reachable_with_tab_and_named(
    qtbot: QtBot, dialog: AccountsDialog, owner: AppContext
) -> None:
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    visited = focus_chain_by_tab(dialog.table, 4)
    assert visited[:3] == [dialog.add_button, dialog.edit_button, dialog.reset_button]
    assert dialog.table.accessibleName() == "Accounts"
    assert owner.user is not None
    form = AccountDialog(AccountService(owner), owner.user)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    assert form.passwords is not None
    fields = [form.name, form.username, form.role, form.passwords.password, form.passwords.confirm]
    assert all(field.accessibleName() for field in fields)
    assert focus_chain_by_tab(form.name, 4) == fields[1:]


def test_a_name_in_markup_is_shown_as_typed(qtbot: QtBot, owner: AppContext) -> None:
    AccountService(owner).add("kim", "<b>Kim</b>", Role.PRACTITIONER, "kim's long password")
    dialog = open_accounts(qtbot, owner)
    dialog.table.selectRow([row[1] for row in rows(dialog)].index("kim"))
    reset = open_form(qtbot, dialog, "reset_button")
    assert isinstance(reset, PasswordResetDialog)
    assert reset.intro_label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Kim</b> (kim)" in reset.intro_label.text()
    type_text(reset.passwords.password, "a fresh long password")
    type_text(reset.passwords.confirm, "a fresh long password")
    save(qtbot, reset)
    assert dialog.status_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.status_label.text().startswith("<b>Kim</b>'s password was changed.")
