"""Writes held until the check of the whole database file after start has passed.

Checking every page of a large encrypted file takes seconds (SQLCipher decrypts each one and
checks its HMAC), so Consult shows its records first and checks in the background. Until the
check has passed nothing is written to the file: a write from a worker thread waits for the
check; one from the GUI thread, which must never wait, is refused with a message saying why;
and the rows a use case only notes in the audit trail (a sign-in, a record viewed) are kept
here and written, with the time they happened, once the check has passed. If the check finds
damage, every write is refused from then on and the kept rows are dropped: the file is moved
aside and a backup put in its place, so they would have nowhere true to go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from consult_app.errors import ConsultError, StillCheckingError

STILL_CHECKING = (
    "Consult is still checking the database, as it does every time it starts. On a large "
    "clinic this takes a few seconds. Nothing was saved: please try again in a moment."
)


class WriteHold:
    """Held (checking), then open for good (passed) or shut for good (failed)."""

    def __init__(self, refuse_on: threading.Thread | None = None) -> None:
        # The thread whose writes are refused rather than made to wait: the GUI thread.
        self._refuse_on = refuse_on if refuse_on is not None else threading.main_thread()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._failure: ConsultError | None = None
        self._kept: list[Callable[[], None]] = []
        self._releasing: threading.Thread | None = None  # writes what was kept, unheld

    @property
    def is_checking(self) -> bool:
        return not self._done.is_set()

    @property
    def failure(self) -> ConsultError | None:
        return self._failure

    def before_write(self) -> None:
        """Return once writing is allowed; raise the check's failure, or StillCheckingError on
        the GUI thread while the check is still running."""
        if not self._done.is_set():
            if threading.current_thread() is self._releasing:
                return
            if threading.current_thread() is self._refuse_on:
                raise StillCheckingError(STILL_CHECKING)
            self._done.wait()
        if self._failure is not None:
            raise self._failure

    def when_passed(self, write: Callable[[], None]) -> bool:
        """Keep `write` (it writes an audit row) until the check passes, or run it now if it
        has; False when the check failed and `write` was dropped."""
        with self._lock:
            if not self._done.is_set():
                self._kept.append(write)
                return True
        if self._failure is not None:
            return False
        write()
        return True

    def passed(self) -> None:
        """The check passed: write what was kept (in order), then let every writer go on.

        A kept row that cannot be written does not keep the others, or the writers, waiting:
        its error is raised once the hold is open."""
        self._releasing = threading.current_thread()
        first_error: Exception | None = None
        try:
            while True:
                with self._lock:
                    if not self._kept:
                        self._done.set()  # under the lock: nothing can be kept after this
                        break
                    write = self._kept.pop(0)
                try:
                    write()
                except Exception as error:
                    first_error = first_error or error
        finally:
            self._releasing = None
            self._done.set()
        if first_error is not None:
            raise first_error

    def failed(self, failure: ConsultError) -> None:
        """The check failed (or could not be done): refuse every write with `failure`."""
        with self._lock:
            self._failure = failure
            self._kept.clear()
            self._done.set()
