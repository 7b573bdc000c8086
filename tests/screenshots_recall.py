"""The screens after the consultation for `make screenshots` (tests/screenshots.py calls `main`
after the session screens, whose treated session it traces): reception's recall list, tracing
a batch, the owner's device list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QDialog

from consult_app.domain.people import Role
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.devices_dialog import DevicesDialog
from consult_app.gui.dialogs.recall_dialog import RecallDialog
from consult_app.gui.dialogs.trace_dialog import TraceDialog
from consult_app.gui.main_window import MainWindow
from consult_app.services.context import AppContext
from tests.accounts import signed_in
from tests.screenshots_sessions import _until

Shoot = Callable[[QApplication, object, Path], None]


def _opened(app: QApplication, kind: type[QDialog]) -> QDialog:
    found: list[QDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
        return bool(found) and found[0].isVisible()

    _until(app, shown)
    return found[0]


def _as(window: MainWindow, context: AppContext, role: Role) -> None:
    signed_in(context, role)
    window.signed_in.touched()
    window.user_changed()


def main(
    app: QApplication, window: MainWindow, context: AppContext, shoot: Shoot, out: Path
) -> None:
    _as(window, context, Role.RECEPTION)
    window.actions[ActionId.RECALL_LIST].trigger()
    recall = _opened(app, RecallDialog)
    assert isinstance(recall, RecallDialog)
    # As reception first sees it: everyone due by two weeks ahead, the overdue included.
    _until(app, lambda: "client" in recall.count_text or recall.count_text.startswith("Nobody"))
    shoot(app, recall, out / "60-recall-list.png")
    recall.only_from.setChecked(True)  # only those due from today to six weeks ahead
    recall.end_edit.setDate(QDate(context.today() + timedelta(weeks=6)))
    _until(app, lambda: "client" in recall.count_text or recall.count_text.startswith("Nobody"))
    shoot(app, recall, out / "60-recall-list-only-from.png")
    recall.close()
    _as(window, context, Role.PRACTITIONER)
    window.actions[ActionId.TRACE_BATCH].trigger()
    trace = _opened(app, TraceDialog)
    assert isinstance(trace, TraceDialog)
    trace.value_edit.setText("ct 2291")  # the session screens' cartridge lot, typed loosely
    trace.search()
    _until(app, lambda: trace.model.rowCount() > 0)
    shoot(app, trace, out / "61-trace-a-batch.png")
    trace.close()
    _as(window, context, Role.OWNER)
    window.actions[ActionId.DEVICES].trigger()
    devices = _opened(app, DevicesDialog)
    assert isinstance(devices, DevicesDialog)
    devices.make_edit.setText("Dr. Pen")
    devices.model_edit.setText("M8S")
    shoot(app, devices, out / "62-devices.png")
    devices.reject()
    _as(window, context, Role.PRACTITIONER)
