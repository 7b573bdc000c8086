"""Starting the Qt application: paint the main window at once, then sign in and open the
database into it.

The first paint waits only for Qt and the window itself; the database (SQLAlchemy, and Alembic
when the schema is behind) is opened once the window is on screen and someone has signed in.
See bench/ for the figures. What each kind of database needs first is in signing_in.py.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from consult_app import __version__
from consult_app.errors import ConsultError, DamagedDatabaseError, ExitCode, exit_code
from consult_app.gui import plain_imports
from consult_app.gui.database_check import check_in_background, damage_found
from consult_app.gui.main_window import MainWindow
from consult_app.gui.tasks import finish_background_work
from consult_app.paths import resources_dir

if TYPE_CHECKING:
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

OPEN_ANYWAY_MS = 500  # a window that is never exposed (no paint) still gets its records


def main_window_for(
    context: AppContext, window: MainWindow | None = None, gate: Gate | None = None
) -> MainWindow:
    """The main window (`window`, or a new one) holding the records of a signed-in context."""
    from consult_app.services.clinic import ClinicService

    details = ClinicService(context).details()
    if window is None:
        window = MainWindow()
        window.resize(1280, 800)
    window.attach(context, details.name if details else "", gate)
    return window


READY_TIMEOUT_MS = 60_000


READY_POLL_MS = 50  # with someone at the window: no spinning while it is, say, minimised


def when_ready(
    app: QApplication, window: MainWindow, then: Callable[[], None], *, unattended: bool
) -> None:
    """`then()` once the window shows the first page of clients and the event loop is idle.

    Unattended, if it never does, say so and exit 1; with someone at the window (minimised,
    perhaps, so nothing is drawn), `then()` runs all the same after a while."""
    waited = QElapsedTimer()
    waited.start()

    def check() -> None:
        model = getattr(window, "model", None)  # made when the records open
        drawn = model is not None and (model.rowCount() == 0 or model.rows_fetched > 0)
        if window.isVisible() and drawn:
            then()
        elif waited.elapsed() <= READY_TIMEOUT_MS:
            # A zero timer runs when the event queue is empty: the moment of the first page.
            QTimer.singleShot(0 if unattended else READY_POLL_MS, check)
        elif unattended:
            print("consult-app: the main window did not become ready in time", file=sys.stderr)
            app.exit(1)
        else:
            then()

    QTimer.singleShot(0, check)


class _Opening:
    """Opens the database into the painted window, once; exits the app if it cannot."""

    def __init__(self, app: QApplication, window: MainWindow, url: str, unattended: bool) -> None:
        self.app, self.window, self.url, self.unattended = app, window, url, unattended
        self.context: AppContext | None = None
        self.started = False

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        # After the first paint, before anyone's name can show (the sign-in lists accounts):
        # registering the fonts takes tens of milliseconds that the empty window need not wait.
        add_bundled_fonts()
        try:
            with plain_imports():
                self._open()
        except Exception as error:  # a bug: say so and stop, never leave an empty window
            if self.unattended:
                traceback.print_exception(error)
            else:
                from consult_app.gui.errors import show_error

                show_error(self.window, "Consult cannot start", error)
            self.app.exit(ExitCode.FAILED)

    def _open(self) -> None:
        from consult_app.gui.signing_in import GaveUp, Unattended, open_records, open_unattended
        from consult_app.services.signin import Gate

        try:
            gate = Gate(self.url, allow_insecure=os.environ.get("CONSULT_ALLOW_INSECURE_DB") == "1")
            if self.unattended:
                self.context = open_unattended(gate, os.environ)
            else:
                self.window.statusBar().showMessage("Sign in to open the clinic's records.")
                self.context = open_records(gate, self.window)
        except Unattended as stop:
            if stop.message:
                print(f"consult-app: {stop.message}", file=sys.stderr)
            self.app.exit(stop.code)
            return
        except GaveUp:
            self.app.exit(ExitCode.FAILED)
            return
        except ConsultError as exc:
            if self.unattended:
                print(f"consult-app: {' '.join(str(exc).split())}", file=sys.stderr)
            else:
                from consult_app.services.startup import shown_address

                where = shown_address(self.url)
                QMessageBox.critical(
                    self.window, "Consult cannot start", f"{exc}\n\nDatabase: {where}"
                )
            self.app.exit(exit_code(exc))
            return
        if self.context is None:  # the sign-in or set-up was cancelled
            self.app.exit(0)
            return
        self._show(self.context, gate)

    def _show(self, context: AppContext, gate: Gate) -> None:
        """The records in the window; once their first page shows, the check of the whole
        file starts in the background (`--quit-when-ready` prints "ready" then, and exits
        when the check is done)."""
        main_window_for(context, self.window, gate)

        def ready() -> None:
            if self.unattended:
                print("ready", flush=True)
            check_in_background(context, lambda error: self._checked(context, gate, error))

        when_ready(self.app, self.window, ready, unattended=self.unattended)

    def _checked(self, context: AppContext, gate: Gate, error: BaseException | None) -> None:
        """The check after start is done: the daily backup, or what to do about damage."""
        from consult_app.gui.backup_views import back_up_if_due

        if error is None:
            if self.unattended:
                self.app.exit(0)
            elif self.window.context is context:  # automation takes no daily backup
                back_up_if_due(self.window, context)
            return
        if not isinstance(error, DamagedDatabaseError):  # writes stay refused with why
            if self.unattended:
                print(f"consult-app: {' '.join(str(error).split())}", file=sys.stderr)
                self.app.exit(exit_code(error))
            else:
                from consult_app.gui.errors import show_error

                show_error(self.window, "The database could not be checked", error)
            return
        if not damage_found(self.window, context, error, interactive=not self.unattended):
            self.app.exit(ExitCode.FAILED)
            return
        from consult_app.gui.signing_in import sign_in

        self.context = sign_in(gate, self.window, clinic_name=self.window.clinic_name)
        if self.context is None:
            self.app.exit(0)
        else:
            self._show(self.context, gate)


def start_log_file() -> None:
    """The log file for bugs from here on (gui/crash_log.py), once however often asked."""
    from consult_app.gui.crash_log import start_logging

    try:
        start_logging()
    except OSError as error:  # a read-only profile: Consult still works, bugs go to stderr
        print(f"consult-app: no log file ({error.strerror})", file=sys.stderr)


def add_bundled_fonts() -> list[str]:
    """Make the fonts the PDFs use known to Qt, so names in Hebrew, Arabic, Chinese, Japanese
    and Korean show on screen too, whatever the computer has installed; the families added.

    Qt's own font fallback picks them per character. Qt reads each font's tables (about 15 to
    40 ms for all of them here), so this runs after the first paint.
    """
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        families += QFontDatabase.applicationFontFamilies(
            QFontDatabase.addApplicationFont(str(path))
        )
    return families


def run_app(
    database_url: str, argv: list[str] | None = None, *, quit_when_ready_: bool = False
) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Consult")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Consult")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "consult.svg")))
    app.setDesktopFileName("consult")  # matches resources/desktop/consult.desktop
    from consult_app.gui.crash_log import install_excepthook
    from consult_app.gui.errors import show_bug

    window = MainWindow()
    install_excepthook(lambda error: show_bug(window, "Consult", error))
    window.resize(1280, 800)
    opening = _Opening(app, window, database_url, quit_when_ready_)

    def after_first_paint() -> None:
        # The log file too, beside the sign-in: finding the user data folder and importing
        # the log's handler take milliseconds the records need not wait for (a bug before
        # the file is open goes to stderr).
        if not opening.started:
            threading.Thread(target=start_log_file, name="consult-log", daemon=True).start()
        opening.start()

    window.first_painted.connect(after_first_paint)
    QTimer.singleShot(OPEN_ANYWAY_MS, after_first_paint)
    window.show()
    try:
        return app.exec()
    finally:
        # A check under way is finished, so what it holds is written; a backup is not cut; a
        # database signed out of while a read ran is closed now.
        finish_background_work()
        if window.context is not None:  # the sign-in now, which may not be the first one
            window.context.store.close()
