"""Work off the GUI thread: run a function in the pool, get its result back on the GUI thread.

Work still under way holds a database connection, so whatever closes a database waits for it:
signing out closes the one it leaves once the reads started before have ended
(`after_work_under_way`, never under a running read), and quitting waits for all of it
(`finish_background_work`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


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
_pools: set[QThreadPool] = set()  # the pools work was given besides the global one
# What waits for the work that was under way when it asked: that work's relays not yet
# delivered, and what to call once none is left.
_waiting: list[tuple[set[_Relay], Callable[[], None]]] = []


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
            try:
                callback(value)
            finally:  # after the callback: what waits may close the database it used
                _delivered(relay)

        return deliver

    relay.succeeded.connect(finish(on_success))
    relay.failed.connect(finish(on_failure))
    if pool is not None:
        _pools.add(pool)
    (pool or QThreadPool.globalInstance()).start(_Task(work, relay))


def _delivered(relay: _Relay) -> None:
    _running.discard(relay)
    ready = []
    for under_way, then in _waiting:
        under_way.discard(relay)
        if not under_way:
            ready.append(then)
    _waiting[:] = [entry for entry in _waiting if entry[0]]
    for then in ready:
        then()


def after_work_under_way(then: Callable[[], None]) -> None:
    """Call `then` on the GUI thread once all the work started so far has ended and its
    result was handled; at once if there is none. Work started later is not waited for.

    Signing out closes the database it leaves this way: a read still running keeps its
    connection until it ends, and the GUI does not wait meanwhile.
    """
    under_way = set(_running)
    if under_way:
        _waiting.append((under_way, then))
    else:
        then()


def finish_background_work() -> None:
    """Wait until the work in every pool has ended, then call what waited for it (see
    `after_work_under_way`); at exit, when no result is handled any more."""
    for pool in (QThreadPool.globalInstance(), *_pools):
        pool.waitForDone()
    waiting = [then for _under_way, then in _waiting]
    _waiting.clear()
    for then in waiting:
        then()


def still_open(window: QWidget) -> bool:
    """Whether `window` is still there to take a result of its work: neither deleted nor closed.

    Signing out closes every dialog, and so does a colleague switching in; a closed one lives
    on a while (until the event loop it was closed from runs again, after the next sign-in),
    and what its work brings back then is the previous person's: it is dropped, never printed,
    saved or shown in front of whoever is at the screen now.
    """
    return shiboken6.isValid(window) and window.isVisible()
