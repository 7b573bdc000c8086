"""Starting the Qt application: paint the main window at once, then open the database into it.

The first paint waits only for Qt and the window itself; the database (SQLAlchemy, and Alembic
when the schema is behind) is opened once the window is on screen. See bench/ for the figures.
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from consult_app import __version__
from consult_app.errors import ConsultError
from consult_app.gui.main_window import MainWindow
from consult_app.paths import resources_dir

if TYPE_CHECKING:
    from consult_app.services.context import AppContext

EXIT_NOT_SET_UP = 2
OPEN_ANYWAY_MS = 500  # a window that is never exposed (no paint) still gets its records


def main_window_for(context: AppContext, window: MainWindow | None = None) -> MainWindow | None:
    """The main window (`window`, or a new one) holding the records, after the first-start set-up
    on a new database; None if that set-up was cancelled."""
    from consult_app.gui.errors import show_error
    from consult_app.services.clinic import ClinicService
    from consult_app.services.startup import working_practitioner

    clinic = ClinicService(context)
    details = clinic.details()
    while details is None:  # a new database: the clinic and its first practitioner first
        from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog

        dialog = ClinicSetupDialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            clinic.set_up(*dialog.values())
            details = clinic.details()
        except ConsultError as error:
            show_error(None, "The clinic was not set up", error)
    context.user = context.user or working_practitioner(context)
    if window is None:
        window = MainWindow()
        window.resize(1280, 800)
    window.attach(context, details.name)
    return window


READY_TIMEOUT_MS = 60_000


def quit_when_ready(app: QApplication, window: MainWindow) -> None:
    """Exit 0 once the window shows the first page of clients and the event loop is idle.

    For automation and start-up measurements (`consult-app --quit-when-ready`).
    """
    waited = QElapsedTimer()
    waited.start()

    def check() -> None:
        drawn = window.model.rowCount() == 0 or window.model.rows_fetched > 0
        if window.isVisible() and drawn:
            app.exit(0)
        elif waited.elapsed() > READY_TIMEOUT_MS:
            print("consult-app: the main window did not become ready in time", file=sys.stderr)
            app.exit(1)
        else:
            QTimer.singleShot(0, check)  # a zero timer runs when the event queue is empty

    QTimer.singleShot(0, check)


class _Opening:
    """Opens the database into the painted window, once; exits the app if it cannot."""

    def __init__(self, app: QApplication, window: MainWindow, url: str, unattended: bool) -> None:
        self.app, self.window, self.url, self.unattended = app, window, url, unattended
        self.context: AppContext | None = None
        self._started = False

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            self._open()
        except Exception as error:  # a bug: say so and stop, never leave an empty window
            if self.unattended:
                traceback.print_exception(error)
            else:
                from consult_app.gui.errors import show_error

                show_error(self.window, "Consult cannot start", error)
            self.app.exit(1)

    def _open(self) -> None:
        from consult_app.gui.backup_views import back_up_if_due, database_ready
        from consult_app.services.backups import BackupService
        from consult_app.services.clinic import ClinicService
        from consult_app.services.startup import open_context

        backups = BackupService(self.url)
        try:
            # Checked read-only first: a damaged file is moved aside, never written to.
            if not database_ready(backups, self.window, interactive=not self.unattended):
                self.app.exit(1)
                return
            self.context = open_context(self.url)
        except ConsultError as exc:
            QMessageBox.critical(
                self.window, "Consult cannot start", f"{exc}\n\nDatabase: {self.url}"
            )
            self.app.exit(1)
            return
        if self.unattended and ClinicService(self.context).needs_set_up():
            print(
                "consult-app: this database is not set up yet; open Consult once", file=sys.stderr
            )
            self.app.exit(EXIT_NOT_SET_UP)
            return
        if main_window_for(self.context, self.window) is None:
            self.app.exit(0)
            return
        if self.unattended:
            quit_when_ready(self.app, self.window)
        else:  # automation and start-up measurements take no daily backup
            back_up_if_due(self.window, backups)


def run_app(
    database_url: str, argv: list[str] | None = None, *, quit_when_ready_: bool = False
) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Consult")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Consult")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "consult.svg")))
    app.setDesktopFileName("consult")  # matches resources/desktop/consult.desktop
    window = MainWindow()
    window.resize(1280, 800)
    opening = _Opening(app, window, database_url, quit_when_ready_)
    window.first_painted.connect(opening.start)
    QTimer.singleShot(OPEN_ANYWAY_MS, opening.start)
    window.show()
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()  # a backup under way is finished, not cut
        if opening.context is not None:
            opening.context.store.close()
