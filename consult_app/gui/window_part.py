"""What the main window's parts share (window_sign_in, window_menus, window_documents,
window_clinic): who is signed in and the services made for them, through `signed_in`.

Each part is a mixin of MainWindow (main_window.py), which builds the widgets named below; the
parts never import it, so there is no import circle, and what a part reads of the window is
spelled out here for the type checker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from consult_app.domain.permissions import Permission, allows

if TYPE_CHECKING:
    from PySide6 import QtWidgets as Qw
    from PySide6.QtGui import QAction

    from consult_app.domain.client import ClientMatches
    from consult_app.domain.people import User
    from consult_app.gui.actions import ActionId
    from consult_app.gui.idle_lock import LockPanel
    from consult_app.gui.models.client_list import ClientListModel
    from consult_app.gui.session import Session
    from consult_app.gui.signed_in import SignedIn
    from consult_app.gui.treatment.course_box import Course
    from consult_app.gui.treatment.wizard import SessionWizard
    from consult_app.gui.widgets.client_panel import ClientPanel
    from consult_app.gui.wizard.wizard import ConsultationWizard
    from consult_app.services.clients import ClientService
    from consult_app.services.consultations import ConsultationService
    from consult_app.services.context import AppContext
    from consult_app.services.documents import DocumentService

    _Window = Qw.QMainWindow
else:
    _Window = object  # the real QMainWindow base comes with MainWindow


class WindowPart(_Window):
    if TYPE_CHECKING:
        # Built by MainWindow.__init__.
        signed_in: SignedIn
        panel: ClientPanel
        actions: dict[ActionId, QAction]  # type: ignore[assignment]  # shadows QWidget.actions
        search_box: Qw.QLineEdit
        table: Qw.QTableView
        more_row: Qw.QWidget
        model: ClientListModel
        records: Qw.QSplitter
        stack: Qw.QStackedWidget
        user_label: Qw.QLabel
        toolbar: Qw.QToolBar
        session: Session | None
        wizard: ConsultationWizard | None
        session_wizard: SessionWizard | None
        _menus: list[Qw.QMenu]
        _locked: bool
        _focus_before_lock: Qw.QWidget | None
        _lock_panel: LockPanel | None
        _records_for: AppContext | None
        _turn_shown: int

        # Of MainWindow or another part.
        def run_search(self) -> None: ...
        def _list_clients(self, query: str) -> ClientMatches: ...
        def set_find_text(self, text: str) -> None: ...
        def _on_listed(self, matches: ClientMatches) -> None: ...
        def _on_more_failed(self, error: BaseException) -> None: ...
        def _clear_records_view(self) -> None: ...
        def _update_actions(self) -> None: ...
        def user_changed(self, *, switched: bool = False) -> None: ...
        def show_locked(self, locked: bool) -> None: ...
        def open_consultation(self, consultation_id: int) -> None: ...
        def _after_consultation(self, client_id: int, user: User | None) -> None: ...
        def _update_title(self, user: User) -> None: ...
        def _on_table_selection_changed(self, selected: Any, deselected: Any) -> None: ...
        # The actions' slots (window_menus.py wires them).
        def new_client(self) -> None: ...
        def edit_client(self) -> None: ...
        def new_consultation(self) -> None: ...
        def start_session(self) -> None: ...
        def course_reader(self, client_id: int) -> Callable[[], Course]: ...
        def _open_selected_consultation(self) -> None: ...
        def _on_find_triggered(self) -> None: ...
        def _on_print_triggered(self) -> None: ...
        def check_copy(self) -> None: ...
        def print_handout(self, kind: str) -> None: ...
        def back_up_now(self) -> None: ...
        def restore_backup(self) -> None: ...
        def show_backups(self) -> None: ...
        def edit_clinic_details(self) -> None: ...
        def edit_devices(self) -> None: ...
        def show_recall_list(self) -> None: ...
        def save_next_session(self) -> None: ...
        def trace_batch(self) -> None: ...

    @property
    def context(self) -> AppContext | None:
        return self.signed_in.context

    @property
    def clinic_name(self) -> str:
        return self.signed_in.clinic_name

    @clinic_name.setter
    def clinic_name(self, name: str) -> None:
        self.signed_in.clinic_name = name

    # Made by the sign-in they serve, on first use (see signed_in.py).
    @property
    def clients(self) -> ClientService:
        return self.signed_in.clients

    @property
    def consultations(self) -> ConsultationService:
        return self.signed_in.consultations

    @property
    def documents(self) -> DocumentService:
        return self.signed_in.documents

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in role may do this (the window's mirror of the services' check)."""
        user = self.signed_in.user
        return user is not None and allows(user.role, permission)
