"""Driving the treatment session wizard as a practitioner would, over a real encrypted clinic
with a signed plan (forehead 0.25 mm, 3 sessions 4 weeks apart) for its one client."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from consult_app.domain.chart import Device, Endpoint
from consult_app.domain.treatment import SessionInput
from consult_app.gui.main_window import MainWindow
from consult_app.gui.treatment.wizard import SessionWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationService
from consult_app.services.treatments import TreatmentService
from tests.clinic_files import signable, signatures
from tests.conftest import TODAY
from tests.gui.accounts_clinic import OWNER, PRACTITIONER, People
from tests.gui.wizard_driver import click, type_into
from tests.treatment_sessions import full_chart

DEVICE = Device("Dermapen", "4", "DP4-0031")


def signed_plan(people: People) -> int:
    """Signs a consultation with a plan for the clinic's client; the owner lists one device."""
    TreatmentService(people.as_(OWNER)).save_devices([DEVICE])
    context = people.as_(PRACTITIONER)
    [client_id] = ClientService(context).search("")
    service = ConsultationService(context)
    state = signable(context.content)
    draft = service.start(client_id, state)
    return service.sign(draft.id, draft.version, state, signatures()).id


def treated_once(people: People) -> tuple[int, TreatmentService]:
    """A signed plan whose first session the practitioner signed off today: the consultation's
    id, and the practitioner's TreatmentService for what the test does next."""
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    first = service.start(consultation_id, TODAY)
    service.sign_off(
        first.id, first.version, SessionInput(first.answers_json, (), full_chart(TODAY))
    )
    return consultation_id, service


def window_as(qtbot: QtBot, people: People, username: str) -> MainWindow:
    """The main window signed in as `username`, the only client chosen, her sessions read."""
    window = MainWindow(people.as_(username), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    assert window.panel.client is not None
    box = window.panel.course_box
    qtbot.waitUntil(lambda: box.progress.text() not in ("", "Reading the sessions…"))
    return window


def start_by_keyboard(qtbot: QtBot, window: MainWindow) -> SessionWizard:
    """Ctrl+Shift+S, as the practitioner would press it; the wizard once it has opened."""
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard is not None
    return wizard


def practitioner_session(qtbot: QtBot, people: People, *, active: bool = False) -> SessionWizard:
    """A signed plan, the practitioner's window and a session started with Ctrl+Shift+S; with
    `active`, the wizard is made the active window too, for tests that press keys in it."""
    signed_plan(people)
    wizard = start_by_keyboard(qtbot, window_as(qtbot, people, PRACTITIONER))
    if active:
        with qtbot.waitActive(wizard):
            wizard.activateWindow()
    return wizard


def start_by_button(qtbot: QtBot, window: MainWindow) -> SessionWizard:
    click(window.panel.course_box.start)
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard is not None
    return wizard


def double_click(qtbot: QtBot, widget: QWidget, at: QPoint) -> None:
    """A person's double-click: a press and release, then the second press (an item view acts
    on a double-click only where the first press landed)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=at)


def wait_for_verdict(qtbot: QtBot, wizard: SessionWizard, starting: str) -> None:
    """Until the changes page's live screening says `starting`…"""
    page = wizard.page_by_key("changes")
    qtbot.waitUntil(lambda: page.verdict.isVisible() and page.verdict.text().startswith(starting))
    QApplication.processEvents()


def fill_chart(qtbot: QtBot, wizard: SessionWizard) -> None:
    """Fill the chart page shown as a practitioner would: numbing, kit, areas, a product."""
    chart = wizard.page_by_key("chart")
    click(chart.numbing.used)
    type_into(chart.numbing.product, "LMX4 lidocaine 4%")
    chart.numbing.applied.setFocus()
    qtbot.keyClicks(chart.numbing.applied, "0905")
    chart.numbing.removed.setFocus()
    qtbot.keyClicks(chart.numbing.removed, "0940")
    assert chart.numbing.contact.text() == "Contact time: 35 minutes"
    assert chart.device.currentData() == DEVICE, "the clinic's only device is chosen"
    chart.cartridge.needles.setFocus()
    qtbot.keyClick(chart.cartridge.needles, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(chart.cartridge.needles, "16")
    type_into(chart.cartridge.lot, "CT-2291")
    type_into(chart.cartridge.expiry, "31/05/2027")
    qtbot.keyClick(chart.cartridge.expiry, Qt.Key.Key_Tab)
    assert chart.cartridge.expiry.text() == "31 May 2027"
    assert list(chart.areas.rows) == ["forehead"], "the plan's areas to start with"
    row = chart.areas.rows["forehead"]
    assert row.guide.text() == "plan 0.25 mm, guided 0.25–0.5 mm"
    row.passes.setFocus()
    qtbot.keyClick(row.passes, Qt.Key.Key_Up)
    click(chart.products.add)
    _, name, lot = chart.products.rows[0]
    type_into(name, "Hyaluronic serum")
    type_into(lot, "HA-77")
    click(chart.endpoint_buttons[Endpoint.PINPOINT_BLEEDING])
