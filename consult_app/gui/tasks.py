"""Work off the GUI thread: run a function in the pool, get its result back on the GUI thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, which reports it
            self._deliver(self._relay.failed, error)
        else:
            self._deliver(self._relay.succeeded, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        # The relay may have gone with the application as it quit while this work was still
        # running: nobody is left to tell, so say nothing (PySide6 printed "Signal source has
        # been deleted" in the terminal at exit).
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


_running: set[_Relay] = set()  # keeps each relay alive until its result is delivered


def run_in_background(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    pool: QThreadPool | None = None,
) -> None:
    """Call `work` in the thread pool (`pool`, else the global one); exactly one callback then
    runs on the GUI thread.

    `work` must not touch widgets: it gets its own database session through the services.
    """
    relay = _Relay()
    _running.add(relay)

    def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            _running.discard(relay)
            callback(value)

        return deliver

    relay.succeeded.connect(finish(on_success))
    relay.failed.connect(finish(on_failure))
    (pool or QThreadPool.globalInstance()).start(_Task(work, relay))
