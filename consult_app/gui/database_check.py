"""The check of the whole database file after start, on a thread of its own.

Signing in only takes a quick look at the file (it opens with its key, its schema reads); the
list then shows at once, and the whole file is checked in the background, writes held until it
passes (store/write_hold.py). If it finds damage, the records are put away, the file is moved
aside and the newest good backup offered, as the check at start always did.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMainWindow

from consult_app.errors import DamagedDatabaseError
from consult_app.gui.tasks import run_in_background

if TYPE_CHECKING:
    from consult_app.services.context import AppContext

FOUND_LATER = (
    "Consult checks the whole database each time it starts, and this time it found damage. "
)

# Its own thread: the check takes seconds on a large clinic, and the global pool's few threads
# (one per core) are for the work people wait for.
_checks = QThreadPool()
_checks.setMaxThreadCount(1)


def check_in_background(
    context: AppContext, finished: Callable[[BaseException | None], None]
) -> None:
    """Check `context`'s database off the GUI thread; `finished(None)` once it has passed (the
    held writes are written by then), `finished(error)` if it found damage or could not run."""
    from consult_app.services.backups import BackupService

    run_in_background(
        BackupService(context).check_database,
        lambda _result: finished(None),
        finished,
        pool=_checks,
    )


def damage_found(
    window: QMainWindow, context: AppContext, error: DamagedDatabaseError, *, interactive: bool
) -> bool:
    """The check found damage: put the records away, move the file aside and offer the newest
    good backup. True when a backup is in place, to sign in to again; False: Consult closes."""
    from consult_app.gui.backup_views import handle_start_check
    from consult_app.services.backups import BackupFiles

    url, key = context.store.url, context.store.key
    signed_in = getattr(window, "signed_in", None)
    if signed_in is not None and signed_in.context is context:
        signed_in.end()  # no record stays on screen from a file being set aside
    context.user = None
    context.store.close()
    files = BackupFiles(url, key=key)
    try:
        check = files.set_aside(FOUND_LATER + str(error))
    except Exception as failure:  # it could not be moved: say so, and close
        if interactive:
            from consult_app.gui.errors import show_error

            show_error(window, "The database is damaged", failure)
        else:
            print(f"consult-app: {error} {failure}", file=sys.stderr)
        return False
    return handle_start_check(check, files, window, interactive=interactive)
