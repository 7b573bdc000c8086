"""The owner's Clinic → Clinic details…: the dialog, then the service records what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from consult_app.domain.clinic import ClinicDetails
from consult_app.errors import ConsultError
from consult_app.gui.errors import show_error
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext


def edit_clinic_details(
    window: QMainWindow, context: AppContext, changed: Callable[[ClinicDetails], None]
) -> None:
    """Open the clinic's details for the owner; `changed` gets them once a change is saved."""
    from consult_app.gui.dialogs.clinic_details_dialog import ClinicDetailsDialog

    service = ClinicService(context)
    try:
        details = service.details()
    except ConsultError as error:
        show_error(window, "The clinic's details could not be read", error)
        return
    if details is None:  # not set up: the first start asks for them instead
        return
    dialog = ClinicDetailsDialog(details, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _save(window, service, dialog.values(), changed))
    dialog.open()


def _save(
    window: QMainWindow,
    service: ClinicService,
    details: ClinicDetails,
    changed: Callable[[ClinicDetails], None],
) -> None:
    try:
        what = service.change(details)
    except ConsultError as error:
        show_error(window, "The clinic's details were not saved", error)
        return
    if not what:
        window.statusBar().showMessage("The clinic's details were already as shown", 5000)
        return
    window.statusBar().showMessage(f"Clinic details saved ({', '.join(what)})", 5000)
    changed(details.validated())
