"""One choice of a client is one audited view of their history, whatever the window does next.

Over a real encrypted clinic and the real window: the audit rows are counted in the store.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.gui.main_window import MainWindow
from tests.gui.accounts_clinic import OWNER, PRACTITIONER, People, audit_trail, people  # noqa: F401
from tests.gui.test_session import (
    sign_in_as,
    switch_user,
    views_by,
    window_for,
    with_a_consultation,
)
from tests.gui.typing import type_text
from tests.gui.wizard_driver import click


def _type_slowly(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Each letter searched before the next is typed, as a person typing slowly sees it."""
    for letter in text:
        type_text(window.search_box, letter)
        qtbot.waitUntil(lambda: not window._debounce.isActive())
        assert window.panel.client is not None  # the clinic's one client, found each time


def test_after_a_switch_to_the_owner_typing_a_name_views_the_client_once(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    """QA saw two "consultation history" views for one switch to the owner: each letter that
    still found only that client chose them again, and read their history again."""
    with_a_consultation(people)
    window = window_for(qtbot, people, PRACTITIONER)
    switch_user(qtbot, window, OWNER)
    assert views_by(people, OWNER) == []

    _type_slowly(qtbot, window, "Zoë")
    assert views_by(people, OWNER) == [(OWNER, "view", "consultation history")]


def test_closing_accounts_does_not_view_the_chosen_client_again(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from consult_app.gui.dialogs.accounts_dialog import AccountsDialog

    with_a_consultation(people)
    monkeypatch.setattr(AccountsDialog, "exec", lambda dialog: dialog.reject() or 0)
    window = window_for(qtbot, people, OWNER)
    qtbot.waitUntil(lambda: window.panel.client is not None)
    assert len(views_by(people, OWNER)) == 1
    window.actions[ActionId.ACCOUNTS].trigger()
    assert window.panel.client is not None  # still on screen, as it was
    assert len(views_by(people, OWNER)) == 1


def test_signing_in_as_the_owner_after_a_sign_out_views_the_client_once(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_a_consultation(people)
    window = window_for(qtbot, people, PRACTITIONER)

    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: sign_in_as(qtbot, dialog, OWNER))
    window.actions[ActionId.SIGN_OUT].trigger()
    assert window.panel.client is not None  # the one client, found by the empty search
    _type_slowly(qtbot, window, "Zo")
    assert views_by(people, OWNER) == [(OWNER, "view", "consultation history")]
    window.context.store.close()


def test_saving_the_chosen_clients_details_is_one_change_and_no_second_view(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The history on screen is theirs already: saving a new phone number shows it at once
    without reading (and auditing a view of) their history again."""
    from consult_app.gui.dialogs.client_dialog import ClientDialog

    def new_phone(dialog: ClientDialog) -> int:
        dialog.show()
        phone = dialog.field("phone")
        phone.clear()
        type_text(phone, "07700 900999")
        click(dialog.button_box.button(dialog.button_box.StandardButton.Save))
        qtbot.waitUntil(lambda: not dialog.isVisible())
        return dialog.result()

    with_a_consultation(people)
    monkeypatch.setattr(ClientDialog, "exec", new_phone)
    window = window_for(qtbot, people, PRACTITIONER)
    qtbot.waitUntil(lambda: window.panel.client is not None)
    before = len(audit_trail(people.context))
    window.actions[ActionId.EDIT_CLIENT].trigger()
    assert audit_trail(people.context)[before:] == [(PRACTITIONER, "change", "")]
    assert window.panel.client is not None
    assert window.panel.client.details.phone == "07700 900999"
    assert window.panel.history_model.rowCount() == 1  # the history stays on show
