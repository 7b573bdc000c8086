"""Starting the Qt application: open the database, show the main window, report failures."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from consult_app import __version__
from consult_app.errors import ConsultError


def run_app(database_url: str, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Consult")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Consult")
    from consult_app.gui.main_window import MainWindow
    from consult_app.services.startup import clinic_settings, open_context

    try:
        context = open_context(database_url)
    except ConsultError as exc:
        QMessageBox.critical(None, "Consult cannot start", f"{exc}\n\nDatabase: {database_url}")
        return 1
    window = MainWindow(context, clinic_settings(context).get("name", ""))
    window.resize(1280, 800)
    window.show()
    try:
        return app.exec()
    finally:
        context.store.close()
