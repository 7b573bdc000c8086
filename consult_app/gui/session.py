"""Who is working at this workstation: locking, switching user, signing out, one's own password,
and the owner's accounts, audit trail and lock time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QInputDialog, QMainWindow, QWizard

from consult_app.gui.actions import ActionId
from consult_app.gui.errors import show_error
from consult_app.gui.idle_lock import MINUTE_MS, ScreenLock
from consult_app.gui.tasks import after_work_under_way

if TYPE_CHECKING:
    from consult_app.domain.people import User
    from consult_app.gui.signed_in import SignedIn
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate


class Session(QObject):
    """The session actions of one main window; `attached` is called for every new sign-in.

    It changes who is signed in through `signed_in` only; the window follows its `changed`
    (and the lock's `locked`/`unlocked`), so nothing here knows the main window's insides."""

    def __init__(
        self, window: QMainWindow, signed_in: SignedIn, actions: Mapping[ActionId, QAction]
    ) -> None:
        from consult_app.services.clinic import IDLE_LOCK_DEFAULT

        super().__init__(window)
        self.window = window
        self.signed_in = signed_in
        self.screen_lock = ScreenLock(window, signed_in, IDLE_LOCK_DEFAULT * MINUTE_MS)
        slots = {
            ActionId.LOCK: lambda: self.screen_lock.lock("asked"),
            ActionId.SWITCH_USER: lambda: self.screen_lock.lock("switch user", switching=True),
            ActionId.SIGN_OUT: self.sign_out,
            ActionId.CHANGE_PASSWORD: self.change_password,
            ActionId.ACCOUNTS: self.manage_accounts,
            ActionId.AUDIT_TRAIL: self.show_audit_trail,
            ActionId.IDLE_LOCK_SETTING: self.choose_lock_time,
        }
        for action_id, slot in slots.items():
            actions[action_id].triggered.connect(slot)

    @property
    def gate(self) -> Gate:
        gate = self.signed_in.gate
        assert gate is not None, "a sign-in brings its gate"
        return gate

    @property
    def context(self) -> AppContext:
        context = self.signed_in.context
        assert context is not None, "session actions are enabled only while signed in"
        return context

    def attached(self, context: AppContext) -> None:
        """A new sign-in: the clinic's lock time applies from now."""
        from consult_app.services.clinic import ClinicService

        try:
            minutes = ClinicService(context).idle_lock_minutes()
        except Exception as error:  # the default time still protects the records
            show_error(self.window, "The lock time could not be read", error)
        else:
            self.screen_lock.timer.set_interval_ms(minutes * MINUTE_MS)
        self.screen_lock.timer.start()

    def sign_out(self) -> None:
        """Put the records away and ask who signs in next; nobody: Consult closes."""
        from consult_app.gui.dialogs.sign_in_dialog import SignInDialog

        window = self.window
        if not self._close_open_windows():
            return
        context = self.context
        gate = self.gate
        self.screen_lock.timer.stop()
        self.signed_in.end()  # a new turn: what reads still bring back for them is dropped
        at = datetime.now(UTC)
        # Recorded and closed once the work still using the database has ended, never under
        # it (a PostgreSQL connection it holds would be left to the garbage collector, and a
        # write it makes would refuse the record as busy); the next person need not wait.
        after_work_under_way(lambda: self._put_away(context, gate, at))
        dialog = SignInDialog(gate, window, clinic_name=self.signed_in.clinic_name)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.context is not None:
            self.signed_in.begin(dialog.context, gate)
        else:
            window.close()

    def _put_away(self, context: AppContext, gate: Gate, at: datetime) -> None:
        """Record that `context`'s person signed out `at`, and close its database."""
        try:
            gate.sign_out(context, at=at)
        except Exception as error:  # the records are put away all the same
            context.user = None
            context.store.close()
            shown_on = self.window if shiboken6.isValid(self.window) else None
            show_error(shown_on, "The sign-out was not recorded", error)

    def _close_open_windows(self) -> bool:
        """The consultation (its draft saved) and any dialog; False if the consultation stays
        open (its draft could not be saved, and the person was told)."""
        for wizard in self.window.findChildren(QWizard):  # the consultation
            if wizard.isVisible():
                wizard.reject()
                if wizard.isVisible():
                    return False
        for dialog in self.window.findChildren(QDialog):
            if dialog.isVisible():
                dialog.close()
        return True

    def change_password(self) -> None:
        from consult_app.gui.dialogs.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.context, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.statusBar().showMessage("Your password is changed.", 8000)

    def manage_accounts(self) -> None:
        try:  # written alongside this module; a missing dialog is a bug to report, not a crash
            from consult_app.gui.dialogs.accounts_dialog import AccountsDialog

            AccountsDialog(self.context, self.window).exec()
            self.signed_in.touched(self._own_account())  # they may have renamed it
        except Exception as error:
            show_error(self.window, "Accounts", error)

    def _own_account(self) -> User | None:
        """The signed-in account as stored now, read here on the GUI thread."""
        from consult_app.services.accounts import AccountService

        me = self.context.user
        mine = [u for u in AccountService(self.context).accounts() if me and u.id == me.id]
        return mine[0] if mine else None

    def show_audit_trail(self) -> None:
        try:
            from consult_app.gui.dialogs.audit_dialog import AuditDialog

            AuditDialog(self.context, self.window).exec()
        except Exception as error:
            show_error(self.window, "Audit trail", error)

    def choose_lock_time(self) -> None:
        from consult_app.services.clinic import IDLE_LOCK_RANGE, ClinicService

        clinic = ClinicService(self.context)
        low, high = IDLE_LOCK_RANGE
        try:
            current = clinic.idle_lock_minutes()
        except Exception as error:
            show_error(self.window, "The lock time could not be read", error)
            return
        minutes, chosen = QInputDialog.getInt(
            self.window,
            "Lock after",
            "Lock every workstation after this many minutes without use:",
            current,
            low,
            high,
        )
        if not chosen:
            return
        try:
            clinic.set_idle_lock_minutes(minutes)
        except Exception as error:
            show_error(self.window, "The lock time was not changed", error)
            return
        self.screen_lock.timer.set_interval_ms(minutes * MINUTE_MS)
        self.window.statusBar().showMessage(
            f"Consult now locks after {minutes} minute{'s' if minutes != 1 else ''} without use "
            "(other workstations from their next sign-in).",
            8000,
        )
