"""Documents from the app: previews show the stored consent's exact bytes; handouts print."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from consult_app.gui import document_views
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.pdf_preview import PdfPreviewDialog
from consult_app.gui.main_window import MainWindow
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    click,
    open_wizard,
    plan_and_sign,
    press_next,
)


def _signed_consultation(qtbot: QtBot, context: AppContext) -> tuple[MainWindow, int]:
    wizard = open_wizard(qtbot, context)
    answer_history(wizard, {})
    assess_and_goals(wizard, fitzpatrick=2)
    press_next(wizard)
    plan_and_sign(qtbot, wizard)
    return wizard.parent(), wizard.state.consultation.id


def _preview(qtbot: QtBot, window: MainWindow) -> PdfPreviewDialog:
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfPreviewDialog)), timeout=10_000)
    return window.findChildren(PdfPreviewDialog)[-1]


def test_the_summary_shows_the_stored_consent_not_a_new_rendering(
    qtbot: QtBot,
    clinic: AppContext,
) -> None:
    window, consultation_id = _signed_consultation(qtbot, clinic)
    summary = window.wizard.page_by_key("summary")
    assert summary.documents["consent"].isEnabled()
    click(summary.documents["consent"])
    qtbot.waitUntil(lambda: bool(summary.findChildren(PdfPreviewDialog)), timeout=10_000)
    dialog = summary.findChildren(PdfPreviewDialog)[-1]
    assert dialog.pdf_bytes == DocumentService(clinic).consent_pdf(consultation_id)
    assert dialog.document.pageCount() == len(PdfReader(BytesIO(dialog.pdf_bytes)).pages)


@pytest.mark.parametrize("kind", ["aftercare", "record"])
def test_the_client_panel_opens_a_consultations_documents(
    qtbot: QtBot,
    clinic: AppContext,
    kind: str,
) -> None:
    window, _ = _signed_consultation(qtbot, clinic)
    window.wizard.accept()
    window.panel.show_client(window.panel.client.id)
    click(window.panel.document_buttons[kind])
    dialog = _preview(qtbot, window)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(dialog.pdf_bytes)).pages)
    assert "Zoë Łukasiewicz" in text


def test_a_handout_goes_straight_to_the_print_dialog(
    qtbot: QtBot,
    clinic: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed: list[tuple[bytes, str]] = []
    monkeypatch.setattr(
        document_views,
        "print_with_dialog",
        lambda _p, pdf, name: printed.append((pdf, name)) or True,
    )
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    window.actions[ActionId.HANDOUT_PREPARATION].trigger()
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    pdf, name = printed[0]
    assert name == "Before your treatment"
    assert pdf == DocumentService(clinic).handout_pdf(document_views.HandoutKind.PREPARATION)


def test_a_document_that_cannot_be_made_is_explained(
    qtbot: QtBot,
    clinic: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        document_views, "show_error", lambda _p, title, error: shown.append(str(error))
    )
    window = MainWindow(clinic, "Harbour Skin")
    qtbot.addWidget(window)
    draft = window.consultations.start(window.panel.client.id)
    window.show_document(draft.id, "consent")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0] == (
        "The consultation on 25 Nov 2026 has not been signed yet; "
        "finish it and sign the consent first."
    )


@pytest.mark.parametrize("leaving", ["switch user", "sign out"])
def test_a_preview_finished_after_its_user_left_is_not_shown(
    qtbot: QtBot,
    clinic: AppContext,
    leaving: str,
) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    window, _ = _signed_consultation(qtbot, clinic)
    window.wizard.accept()
    window.panel.show_client(window.panel.client.id)
    click(window.panel.document_buttons["record"])
    # Before the result reaches the GUI thread: someone else is at the keyboard, or nobody.
    if leaving == "switch user":
        window.signed_in.switched()  # as the lock does when another person unlocks
    else:
        window.detach()
    QThreadPool.globalInstance().waitForDone()
    for _ in range(5):
        QApplication.processEvents()
    assert window.findChildren(PdfPreviewDialog) == []
