"""The clinic's time zone, chosen in the clinic form: times on new documents follow it."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from consult_app.domain.audit import AuditFilter
from consult_app.domain.dates import format_moment
from consult_app.gui.dialogs.clinic_details_dialog import ClinicDetailsDialog
from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.clinic_files import signable, signatures
from tests.gui.test_clinic_details_dialog import open_clinic_details
from tests.gui.typing import replace_text


def _words(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _signed(context: AppContext) -> tuple[int, str]:
    """A signed consultation, and the time its consent was signed in stored (UTC) form."""
    consultations = ConsultationService(context)
    state = signable(context.content)
    draft = consultations.start(1, state)
    signed_id = consultations.sign(draft.id, draft.version, state, signatures()).id
    [consent] = consultations.consents(signed_id)
    return signed_id, consent.signed_at


def _zone_box(dialog: ClinicDetailsDialog) -> QComboBox:
    box = dialog.field("time_zone")
    assert isinstance(box, QComboBox)
    return box


def _save(qtbot: QtBot, dialog: ClinicDetailsDialog) -> None:
    save = dialog.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_the_owner_picks_a_new_zone_and_new_records_print_times_in_it(
    qtbot: QtBot, clinic: AppContext
) -> None:
    consultation_id, signed_at = _signed(clinic)
    london = format_moment(signed_at, "Europe/London")
    assert london.endswith(" GMT")  # December
    assert f"Signed {london}" in _words(DocumentService(clinic).record_pdf(consultation_id))
    _window, dialog = open_clinic_details(qtbot, clinic)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    box = _zone_box(dialog)
    assert box.currentText() == "Europe/London"  # preset to the setting as it is
    [label] = [w for w in dialog.findChildren(QLabel) if w.buddy() is box]
    assert label.text() == "&Time zone:"
    dialog.field("date_style").setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # next after the dates
    assert QApplication.focusWidget() in (box, box.lineEdit())
    replace_text(box.lineEdit(), "new_y")  # any part of the name, in any capitals
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "America/New_York"
    ]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert box.currentText() == "America/New_York"
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ClinicService(clinic).details().time_zone == "America/New_York"
    [entry] = AuditTrailService(clinic).entries(AuditFilter(action="change", entity="clinic"))
    assert entry.detail == "changed: time zone"
    new_york = format_moment(signed_at, "America/New_York")
    assert new_york.endswith(" EST") and new_york != london
    words = _words(DocumentService(clinic).record_pdf(consultation_id))
    assert f"Signed {new_york}" in words
    assert london not in words


def test_an_unknown_zone_is_refused_next_to_the_field_and_nothing_is_saved(
    qtbot: QtBot, clinic: AppContext
) -> None:
    _window, dialog = open_clinic_details(qtbot, clinic)
    box = _zone_box(dialog)
    box.setFocus()
    replace_text(box.lineEdit(), "Mars/Olympus")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    message = dialog.error_message("time_zone")
    assert message.startswith('"Mars/Olympus" is not a time zone this computer knows')
    assert "Europe/London" in message
    assert dialog.focusWidget() in (box, box.lineEdit())  # focus goes to what to fix
    assert ClinicService(clinic).details().time_zone == "Europe/London"
    assert AuditTrailService(clinic).entries(AuditFilter(action="change", entity="clinic")) == []
    replace_text(box.lineEdit(), "Europe/Dublin")  # put right: the message goes at once
    assert dialog.error_message("time_zone") == ""


def test_the_first_start_offers_the_zone_preset_to_london(qtbot: QtBot) -> None:
    dialog = ClinicSetupDialog()
    qtbot.addWidget(dialog)
    box = dialog.field("time_zone")
    assert isinstance(box, QComboBox) and box.isEditable()
    assert box.currentText() == "Europe/London"
    assert box.findText("Asia/Tokyo") >= 0 and box.findText("localtime") < 0
    box.setFocus()
    replace_text(box.lineEdit(), "europe/paris")
    details, _name = dialog.values()
    assert details.time_zone == "Europe/Paris"
    assert dialog.field("out_of_hours_phone").isVisibleTo(dialog)
