"""Voiding an unfinished consultation, from the client's list or from the wizard itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from consult_app.domain.dates import format_date
from consult_app.gui.errors import show_error

VOIDED = "The unfinished consultation was voided."

if TYPE_CHECKING:
    from consult_app.domain.consultation import Consultation
    from consult_app.gui.widgets.client_panel import ClientPanel
    from consult_app.services.consultations import ConsultationInput, ConsultationService


def void_draft(
    parent: QWidget,
    consultations: ConsultationService,
    consultation: Consultation,
    client_name: str,
    state: ConsultationInput | None = None,
) -> Consultation | None:
    """Ask why, then void the draft (with `state`, what the wizard holds, when given); the
    voided consultation, or None if the person kept it or the service refused (and said why)."""
    from consult_app.gui.dialogs.void_draft_dialog import VoidDraftDialog

    dialog = VoidDraftDialog(client_name, format_date(consultation.consultation_date), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        reason = dialog.reason_text()
        return consultations.void(consultation.id, consultation.version, reason, state)
    except Exception as error:
        show_error(parent, "The consultation was not voided", error)
        return None


def void_from_list(
    window: QMainWindow,
    consultations: ConsultationService,
    panel: ClientPanel,
    consultation_id: int,
) -> None:
    """The client panel's "Void draft…": the draft as stored now, voided, the list read again."""
    client = panel.client
    try:
        consultation = consultations.get(consultation_id)
    except Exception as error:
        show_error(window, "The consultation could not be opened", error)
        return
    name = client.details.full_name if client is not None else ""
    if void_draft(window, consultations, consultation, name) is not None:
        panel.show_client(consultation.client_id)
        window.statusBar().showMessage(VOIDED, 5000)
