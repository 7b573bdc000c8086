"""`make screenshots`: every screen of the app in a real window (run under Xvfb), as PNG files.

Walks a demo clinic through the main window, the client dialog and each wizard page of a
consultation with a caution, then a stop case's cautions page; then a treatment session's
pages and the client panel's course (tests/screenshots_sessions.py); then the recall list, a
batch traced and the device list (tests/screenshots_recall.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from consult_app.content.bundle import default_content
from consult_app.domain.client import ClientDetails
from consult_app.domain.consultation import DecisionChoice
from consult_app.gui.actions import ActionId
from consult_app.gui.app import add_bundled_fonts
from consult_app.gui.dialogs.client_dialog import ClientDialog
from consult_app.gui.dialogs.void_draft_dialog import VoidDraftDialog
from consult_app.gui.main_window import MainWindow
from consult_app.gui.wizard.withdrawal_dialog import WithdrawalDialog
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import open_store
from tests.accounts import signed_in
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    click,
    current_key,
    pick,
    press_back,
    press_next,
    sign,
)

SIZE = (1280, 800)
W = TypeVar("W", bound=QWidget)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    """Let the window paint, then capture it from inside the running event loop."""
    widget.raise_()
    widget.activateWindow()

    def capture() -> None:
        # Qt's own grabWindow() returns black pixels under Xvfb; ImageMagick reads the X server.
        grabber = shutil.which("import", path="/usr/bin") or shutil.which("import")
        if grabber and QApplication.platformName() == "xcb":
            x, y, width, height = widget.frameGeometry().getRect()
            crop = f"{width}x{height}+{x}+{y}"
            subprocess.run([grabber, "-window", "root", "-crop", crop, str(path)], check=True)
        else:
            widget.grab().save(str(path))
        print(path)
        loop.quit()

    loop = QEventLoop()  # not app.exec()/quit(): quitting the application closes its windows
    QTimer.singleShot(800, capture)
    loop.exec()


def start_consultation(window: MainWindow, client_id: int) -> ConsultationWizard:
    """Shows the client and starts their consultation (Client → New consultation)."""
    window.show_client(client_id)
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    wizard = window.wizard
    assert wizard is not None
    return wizard


def new_consultation(
    window: MainWindow, clients: ClientService, details: ClientDetails
) -> ConsultationWizard:
    """Adds the client, shows them and starts their consultation, as reception would."""
    return start_consultation(window, clients.add(details).id)


def when_shown(find: Callable[[], W | None], then: Callable[[W], object]) -> None:
    """`then` with the window `find` gives once it gives one: a modal dialog opens inside the
    click that shows it, so what is done in it is set going before that click."""

    def look() -> None:
        found = find()
        if found is None:
            QTimer.singleShot(50, look)
        else:
            then(found)

    QTimer.singleShot(0, look)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    add_bundled_fonts()  # as run_app does: names in every script show
    folder = tempfile.mkdtemp()
    store = open_store(f"sqlite:///{folder}/screens.db")
    content = default_content()
    context = AppContext(store=store, content=content)
    fill_demo(store, content, 400, 400, today=date.today())
    signed_in(context)
    clients = ClientService(context)
    zoe = clients.add(
        ClientDetails(
            "Zoë", "Łukasiewicz", date(1990, 5, 24), phone="07700 900123", email="zoe@x.com"
        )
    )
    window = MainWindow(context, "Demo Skin Clinic")
    window.resize(*SIZE)
    window.show()
    shoot(app, window, out / "01-main-window.png")
    dialog = ClientDialog(clients, date.today(), parent=window)
    dialog.show()
    shoot(app, dialog, out / "02-new-client.png")
    dialog.reject()
    wizard = start_consultation(window, zoe.id)
    step = 3
    shoot(app, wizard, out / f"{step:02d}-wizard-client.png")
    press_next(wizard)
    for section in content.questionnaire.sections:
        step += 1
        shoot(app, wizard, out / f"{step:02d}-wizard-{section.id}.png")
        answer_history(wizard, {"cold_sore_history": True, "smoker": True}, pages=1)
    assessment = wizard.page_by_key("assessment")
    pick(assessment.fitzpatrick.button(5))
    pick(assessment.glogau.button(2))
    click(assessment.concerns["acne_scars"])
    click(assessment.concerns["texture"])
    step += 1
    shoot(app, wizard, out / f"{step:02d}-wizard-assessment.png")
    press_next(wizard)
    goals = wizard.page_by_key("goals")
    click(goals.goals["acne_scars"])
    click(goals.goals["texture"])
    step += 1
    shoot(app, wizard, out / f"{step:02d}-wizard-goals.png")
    press_next(wizard)
    cautions = wizard.page_by_key("cautions")
    choice, note = cautions.decisions["herpes_history"]
    choice.setCurrentIndex(choice.findData(str(DecisionChoice.PROCEED_MODIFIED)))
    note.setText("Antiviral cover from her GP, started yesterday")
    step += 1
    shoot(app, wizard, out / f"{step:02d}-wizard-cautions.png")
    press_next(wizard)
    plan = wizard.page_by_key("plan")
    plan.map.set_selected(["cheeks", "forehead"])
    plan._on_map_selection_changed(["forehead", "cheeks"])
    plan.rows["cheeks"].depth.setValue(1.5)
    step += 1
    shoot(app, wizard, out / f"{step:02d}-wizard-plan.png")
    plan.rows["cheeks"].reason.setText("Rolling acne scars; discussed pigmentation risk")
    press_next(wizard)
    consent = wizard.page_by_key("consent")
    pick(consent.photo_yes)
    sign(consent.client_pad)
    sign(consent.practitioner_pad)
    step += 1
    shoot(app, wizard, out / f"{step:02d}-wizard-consent.png")
    press_next(wizard)
    step += 1
    shoot(app, wizard, out / f"{step:02d}-wizard-summary.png")
    assert current_key(wizard) == "summary"
    wizard.accept()
    shoot_signed_read_only(app, window, wizard.state.consultation.id, step, out)
    shoot_stop_summary(app, window, clients, out)
    shoot_withdrawn_stop(app, window, clients, out)
    shoot_under_18(app, window, clients, out)
    shoot_void_draft(app, window, clients, out)
    window.show_client(zoe.id)  # her signed consultation, and a draft started since
    ConsultationService(context).start(zoe.id, ConsultationInput(answers_json={"smoker": False}))
    window.panel.show_client(zoe.id)
    window.statusBar().clearMessage()  # the last shot's "voided" is not about this client
    shoot(app, window, out / "36-main-window-signed-and-in-progress.png")
    shoot_clinic_details(app, window, context, out)
    shoot_long_name(app, window, clients, out)
    from tests import screenshots_sessions  # after the consultation's: numbered from 41

    screenshots_sessions.main(app, window, context, shoot, out)
    from tests import screenshots_recall  # the recall list, a trace, devices: from 60

    screenshots_recall.main(app, window, context, shoot, out)
    store.close()


def shoot_signed_read_only(
    app: QApplication, window: MainWindow, consultation_id: int, step: int, out: Path
) -> None:
    """The signed consultation opened again: its summary, then Back to its pages, read-only."""
    window.open_consultation(consultation_id)
    wizard = window.wizard
    assert wizard is not None and wizard.state.is_read_only
    shoot(app, wizard, out / f"{step:02d}a-wizard-signed-summary-read-only.png")
    press_back(wizard)
    shoot(app, wizard, out / f"{step:02d}b-wizard-signed-consent-read-only.png")
    press_back(wizard)
    shoot(app, wizard, out / f"{step:02d}c-wizard-signed-plan-read-only.png")
    press_back(wizard)
    shoot(app, wizard, out / f"{step:02d}d-wizard-signed-cautions-read-only.png")
    while current_key(wizard) != "history:health_today":
        press_back(wizard)
    shoot(app, wizard, out / f"{step:02d}e-wizard-signed-answers-read-only.png")
    wizard.reject()


def shoot_long_name(
    app: QApplication, window: MainWindow, clients: ClientService, out: Path
) -> None:
    """A 100-character name (the longest allowed, one long word): it ends in "…", on screen."""
    first = (
        "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohl"
    )
    client = clients.add(ClientDetails(first, "Pflegeund", date(1979, 8, 3), phone="07700 900777"))
    window.show_client(client.id)
    shoot(app, window, out / "37-main-window-100-character-name.png")
    wizard = start_consultation(window, client.id)
    shoot(app, wizard, out / "38-wizard-100-character-name.png")
    wizard.accept()


def shoot_clinic_details(
    app: QApplication, window: MainWindow, context: AppContext, out: Path
) -> None:
    """Clinic → Clinic details…: the first-start form, filled with the clinic as it is."""
    from consult_app.gui.dialogs.clinic_details_dialog import ClinicDetailsDialog
    from consult_app.services.clinic import ClinicService

    details = ClinicService(context).details()
    assert details is not None
    dialog = ClinicDetailsDialog(details, window)
    dialog.show()
    shoot(app, dialog, out / "40-clinic-details.png")
    dialog.reject()


def shoot_stop_summary(
    app: QApplication, window: MainWindow, clients: ClientService, out: Path
) -> None:
    """A stop's summary: no Plan or Consent step, a right-to-left name, scars, medicines."""
    wizard = new_consultation(
        window, clients, ClientDetails("נועה", "כהן", date(1988, 3, 2), phone="07700 900456")
    )
    press_next(wizard)
    while current_key(wizard).startswith("history:"):
        page = wizard.pages[wizard.currentId()]
        if "other_medications" in page.answers:
            page.answers["other_medications"].set_value("Metformin 500 mg twice a day")
        answer_history(wizard, {"pregnant_or_breastfeeding": True}, pages=1)
    assessment = wizard.page_by_key("assessment")
    pick(assessment.fitzpatrick.button(3))
    click(assessment.concerns["acne_scars"])
    click(assessment.scar_types["boxcar"])
    assessment.scar_grade.setCurrentIndex(3)
    press_next(wizard)
    click(wizard.page_by_key("goals").goals["acne_scars"])
    press_next(wizard)
    press_next(wizard)
    assert current_key(wizard) == "summary"
    shoot(app, wizard, out / "30-wizard-summary-after-a-stop.png")
    wizard.accept()


