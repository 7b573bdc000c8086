"""Run `consult-app --db URL` and print "painted" at the first paint of its main window.

The bench's way to time cold start to first paint: the app's own start-up (consult_app.cli
main), with the same paint watcher the bare-window floor uses. Run as a script, not imported.
The app paints before it signs in or opens the database, and the watcher quits at that paint,
so this needs neither key nor credentials: the sign-in it would then ask for never starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "floors"))

from bare_window import FirstPaint
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.installEventFilter(watcher := FirstPaint(app))
    from consult_app.cli import main as consult_app

    code = consult_app(["--db", sys.argv[1]])
    return code if watcher.seen else 3


if __name__ == "__main__":
    raise SystemExit(main())
