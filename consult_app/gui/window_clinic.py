"""The main window's Clinic menu: back-ups (made, listed, restored), the clinic's details and
devices, tracing a batch; and the recall list and a client's next session as a calendar file.
The views load on first use (see main_window.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consult_app.gui.window_part import WindowPart

if TYPE_CHECKING:
    from consult_app.domain.clinic import ClinicDetails


class ClinicActions(WindowPart):
    """MainWindow's part for the Clinic menu."""

    def edit_clinic_details(self) -> None:
        from consult_app.gui.clinic_views import edit_clinic_details

        edit_clinic_details(self, self.context, self._on_clinic_details_changed)

    def _on_clinic_details_changed(self, details: ClinicDetails) -> None:
        self.clinic_name = details.name
        if self.context is not None and self.context.user is not None:
            self._update_title(self.context.user)

    def edit_devices(self) -> None:
        from consult_app.gui.recall_views import edit_devices

        if self.context is not None:
            edit_devices(self, self.context)

    def show_recall_list(self) -> None:
        from consult_app.gui.recall_views import show_recall_list

        if self.context is not None:
            show_recall_list(self, self.context)

    def save_next_session(self) -> None:
        from consult_app.gui.recall_views import save_next_session

        if self.context is not None and self.panel.client is not None:
            save_next_session(self, self.context, self.panel.client)

    def trace_batch(self) -> None:
        from consult_app.gui.recall_views import trace_batch

        if self.context is not None:
            trace_batch(self, self.context)

    def back_up_now(self) -> None:
        from consult_app.gui.backup_views import back_up_now

        back_up_now(self, self.context)

    def show_backups(self) -> None:
        from consult_app.gui.backup_views import show_backups

        show_backups(self, self.context)

    def restore_backup(self) -> None:
        from consult_app.gui.backup_views import restore_backup

        restore_backup(self, self.context, self._show_restored)

    def _show_restored(self, clinic_name: str) -> None:
        """After a restore: the restored clinic's name and records, the search cleared."""
        self.clinic_name = clinic_name
        self._clear_records_view()  # the client shown may not be in the backup
        self.user_changed()
        self.run_search()
