"""Backups in the app: the database check at start, the daily backup, back up now, restore."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget

from consult_app.domain.backups import Restored
from consult_app.domain.dates import format_date
from consult_app.errors import ConsultError
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background
from consult_app.services.backups import (
    BackupFiles,
    BackupInfo,
    BackupService,
    StartCheck,
    backup_info,
)
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext

DAMAGED_TITLE = "The database is damaged"
Button = QMessageBox.StandardButton


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} at {local:%H:%M}"


def _described(backup: BackupInfo) -> str:
    return f"{backup.path.name} (taken {_when(backup.taken_at)})"


@contextmanager
def _waiting() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def database_ready(
    service: BackupFiles, parent: QWidget | None = None, *, interactive: bool = True
) -> bool:
    """Check the database before it is opened; True when Consult may go on and open it.

    A damaged file has been moved aside by the check; the user is told, and offered the newest
    good backup (yes: restore it and go on; no: close). Unattended, the explanation goes to
    stderr and Consult closes.
    """
    return handle_start_check(service.check_at_start(), service, parent, interactive=interactive)


def handle_start_check(
    check: StartCheck,
    service: BackupFiles,
    parent: QWidget | None = None,
    *,
    interactive: bool = True,
) -> bool:
    """What `database_ready` does once the check has run (the check may run on a worker thread,
    as signing in does; this part asks questions, so it runs on the GUI thread)."""
    if not check.is_damaged:
        return True
    text = (
        f"{check.problem}\n\nSo that nothing more is lost, Consult has moved it aside, exactly "
        f"as it was, to:\n{check.moved_to}\nKeep that file for your IT support."
    )
    good = check.newest_good_backup
    if not interactive:
        offer = f"The newest good backup is {good.path}." if good else "No good backup was found."
        print(f"consult-app: {text}\n{offer}", file=sys.stderr)
        return False
    if good is None:
        QMessageBox.critical(
            parent,
            DAMAGED_TITLE,
            f"{text}\n\nNo good backup was found in {service.folder}, so Consult will close now. "
            "Started again, it would begin with an empty database: ask your IT support first.",
        )
        return False
    answer = QMessageBox.question(
        parent,
        DAMAGED_TITLE,
        f"{text}\n\nThe newest good backup is {_described(good)}. Restore it and carry on? "
        "Anything saved after that backup is not in it.\n\nChoose No to close Consult; you "
        "can restore later with `consult-app restore FILE`.",
        Button.Yes | Button.No,
        Button.Yes,
    )
    if answer != Button.Yes:
        return False
    try:
        with _waiting():
            service.restore(good.path)
    except ConsultError as error:
        show_error(parent, "The backup was not restored", error)
        return False
    return True


def _in_background(
    window: QMainWindow, busy: str, work: Callable[[], Path | None], failure_title: str
) -> None:
    status = window.statusBar()
    status.showMessage(busy)

    def succeeded(path: Path | None) -> None:
        if path is None:
            status.clearMessage()
        else:
            status.showMessage(f"Backed up to {path}", 10_000)

    def failed(error: BaseException) -> None:
        status.clearMessage()
        show_error(window, failure_title, error)

    run_in_background(work, succeeded, failed)


def back_up_if_due(window: QMainWindow, context: AppContext) -> None:
    """The backup at start, off the GUI thread, when the newest one is over a day old."""
    try:
        if not BackupService(context).is_due():
            return
    except ConsultError:  # PostgreSQL, or no file yet: nothing for Consult to back up
        return
    _in_background(
        window, "Backing up…", BackupService(context).automatic_backup, "The daily backup failed"
    )


def back_up_now(window: QMainWindow, context: AppContext) -> None:
    """A backup on demand, off the GUI thread (on PostgreSQL: the advice to use pg_dump)."""
    _in_background(window, "Backing up…", BackupService(context).back_up, "The backup failed")


def show_backups(window: QMainWindow, context: AppContext) -> None:
    """The list of backups with their dates, kinds and sizes (on PostgreSQL: the advice)."""
    from consult_app.gui.dialogs.backups_dialog import BackupsDialog

    try:
        service = BackupService(context)
        found = service.backups()
        folder = service.folder
    except ConsultError as error:
        show_error(window, "Backups", error)
        return
    dialog = BackupsDialog(found, folder, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def choose_backup(parent: QWidget, service: BackupService) -> Path | None:
    """Ask for a backup file and confirm the restore; None when cancelled or unusable."""
    folder = service.folder
    chosen, _ = QFileDialog.getOpenFileName(
        parent,
        "Restore from backup",
        str(folder if folder.is_dir() else folder.parent),
        "Consult backups (*.db);;All files (*)",
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        service.verify(path)
        described = _described(backup_info(path))
    except (ConsultError, OSError) as error:
        show_error(parent, "This backup cannot be restored", error)
        return None
    answer = QMessageBox.question(
        parent,
        "Restore from backup",
        f"Replace the database with the backup {described}?\n\nAnything saved after that "
        "backup will no longer be shown. The database as it is now is backed up first, so "
        "nothing is lost. Close Consult on other workstations before you go on.",
        Button.Yes | Button.No,
        Button.No,
    )
    return path if answer == Button.Yes else None


def restore_backup(
    window: QMainWindow, context: AppContext, show_restored: Callable[[str], None]
) -> Restored | None:
    """Restore a chosen backup in place (the store is closed and opened again meanwhile), then
    `show_restored(clinic name)`; returns what was done, or None when nothing was restored.

    Runs on the GUI thread on purpose: nothing may query the database while it is swapped.
    """
    service = BackupService(context)
    try:
        path = choose_backup(window, service)
    except ConsultError as error:  # PostgreSQL: restores are the server's job
        show_error(window, "Restore from backup", error)
        return None
    if path is None:
        return None
    try:
        with _waiting():
            restored = service.restore(path)
    except Exception as error:
        show_error(window, "The backup was not restored", error)
        return None
    # The same person goes on working if the restored records know their account as it is
    # now; otherwise they sign in again, under the accounts the backup holds. Who is signed
    # in changes only through the window's sign-in (gui/signed_in.py), here on the GUI thread.
    signed_in = getattr(window, "signed_in", None)
    if restored.account is None or restored.account != context.user:
        window.statusBar().showMessage(f"Restored from {path.name}; sign in again", 15_000)
        session = getattr(window, "session", None)
        if session is not None:
            session.sign_out()
        elif signed_in is not None:
            signed_in.end()
        return restored
    if signed_in is not None:
        signed_in.continues_as(restored.account)
    details = ClinicService(context).details()
    show_restored(details.name if details else "")
    note = f"Restored from {path.name}"
    if restored.previous_saved_to:
        note += f"; the database as it was is backed up to {restored.previous_saved_to.name}"
    window.statusBar().showMessage(note, 15_000)
    return restored