def shoot_withdrawn_stop(
    app: QApplication, window: MainWindow, clients: ClientService, out: Path
) -> None:
    """Pregnant yes, the stop shown, Back, answered no: the reason asked, then on the summary."""
    wizard = new_consultation(
        window, clients, ClientDetails("Priya", "Shah", date(1992, 7, 9), phone="07700 900789")
    )
    press_next(wizard)
    answer_history(wizard, {"pregnant_or_breastfeeding": True})
    assess_and_goals(wizard, 2)
    while current_key(wizard) != "history:health_today":
        press_back(wizard)
    answers = wizard.pages[wizard.currentId()].answers
    answers["pregnant_or_breastfeeding"].set_value(False)

    def give_reason(dialog: WithdrawalDialog) -> None:
        dialog.reason.setPlainText("She misread the question: she is not pregnant or breastfeeding")
        shoot(app, dialog, out / "31-why-a-stop-no-longer-applies.png")
        click(dialog.keep)

    when_shown(lambda: wizard.withdrawal_question, give_reason)
    press_next(wizard)
    while current_key(wizard) != "plan":
        press_next(wizard)
    plan = wizard.page_by_key("plan")
    plan.map.set_selected(["forehead"])
    plan._on_map_selection_changed(["forehead"])
    press_next(wizard)
    consent = wizard.page_by_key("consent")
    pick(consent.photo_no)
    sign(consent.client_pad)
    sign(consent.practitioner_pad)
    press_next(wizard)
    assert current_key(wizard) == "summary"
    shoot(app, wizard, out / "32-wizard-summary-withdrawn-stop.png")
    wizard.accept()


