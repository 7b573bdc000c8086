"""The main window following the sign-in: records opened for a new sign-in, put away at sign-out,
shown again as another person (or a new role) sees them, hidden behind the lock panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt

from consult_app.domain.permissions import ROLE_WORDS, Permission, allows
from consult_app.gui.models.client_list import ClientListModel
from consult_app.gui.window_part import WindowPart

if TYPE_CHECKING:
    from consult_app.domain.people import User
    from consult_app.services.context import AppContext


class SignInReactions(WindowPart):
    """MainWindow's part that follows `signed_in.changed` and the screen lock."""

    def _on_signed_in_changed(self) -> None:
        """Follow the sign-in: records opened, put away, or shown as the person now sees them."""
        context = self.signed_in.context
        if context is None:
            self._records_for = None
            self.detach()
        elif context is not self._records_for:
            self._open_records(context)
        else:
            self.user_changed(switched=self.signed_in.turn != self._turn_shown)
        self._turn_shown = self.signed_in.turn

    def _open_records(self, context: AppContext) -> None:
        from consult_app.gui.session import Session

        self._records_for = context
        self.model = ClientListModel(self.clients)
        self.model.listed.connect(self._on_listed)
        self.model.more_failed.connect(self._on_more_failed)
        self.table.setModel(self.model)
        for column, width in enumerate((170, 150, 110, 130)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.panel.use(self.clients, self.course_reader)
        if self.session is None:
            self.session = Session(self, self.signed_in, self.actions)
            self.session.screen_lock.locked.connect(lambda: self.show_locked(True))
            self.session.screen_lock.unlocked.connect(self._on_unlocked)
        self.user_changed()
        self.session.attached(context)
        self.run_search()  # with whatever was typed while the records were opening
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)  # signed in: type a name

    def _on_unlocked(self, _switched: bool) -> None:
        self.show_locked(False)  # a switch of person has come through `changed` already

    def detach(self) -> None:
        """Take the records out of this window (signing out): no client stays on screen."""
        if self.signed_in.context is not None:
            self.signed_in.end()  # comes back here through `changed`
            return
        self._clear_records_view()
        self.table.setModel(None)
        self.more_row.hide()
        self.setWindowTitle("Consult")
        self.user_label.clear()
        self.statusBar().showMessage("Signed out")
        self._update_actions()

    def _clear_records_view(self) -> None:
        """No search, no chosen client: nothing of the previous person's work stays on screen."""
        self.set_find_text("")  # clearing it is not a search
        self.table.clearSelection()
        self.panel.clear()

    def user_changed(self, *, switched: bool = False) -> None:
        """The signed-in account is new or another one: title, actions, what the panel shows.

        `switched`: another person now uses this window; the client the previous one chose is
        put away, not opened again (an audited view) in the new person's name.
        """
        user = self.context.user if self.context is not None else None
        if user is None:
            return
        if switched:
            self._focus_before_lock = None  # the next person starts in Find
            self._clear_records_view()
            # The list shows what the now empty Find box asks for: everyone, nobody chosen
            # (it still held the previous person's search).
            self._list_clients("")
        self._update_title(user)
        self.user_label.setText(f"Signed in: {user.display_name} ({ROLE_WORDS[user.role]})")
        medical = allows(user.role, Permission.VIEW_MEDICAL_RECORD)
        # Read again only for a role that sees more or less of it: the same person renamed
        # (Accounts… closed) would otherwise add an audited view that nobody asked for.
        read_again = self.panel.client is not None and medical != self.panel.medical
        self.panel.set_medical(medical)
        self._update_actions()
        if read_again and self.panel.client is not None:
            self.panel.show_client(self.panel.client.id)  # as the new role sees it

    def _update_title(self, user: User) -> None:
        clinic = f" — {self.clinic_name}" if self.clinic_name else ""
        self.setWindowTitle(f"Consult{clinic} — {user.display_name} ({ROLE_WORDS[user.role]})")

    @property
    def is_locked(self) -> bool:
        return self._locked

    def show_locked(self, locked: bool) -> None:
        """Hide the records behind the lock panel (or bring them back); actions follow."""
        self._locked = locked
        if locked:
            if self._lock_panel is None:
                from consult_app.gui.idle_lock import LockPanel

                self._lock_panel = LockPanel()
                self.stack.addWidget(self._lock_panel)
            if self.context is not None and self.context.user is not None:
                self._lock_panel.show_user(self.context.user)
            if self.stack.currentWidget() is self.records:
                self._focus_before_lock = self.focusWidget()
            self.stack.setCurrentWidget(self._lock_panel)
            self.statusBar().clearMessage()  # "Added Zoë …": a name is client data too
        else:
            self.stack.setCurrentWidget(self.records)
            self._focus_after_lock()
        self._update_actions()

    def _focus_after_lock(self) -> None:
        """Back where the same person was; Find for someone who switched in. Left to Qt, the
        focus fell on the client list, where a name typed opened a client's record."""
        before = self._focus_before_lock
        self._focus_before_lock = None
        usable = (
            before is not None
            and shiboken6.isValid(before)
            and self.records.isAncestorOf(before)
            and before.isVisible()
            and before.isEnabled()
        )
        target = before if usable and before is not None else self.search_box
        target.setFocus(Qt.FocusReason.OtherFocusReason)
