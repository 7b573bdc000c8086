"""The screen lock, switching user and signing out, over a real encrypted clinic."""

from __future__ import annotations

import time
from functools import partial
from typing import NoReturn

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QToolButton
from pytestqt.qtbot import QtBot

from consult_app.domain.audit import AuditFilter
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.change_password_dialog import ChangePasswordDialog
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.gui.idle_lock import LOCKED_TITLE, IdleTimer, UnlockDialog
from consult_app.gui.main_window import MainWindow
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clinic import ClinicService
from consult_app.services.signin import WRONG
from tests.gui.accounts_clinic import (  # noqa: F401
    OWNER,
    PASSWORDS,
    PRACTITIONER,
    RECEPTION,
    People,
    audit_trail,
    people,
)
from tests.gui.test_roles import RECEPTION_ACTIONS
from tests.gui.typing import type_text
from tests.gui.wizard_driver import choose, current_key, press_next

SHORT_MS = 300


def window_for(qtbot: QtBot, people: People, username: str) -> MainWindow:  # noqa: F811
    window = MainWindow(people.as_(username), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    return window


def unlock_dialog(qtbot: QtBot, window: MainWindow) -> UnlockDialog:
    assert window.session is not None
    qtbot.waitUntil(lambda: window.session.screen_lock.dialog is not None, timeout=5000)
    dialog = window.session.screen_lock.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def type_password(qtbot: QtBot, dialog: UnlockDialog, password: str) -> None:
    dialog.password.clear()
    type_text(dialog.password, password)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=10_000)


def unlock_as(qtbot: QtBot, window: MainWindow, dialog: UnlockDialog, username: str) -> None:
    type_password(qtbot, dialog, PASSWORDS[username])
    qtbot.waitUntil(lambda: not window.is_locked, timeout=5000)


def switch_user(qtbot: QtBot, window: MainWindow, username: str) -> None:
    """Session → Switch user, and `username` signs in with their password."""
    window.actions[ActionId.SWITCH_USER].trigger()
    dialog = unlock_dialog(qtbot, window)
    type_text(dialog.username, username)
    unlock_as(qtbot, window, dialog, username)


def sign_in_as(qtbot: QtBot, dialog: SignInDialog, username: str) -> int:
    """The sign-in after a sign-out, answered as `username` would: its result."""
    dialog.show()
    type_text(dialog.username, username)
    type_text(dialog.password, PASSWORDS[username])
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    return dialog.result()


def open_consultation(qtbot: QtBot, window: MainWindow) -> ConsultationWizard:
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    wizard = window.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    return wizard