def shoot_under_18(
    app: QApplication, window: MainWindow, clients: ClientService, out: Path
) -> None:
    """A 14-year-old: the stop on the first page, with the way to end the consultation there."""
    born = date.today().replace(year=date.today().year - 14, day=1)
    wizard = new_consultation(
        window, clients, ClientDetails("Sam", "Okafor", born, phone="07700 900321")
    )
    shoot(app, wizard, out / "33-wizard-client-under-18.png")
    click(wizard.page_by_key("client").end)
    wizard.accept()


def shoot_void_draft(
    app: QApplication, window: MainWindow, clients: ClientService, out: Path
) -> None:
    """Esc with answers in the consultation: keep, void or go back; then the void prompt."""
    wizard = new_consultation(
        window, clients, ClientDetails("Alex", "Lee", date(1985, 2, 11), phone="07700 900654")
    )
    press_next(wizard)
    answer_history(wizard, {"smoker": True}, pages=1)
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    box = wizard.leave_question
    assert box is not None
    shoot(app, box, out / "34-wizard-close-question.png")

    def shown() -> VoidDraftDialog | None:
        found = [w for w in app.topLevelWidgets() if isinstance(w, VoidDraftDialog)]
        return found[0] if found and found[0].isVisible() else None

    def give_reason(dialog: VoidDraftDialog) -> None:
        dialog.reason.setPlainText("Started for the wrong client: meant for Alex's sister")
        shoot(app, dialog, out / "35-void-draft.png")
        click(dialog.void_button)

    when_shown(shown, give_reason)
    [void] = [b for b in box.buttons() if b.text() == "Void draft…"]
    click(void)
    assert not wizard.isVisible()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
