"""The treatment session screens for `make screenshots` (tests/screenshots.py calls `main`):
the client panel's course, each page of the session wizard, and reception's view."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea

from consult_app.domain.chart import Device, Endpoint
from consult_app.domain.client import ClientDetails
from consult_app.domain.consultation import DecisionChoice
from consult_app.domain.course import SESSION_TOO_SOON
from consult_app.domain.people import Role
from consult_app.gui.main_window import MainWindow
from consult_app.gui.treatment.wizard import SessionWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.treatments import TreatmentService
from tests.accounts import signed_in
from tests.clinic_files import signable, signatures
from tests.gui.wizard_driver import choose, click, press_back, press_next

Shoot = Callable[[QApplication, object, Path], None]


def _until(app: QApplication, done: Callable[[], bool], seconds: float = 10) -> None:
    """Let background reads come back: events until `done`, or fail after `seconds`."""
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get there")
        app.processEvents()
        time.sleep(0.01)


def _signed_plan(context: AppContext, clients: ClientService) -> int:
    owner = signed_in(context, Role.OWNER)
    TreatmentService(owner).save_devices(
        [Device("Dermapen", "4", "DP4-0031"), Device("SkinPen", "Precision", "SP-88120")]
    )
    signed_in(context)  # the practitioner again
    client = clients.add(
        ClientDetails(
            "Amara", "Okoye", date(1987, 4, 12), phone="07700 900246", email="amara@x.com"
        )
    )
    service = ConsultationService(context)
    state = signable(context.content)
    draft = service.start(client.id, state)
    service.sign(draft.id, draft.version, state, signatures())
    return client.id


def _open_session(app: QApplication, window: MainWindow) -> SessionWizard:
    window.start_session()
    _until(app, lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard is not None
    return wizard


def _fill_chart(wizard: SessionWizard) -> None:
    chart = wizard.page_by_key("chart")
    click(chart.numbing.used)
    chart.numbing.product.setText("LMX4 lidocaine 4%")
    chart.numbing.applied.setTime(chart.numbing.applied.time().fromString("09:05", "HH:mm"))
    chart.numbing.removed.setTime(chart.numbing.removed.time().fromString("09:40", "HH:mm"))
    chart.device.setCurrentIndex(1)
    chart.cartridge.needles.setValue(16)
    chart.cartridge.lot.setText("CT-2291")
    chart.cartridge.expiry.setText("31/05/2027")
    chart.cartridge.expiry.editingFinished.emit()
    chart.areas.rows["forehead"].passes.setValue(2)
    click(chart.products.add)
    _, name, lot = chart.products.rows[0]
    name.setText("Hyaluronic serum")
    lot.setText("HA-77")
    click(chart.endpoint_buttons[Endpoint.EVEN_ERYTHEMA])
    chart.reaction.setText("Mild redness, settled in 10 minutes")


def main(
    app: QApplication, window: MainWindow, context: AppContext, shoot: Shoot, out: Path
) -> None:
    clients = ClientService(context)
    client_id = _signed_plan(context, clients)
    window.show_client(client_id)
    box = window.panel.course_box
    _until(app, lambda: box.progress.text().startswith("0 of"))
    shoot(app, window, out / "41-main-window-course-not-started.png")
    wizard = _open_session(app, window)
    changes = wizard.page_by_key("changes")
    today = changes.date_edit.date()
    changes.date_edit.setFocus()
    changes.date_edit.setDate(today.addDays(-1))  # before the consultation: refused, and why
    shoot(app, wizard, out / "42a-session-date-refused.png")
    changes.date_edit.setDate(today)
    choose(changes.answers["cold_sore_history"], True)
    _until(app, lambda: changes.verdict.text().startswith("1 caution"))
    changed = changes.answers["cold_sore_history"]
    changed.first_input().setFocus()
    changes.findChild(QScrollArea).ensureWidgetVisible(changed.parentWidget(), 50, 150)
    shoot(app, wizard, out / "42-session-anything-changed.png")
    press_next(wizard)
    cautions = wizard.page_by_key("cautions")
    for rule, (choice, note) in cautions.decisions.items():
        choice.setCurrentIndex(choice.findData(str(DecisionChoice.PROCEED_MODIFIED)))
        note.setText("Cold sore in October; antiviral cover from her GP" if rule else "")
    shoot(app, wizard, out / "43-session-cautions.png")
    press_next(wizard)
    _fill_chart(wizard)
    shoot(app, wizard, out / "44-session-chart.png")
    chart = wizard.page_by_key("chart")
    chart.cartridge.expiry.setText("30/09/2026")
    chart.cartridge.expiry.editingFinished.emit()
    chart.patch.setChecked(True)
    chart.patch.site.setText("Behind the left ear")
    press_next(wizard)  # refused: the problems show under their fields
    shoot(app, wizard, out / "45-session-chart-expired-cartridge.png")
    chart.cartridge.expiry.setText("31/05/2027")
    chart.cartridge.expiry.editingFinished.emit()
    press_next(wizard)
    summary = wizard.page_by_key("summary")
    click(summary.sign_off)
    shoot(app, wizard, out / "46-session-summary-sign-off.png")
    QTest.keyClick(wizard, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    _until(app, lambda: not wizard.isVisible())
    _until(app, lambda: box.progress.text().startswith("1 of"))
    window.statusBar().clearMessage()
    shoot(app, window, out / "47-main-window-course-one-done.png")
    signed = box.model.line(0).id
    window.open_session(signed)  # the signed session again: read-only, amendments only
    _until(app, lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    done = window.session_wizard
    assert done is not None and done.state.is_read_only
    shoot(app, done, out / "47b-session-signed-read-only.png")
    press_back(done)  # its chart, read-only, one Back behind the summary
    shoot(app, done, out / "47c-session-signed-chart-read-only.png")
    press_back(done)
    press_back(done)
    shoot(app, done, out / "47d-session-signed-answers-read-only.png")
    done.reject()
    _until(app, lambda: not done.isVisible())
    wizard = _open_session(app, window)  # the next one, 0 days on: too soon
    press_next(wizard)
    shoot(app, wizard, out / "48-session-too-soon.png")
    choice, _ = wizard.page_by_key("cautions").decisions[SESSION_TOO_SOON]
    choice.setCurrentIndex(choice.findData(str(DecisionChoice.DEFER)))  # worded for the timing
    shoot(app, wizard, out / "48a-session-too-soon-wait.png")
    wizard.reject()
    _until(app, lambda: not wizard.isVisible())
    signed_in(context, Role.RECEPTION)
    window.signed_in.touched()
    window.user_changed()
    _until(app, lambda: box.progress.text().startswith("1 of"))
    window.statusBar().clearMessage()
    shoot(app, window, out / "49-main-window-course-reception.png")
    signed_in(context)
    window.user_changed()
