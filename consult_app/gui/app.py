"""Starting the Qt application: open the database, set up a new clinic, show the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from consult_app import __version__
from consult_app.errors import ConsultError
from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog
from consult_app.gui.errors import show_error
from consult_app.gui.main_window import MainWindow
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.startup import open_context, working_practitioner


def main_window_for(context: AppContext) -> MainWindow | None:
    """The main window, after the first-start set-up on a new database; None if it was cancelled."""
    clinic = ClinicService(context)
    details = clinic.details()
    while details is None:  # a new database: the clinic and its first practitioner first
        dialog = ClinicSetupDialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            clinic.set_up(*dialog.values())
            details = clinic.details()
        except ConsultError as error:
            show_error(None, "The clinic was not set up", error)
    context.user = context.user or working_practitioner(context)
    window = MainWindow(context, details.name)
    window.resize(1280, 800)
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


def run_app(
    database_url: str, argv: list[str] | None = None, *, quit_when_ready_: bool = False
) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Consult")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Consult")
    try:
        context = open_context(database_url)
    except ConsultError as exc:
        QMessageBox.critical(None, "Consult cannot start", f"{exc}\n\nDatabase: {database_url}")
        return 1
    try:
        if quit_when_ready_ and ClinicService(context).needs_set_up():
            print(
                "consult-app: this database is not set up yet; open Consult once", file=sys.stderr
            )
            return 2
        window = main_window_for(context)
        if window is None:
            return 0
        window.show()
        if quit_when_ready_:
            quit_when_ready(app, window)
        return app.exec()
    finally:
        context.store.close()