def test_after_idle_time_the_records_hide_until_the_right_password(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_for(qtbot, people, PRACTITIONER)
    assert window.records.isVisible() and window.panel.client is not None
    window.session.screen_lock.timer.set_interval_ms(SHORT_MS)
    dialog = unlock_dialog(qtbot, window)
    assert window.is_locked
    assert not window.records.isVisible()  # the list and the client's panel are not drawn
    assert window.stack.currentWidget() is not window.records
    assert not window.actions[ActionId.FIND].isEnabled()
    assert dialog.username.text() == PRACTITIONER and dialog.username.isReadOnly()
    assert dialog.submit_button.text() == "Unlock" and dialog.switch_button.isVisible()
    qtbot.waitUntil(lambda: (PRACTITIONER, "lock", "idle") in audit_trail(people.context))

    type_password(qtbot, dialog, "not the password")
    assert window.is_locked and dialog.isVisible()
    assert dialog.error.message == WRONG
    assert not window.records.isVisible()

    unlock_as(qtbot, window, dialog, PRACTITIONER)
    assert window.records.isVisible()
    assert window.actions[ActionId.FIND].isEnabled()
    assert people.context.user is not None and people.context.user.username == PRACTITIONER


def _move_the_mouse() -> None:
    QApplication.sendEvent(
        QApplication.instance(),
        QMouseEvent(
            QEvent.Type.MouseMove,
            QPoint(5, 5),
            QPoint(5, 5),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )


def _keep_moving(qtbot: QtBot, timer: IdleTimer) -> float:
    """Move the mouse every third of the interval for twice the interval; returns the longest
    time between two moves (or the start and the first), measured from before one to after
    the next, so the idle clock never ran longer than that."""
    interval_s = timer.interval_ms / 1000
    before_last = time.monotonic()
    timer.start()
    started, longest = before_last, 0.0
    while time.monotonic() - started < 2 * interval_s:  # the interval passes twice over
        qtbot.wait(timer.interval_ms // 3)
        before = time.monotonic()
        _move_the_mouse()
        longest = max(longest, time.monotonic() - before_last)
        before_last = before
    return longest


def test_input_keeps_the_screen_unlocked(qtbot: QtBot) -> None:
    # A busy machine may stall the loop past the interval; then the moves did not come in
    # time and the run says nothing, so it is tried again with a longer interval.
    interval_ms = SHORT_MS
    for _ in range(6):
        timer = IdleTimer(interval_ms)
        idled: list[bool] = []
        timer.went_idle.connect(partial(idled.append, True))
        if _keep_moving(qtbot, timer) < interval_ms / 1000:
            break
        timer.stop()
        timer.deleteLater()
        interval_ms *= 2
    else:
        pytest.fail(f"no run moved the mouse within its interval (last {interval_ms // 2} ms)")
    assert not idled
    qtbot.waitUntil(lambda: bool(idled), timeout=max(10_000, 4 * interval_ms))
    timer.deleteLater()


def test_an_open_consultation_is_covered_not_closed_and_keeps_what_was_typed(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_for(qtbot, people, PRACTITIONER)
    wizard = open_consultation(qtbot, window)
    press_next(wizard)
    page_key = current_key(wizard)
    page = wizard.pages[wizard.currentId()]
    question, answer = next(iter(page.answers.items()))
    choose(answer, True)  # typed, not saved by a Next
    title = wizard.windowTitle()
    assert "Łukasiewicz" in title

    qtbot.keyClick(wizard, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Lock now
    dialog = unlock_dialog(qtbot, window)
    assert wizard.isVisible() and not wizard.isEnabled()
    assert wizard.windowTitle() == LOCKED_TITLE  # the client's name is in the usual title
    covers = [c for c in wizard.children() if type(c).__name__ == "_Cover"]
    assert len(covers) == 1 and covers[0].isVisible() and covers[0].geometry() == wizard.rect()

    unlock_as(qtbot, window, dialog, PRACTITIONER)
    assert wizard.isVisible() and wizard.isEnabled()
    assert wizard.windowTitle() == title
    assert current_key(wizard) == page_key
    assert page.answers[question].value() is True
    qtbot.waitUntil(lambda: not [c for c in wizard.children() if type(c).__name__ == "_Cover"])
    wizard.reject()


def test_a_window_that_opens_while_locked_is_covered_and_the_prompt_stays_on_top(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_for(qtbot, people, OWNER)
    window.actions[ActionId.LOCK].trigger()
    dialog = unlock_dialog(qtbot, window)
    late = QDialog(window)  # as a preview does when its document is made after the lock
    late.setWindowTitle("Signed consent — Zoë Łukasiewicz")
    late.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=2000)
    assert late.isVisible() and not late.isEnabled() and late.windowTitle() == LOCKED_TITLE
    unlock_as(qtbot, window, dialog, OWNER)
    assert late.isVisible() and late.isEnabled()
    assert late.windowTitle() == "Signed consent — Zoë Łukasiewicz"
    late.close()


def test_switching_user_closes_the_previous_users_windows_and_changes_the_actions(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_for(qtbot, people, PRACTITIONER)
    wizard = open_consultation(qtbot, window)
    window.actions[ActionId.SWITCH_USER].trigger()
    dialog = unlock_dialog(qtbot, window)
    assert dialog.is_switching and dialog.username.text() == ""
    assert dialog.submit_button.text() == "Sign in" and not dialog.switch_button.isVisible()
    type_text(dialog.username, RECEPTION)
    unlock_as(qtbot, window, dialog, RECEPTION)
    assert not wizard.isVisible()
    assert "Robin Reyes (Reception)" in window.windowTitle()
    assert window.user_label.text() == "Signed in: Robin Reyes (Reception)"
    shown = {action_id for action_id, a in window.actions.items() if a.isVisible()}
    assert shown == RECEPTION_ACTIONS
    assert (RECEPTION, "sign_in", "") in audit_trail(people.context)


def test_whoever_switches_in_starts_typing_in_find_not_in_the_client_list(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    """Focus stayed in the client list the previous person left it in, where the next one's
    typed "hug" jumped to a client and opened their record in the new person's name."""
    window = window_for(qtbot, people, PRACTITIONER)
    window.table.setFocus()
    switch_user(qtbot, window, RECEPTION)
    assert window.focusWidget() is window.search_box


def test_the_same_person_unlocking_is_back_where_they_were(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_for(qtbot, people, PRACTITIONER)
    window.table.setFocus()
    window.actions[ActionId.LOCK].trigger()
    dialog = unlock_dialog(qtbot, window)
    unlock_as(qtbot, window, dialog, PRACTITIONER)
    assert window.focusWidget() is window.table


def test_signing_out_clears_the_window_and_the_next_person_signs_in(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_for(qtbot, people, OWNER)
    seen: dict[str, object] = {}

    def sign_in_as_reception(dialog: SignInDialog) -> int:
        seen["rows"] = window.table.model()
        seen["client"] = window.panel.client
        seen["title"] = window.windowTitle()
        return sign_in_as(qtbot, dialog, RECEPTION)

    monkeypatch.setattr(SignInDialog, "exec", sign_in_as_reception)
    old = window.context
    window.actions[ActionId.SIGN_OUT].trigger()
    assert seen == {"rows": None, "client": None, "title": "Consult"}
    assert window.context is not old and window.context.user.username == RECEPTION
    assert {i for i, a in window.actions.items() if a.isVisible()} == RECEPTION_ACTIONS
    assert window.model.rowCount() == 1 and window.panel.client is not None
    qtbot.waitUntil(lambda: old.user is None)  # recorded once the owner's reads had ended
    with window.context.store.reading() as uow:
        newest = uow.audit.find(AuditFilter(), 2, 0)
    assert [(e.username, e.action) for e in reversed(newest)] == [
        (OWNER, "sign_out"),
        (RECEPTION, "sign_in"),
    ]
    window.context.store.close()


def _clear_button(window: MainWindow) -> QToolButton:
    """The × at the end of the Find box that empties it."""
    (button,) = window.search_box.findChildren(QToolButton)
    return button


def test_signing_out_empties_find_and_takes_its_clear_button_away(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The × beside an empty Find box stayed after signing out (it clears nothing)."""
    window = window_for(qtbot, people, PRACTITIONER)
    qtbot.keyClicks(window.search_box, "zo")
    qtbot.waitUntil(_clear_button(window).isVisible)
    seen: dict[str, object] = {}

    def look_and_cancel(dialog: SignInDialog) -> int:
        qtbot.waitUntil(lambda: not _clear_button(window).isVisible())  # it fades out
        seen["find"] = window.search_box.text()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", look_and_cancel)
    window.actions[ActionId.SIGN_OUT].trigger()
    assert seen == {"find": ""}


def test_a_client_just_added_is_found_by_name_with_the_clear_button_beside_it(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window = window_for(qtbot, people, PRACTITIONER)
    assert window.search_box.text() == "" and not _clear_button(window).isVisible()
    client_id = window.model.client_id(0)

    window.show_client(client_id)  # as after New client

    assert window.search_box.text() == "Łukasiewicz Zoë"
    assert window.panel.client is not None and window.panel.client.id == client_id
    qtbot.waitUntil(_clear_button(window).isVisible)


def test_nobody_signing_in_after_sign_out_closes_consult(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_for(qtbot, people, OWNER)
    monkeypatch.setattr(SignInDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    window.actions[ActionId.SIGN_OUT].trigger()
    assert not window.isVisible()


def test_the_owner_sets_the_lock_time_for_every_workstation(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_for(qtbot, people, OWNER)
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *_a, **_k: (12, True)))
    window.actions[ActionId.IDLE_LOCK_SETTING].trigger()
    assert ClinicService(people.context).idle_lock_minutes() == 12
    assert window.session.screen_lock.timer.interval_ms == 12 * 60_000
    assert (OWNER, "change", "idle lock: 12 min") in audit_trail(people.context)


def test_changing_my_password_checks_the_current_one(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    dialog = ChangePasswordDialog(people.as_(RECEPTION))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.current, "not my password")
    type_text(dialog.passwords.password, "a new front desk phrase")
    type_text(dialog.passwords.confirm, "a new front desk phrase")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.error_message("current")), timeout=10_000)
    assert "not right" in dialog.error_message("current")
    type_text(dialog.current, PASSWORDS[RECEPTION])
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    people.gate.sign_in(RECEPTION, "a new front desk phrase").store.close()


def test_the_owners_accounts_and_audit_trail_open_from_the_clinic_menu(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from consult_app.gui.dialogs.accounts_dialog import AccountsDialog
    from consult_app.gui.dialogs.audit_dialog import AuditDialog

    opened: list[str] = []
    monkeypatch.setattr(AccountsDialog, "exec", lambda d: opened.append("accounts") or 0)
    monkeypatch.setattr(AuditDialog, "exec", lambda d: opened.append("audit") or 0)
    window = window_for(qtbot, people, OWNER)
    window.actions[ActionId.ACCOUNTS].trigger()
    window.actions[ActionId.AUDIT_TRAIL].trigger()
    assert opened == ["accounts", "audit"]


def database_locked(*_args: object, **_kwargs: object) -> NoReturn:
    """A stand-in for a call the database refuses while another workstation holds it."""
    raise RuntimeError("database is locked")


def titles_shown(monkeypatch: pytest.MonkeyPatch, into: list[str]) -> None:
    """The title of every error the session actions show goes `into` the list instead."""
    import consult_app.gui.session as session_module

    monkeypatch.setattr(session_module, "show_error", lambda _p, title, _e: into.append(title))


def test_a_sign_out_that_cannot_be_recorded_still_closes_the_records_and_asks_who_is_next(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_for(qtbot, people, OWNER)
    happened: list[str] = []
    monkeypatch.setattr(people.gate, "sign_out", database_locked)
    monkeypatch.setattr(people.context.store, "close", lambda: happened.append("closed"))
    titles_shown(monkeypatch, happened)

    def nobody(_dialog: SignInDialog) -> int:
        happened.append("sign in asked")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", nobody)
    window.actions[ActionId.SIGN_OUT].trigger()
    # Put away once the read of the client's sessions, started as the window opened, has ended.
    qtbot.waitUntil(lambda: "The sign-out was not recorded" in happened)
    assert happened == ["sign in asked", "closed", "The sign-out was not recorded"]
    assert people.context.user is None and window.context is None
    monkeypatch.undo()


def test_a_lock_time_that_cannot_be_read_is_told_not_raised(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_for(qtbot, people, OWNER)
    shown: list[str] = []
    monkeypatch.setattr(ClinicService, "idle_lock_minutes", database_locked)
    titles_shown(monkeypatch, shown)
    asked = []
    monkeypatch.setattr(
        QInputDialog, "getInt", staticmethod(lambda *_a, **_k: asked.append(1) or (12, True))
    )
    window.actions[ActionId.IDLE_LOCK_SETTING].trigger()
    assert shown == ["The lock time could not be read"] and asked == []


def with_a_consultation(people: People) -> None:  # noqa: F811
    """The fixture's client with a consultation, so opening their record is an audited view."""
    from consult_app.services.clients import ClientService
    from consult_app.services.consultations import ConsultationInput, ConsultationService

    (client_id,) = ClientService(people.context).search("")
    ConsultationService(people.context).start(client_id, ConsultationInput(wizard_page="client"))


def views_by(people: People, username: str) -> list[tuple[str, str, str]]:  # noqa: F811
    return [e for e in audit_trail(people.context) if e[0] == username and e[1] == "view"]


def test_switching_user_puts_away_the_client_the_previous_person_chose(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    with_a_consultation(people)
    window = window_for(qtbot, people, OWNER)
    type_text(window.search_box, "Zoë")
    qtbot.waitUntil(lambda: window.panel.client is not None)
    assert views_by(people, OWNER)
    for username in (PRACTITIONER, RECEPTION):
        switch_user(qtbot, window, username)
        assert window.panel.client is None
        assert window.search_box.text() == ""
        assert not window.table.selectionModel().hasSelection()
        assert views_by(people, username) == []


def test_a_consultation_closed_by_a_switch_does_not_reopen_its_client_for_the_next_person(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    with_a_consultation(people)
    window = window_for(qtbot, people, PRACTITIONER)
    wizard = open_consultation(qtbot, window)
    switch_user(qtbot, window, OWNER)
    assert not wizard.isVisible()
    assert window.panel.client is None
    assert views_by(people, OWNER) == []
