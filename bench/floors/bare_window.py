"""Floor for first paint: a bare PySide6 QMainWindow holding a table, shown offscreen.

Prints "painted" once the window has painted for the first time, then exits.
Run as `python bench/floors/bare_window.py`.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget


class FirstPaint(QObject):
    """Reports the first paint of any widget inside a QMainWindow, then quits the app."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint and _in_main_window(watched):
            self.seen = True
            QTimer.singleShot(0, self._report)  # after this paint has been done
        return False

    def _report(self) -> None:
        print("painted", flush=True)
        self.app.quit()


def _in_main_window(watched: QObject) -> bool:
    window = getattr(watched, "window", None)
    return callable(window) and isinstance(window(), QMainWindow)


def main() -> int:
    app = QApplication(sys.argv)
    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
    window = QMainWindow()
    window.setCentralWidget(QTableWidget(0, 5))
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
