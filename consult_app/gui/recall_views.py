"""After the consultation, from the main window: the recall list, the chosen client's next
session as a calendar file, tracing a batch, and the owner's device list. Dialogs return
values; the services here act on them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from consult_app.domain.client import Client
from consult_app.domain.dates import DateStyle
from consult_app.errors import ConsultError
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext


def _date_style(context: AppContext) -> DateStyle:
    try:
        details = ClinicService(context).details()
    except ConsultError:  # the list still shows, in the default style
        return DateStyle.DAY_MONTH_YEAR
    return details.date_style if details is not None else DateStyle.DAY_MONTH_YEAR


def show_recall_list(window: QMainWindow, context: AppContext) -> None:
    """Reception's recall list: dates, the clients due, Print… and Save as PDF…."""
    from consult_app.gui.dialogs.recall_dialog import RecallDialog
    from consult_app.services.documents import DocumentService
    from consult_app.services.recall import RecallService

    documents = DocumentService(context)
    dialog = RecallDialog(
        RecallService(context).due,
        documents.recall_pdf,
        context.today(),
        _date_style(context),
        window,
    )
    dialog.setObjectName("recall_dialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def trace_batch(window: QMainWindow, context: AppContext) -> None:
    from consult_app.gui.dialogs.trace_dialog import TraceDialog
    from consult_app.services.trace import TraceService

    service = TraceService(context)
    dialog = TraceDialog(service.trace, service.write_csv, _date_style(context), window)
    dialog.setObjectName("trace_dialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def edit_devices(window: QMainWindow, context: AppContext) -> None:
    """The owner's device list; saved by the service once the dialog is accepted."""
    from consult_app.gui.dialogs.devices_dialog import DevicesDialog
    from consult_app.services.treatments import TreatmentService

    service = TreatmentService(context)
    try:
        devices = service.devices()
    except ConsultError as error:
        show_error(window, "The devices could not be read", error)
        return
    dialog = DevicesDialog(devices, window)
    dialog.setObjectName("devices_dialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def save() -> None:
        chosen = dialog.values()
        try:
            service.save_devices(chosen)
        except ConsultError as error:
            show_error(window, "The devices were not saved", error)
            return
        count = len(chosen)
        window.statusBar().showMessage(f"Devices saved ({count} listed)", 5000)

    dialog.accepted.connect(save)
    dialog.open()


def save_next_session(
    window: QMainWindow, context: AppContext, client: Client, folder: Path | None = None
) -> None:
    """The chosen client's next session as a calendar file (.ics) they or the clinic can add
    to a calendar: the course that is not complete yet, newest first."""
    from consult_app.services.files import write_file
    from consult_app.services.recall import RecallService
    from consult_app.services.treatments import TreatmentService

    try:
        courses = TreatmentService(context).courses(client.id)
    except ConsultError as error:
        show_error(window, "The client's course could not be read", error)
        return
    course = next((c for c in courses if c.next_due_from is not None), None)
    if course is None:
        QMessageBox.information(
            window,
            "No next session",
            "This client has no course with a session still to come: nothing is planned, or "
            "every planned session has been had.",
        )
        return
    name = "".join(ch if ch.isalnum() else " " for ch in client.details.full_name).split()
    file_name = f"{' '.join(name) or 'Client'} session {course.next_number}.ics"
    suggested = (folder or Path.home()) / file_name
    chosen, _ = QFileDialog.getSaveFileName(
        window, "Add the next session to a calendar", str(suggested), "Calendar files (*.ics)"
    )
    if not chosen:
        return
    target = Path(chosen if chosen.lower().endswith(".ics") else f"{chosen}.ics")
    recall = RecallService(context)
    consultation_id = course.consultation_id

    def work() -> Path:
        return write_file(recall.appointment_ics(consultation_id), target, ".ics")

    run_in_background(
        work,
        lambda written: window.statusBar().showMessage(
            f"Saved the next session ({_due_words(course.next_due_from)}) to {written.name}",
            8000,
        ),
        lambda error: show_error(window, "The calendar file was not saved", error),
    )


def _due_words(day: date | None) -> str:
    from consult_app.domain.dates import format_date

    return f"due from {format_date(day)}" if day else "no date"
