"""Client ▸ Check a copy…: a file or a paper fingerprint typed in, the verdict shown in words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consult_app.domain.audit import AuditFilter
from consult_app.domain.seal import consent_seal, short_fingerprint
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.check_copy_dialog import CheckCopyDialog
from consult_app.gui.main_window import MainWindow
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.gui.wizard_driver import click, type_into
from tests.signed_consents import sign_for


def _open(qtbot: QtBot, context: AppContext) -> CheckCopyDialog:
    window = MainWindow(context, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    [client_menu] = [m for m in window._menus if m.title() == "&Client"]
    assert window.actions[ActionId.CHECK_COPY] in client_menu.actions()
    window.actions[ActionId.CHECK_COPY].trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(CheckCopyDialog)), timeout=5_000)
    dialog = window.findChildren(CheckCopyDialog)[-1]
    qtbot.waitExposed(dialog)
    return dialog


def test_a_file_and_a_typed_fingerprint_are_checked(
    qtbot: QtBot, clinic: AppContext, tmp_path: Path
) -> None:
    consultation = sign_for(clinic, "Dana", "Cohen")
    pdf = DocumentService(clinic).consent_pdf(consultation)
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(pdf)
    bad.write_bytes(pdf[:-40] + b"%" * 40)
    dialog = _open(qtbot, clinic)

    type_into(dialog.path, str(good))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.result.isVisible()
    assert dialog.result.text().splitlines()[:3] == [
        "Genuine. This file is byte for byte the stored consent.",
        f"Document: CON-{consultation:06d}-1",
        "Client: Dana Cohen",
    ]

    dialog.path.clear()
    type_into(dialog.path, str(bad))
    click(dialog.check_file_button)
    assert dialog.result.text().startswith("Not genuine. The file is not byte for byte")

    [record] = ConsultationService(clinic).consents(consultation)
    document_id = f"CON-{consultation:06d}-1"
    printed = short_fingerprint(consent_seal(document_id, record))
    type_into(dialog.document_id, document_id)
    type_into(dialog.fingerprint, printed.lower())
    click(dialog.check_paper_button)
    assert dialog.result.text().startswith("Genuine. The fingerprint matches what was signed.")

    dialog.fingerprint.clear()
    type_into(dialog.fingerprint, printed[:-1] + ("0" if printed[-1] != "0" else "1"))
    qtbot.keyClick(dialog.fingerprint, Qt.Key.Key_Return)
    assert dialog.result.text().startswith("Not genuine. The fingerprint does not match")

    dialog.fingerprint.clear()
    type_into(dialog.fingerprint, "12")
    click(dialog.check_paper_button)
    assert "type the 16 letters and digits" in dialog.result.text()

    with clinic.store.reading() as uow:
        audited = uow.audit.find(AuditFilter(action="check_copy"), limit=10)
    assert sorted(e.detail for e in audited) == sorted(
        [f"{document_id}: genuine", f"{document_id}: altered"] * 2
    )


def test_the_dialog_grows_to_show_the_verdict_without_squeezing_the_fields(
    qtbot: QtBot, clinic: AppContext, tmp_path: Path
) -> None:
    """The verdict (five lines after a paper check) used to be fitted into the dialog's first
    height, squashing the document id and fingerprint fields until their text was cut off."""
    consultation = sign_for(clinic, "Dana", "Cohen")
    [record] = ConsultationService(clinic).consents(consultation)
    document_id = f"CON-{consultation:06d}-1"
    dialog = _open(qtbot, clinic)
    type_into(dialog.document_id, document_id)
    type_into(dialog.fingerprint, short_fingerprint(consent_seal(document_id, record)))
    click(dialog.check_paper_button)
    assert dialog.result.text().startswith("Genuine. The fingerprint matches what was signed.")
    qtbot.waitUntil(lambda: dialog.result.height() > 0, timeout=5_000)
    for field in (dialog.path, dialog.document_id, dialog.fingerprint, dialog.check_paper_button):
        assert field.height() >= field.sizeHint().height(), field.accessibleName()
    assert dialog.result.height() >= dialog.result.heightForWidth(dialog.result.width())
