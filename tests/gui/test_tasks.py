"""Background work that finishes after the application let go of its result."""

from __future__ import annotations

import shiboken6

from consult_app.gui.tasks import _Relay, _Task


def test_work_finishing_after_its_relay_was_deleted_says_nothing(qapp, capfd) -> None:
    for work in (lambda: 42, lambda: 1 / 0):
        relay = _Relay()
        task = _Task(work, relay)
        shiboken6.delete(relay)  # as at exit, with the work still running in the pool
        task.run()
    assert "Signal source has been deleted" not in capfd.readouterr().err
