"""What each role is offered, checked through the action registry over a real encrypted clinic;
and that reception, whatever it clicks, never reaches a consultation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.gui import document_views
from consult_app.gui.actions import SPECS, ActionId
from consult_app.gui.dialogs import pdf_preview
from consult_app.gui.dialogs.pdf_preview import PdfPreviewDialog
from consult_app.gui.main_window import MainWindow
from consult_app.gui.print_jobs import Printed
from consult_app.services.consultations import ConsultationService
from consult_app.services.documents import DocumentService
from tests.clinic_files import signable, signatures
from tests.gui.accounts_clinic import (  # noqa: F401
    OWNER,
    PRACTITIONER,
    RECEPTION,
    People,
    audit_trail,
    people,
)
from tests.gui.wizard_driver import click

EVERYONE = {
    ActionId.LOCK,
    ActionId.SWITCH_USER,
    ActionId.SIGN_OUT,
    ActionId.CHANGE_PASSWORD,
    ActionId.QUIT,
}
RECEPTION_ACTIONS = EVERYONE | {
    ActionId.FIND,
    ActionId.NEW_CLIENT,
    ActionId.EDIT_CLIENT,
    ActionId.PRINT,
    ActionId.CHECK_COPY,
    ActionId.HANDOUT_AFTERCARE,
    ActionId.HANDOUT_PREPARATION,
    ActionId.HANDOUT_CONSENT,
    ActionId.RECALL_LIST,
    ActionId.NEXT_SESSION_CALENDAR,
}
PRACTITIONER_ACTIONS = RECEPTION_ACTIONS | {
    ActionId.NEW_CONSULTATION,
    ActionId.OPEN_CONSULTATION,
    ActionId.START_SESSION,
    ActionId.BACKUP_NOW,
    ActionId.BACKUP_LIST,
    ActionId.TRACE_BATCH,
}
OWNER_ACTIONS = set(ActionId)
EXPECTED = {OWNER: OWNER_ACTIONS, PRACTITIONER: PRACTITIONER_ACTIONS, RECEPTION: RECEPTION_ACTIONS}


def window_for(qtbot: QtBot, people: People, username: str) -> MainWindow:  # noqa: F811
    window = MainWindow(people.as_(username), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    assert window.panel.client is not None  # the only client is chosen: every action can act
    return window


@pytest.mark.parametrize("username", [OWNER, PRACTITIONER, RECEPTION])
def test_each_role_sees_and_can_use_exactly_its_actions(
    qtbot: QtBot,
    people: People,  # noqa: F811
    username: str,
) -> None:
    window = window_for(qtbot, people, username)
    expected = EXPECTED[username]
    shown = {spec.id for spec in SPECS if window.actions[spec.id].isVisible()}
    usable = {spec.id for spec in SPECS if window.actions[spec.id].isEnabled()}
    assert shown == expected
    assert usable == expected
    menus = {a.text(): a.isVisible() for a in window.menuBar().actions()}
    assert menus["C&onsultation"] == (ActionId.NEW_CONSULTATION in expected)  # not left empty


def _signed_consultation(people: People, content: Content) -> int:  # noqa: F811
    consultations = ConsultationService(people.as_(OWNER))
    state = signable(content)
    draft = consultations.start(1, state)
    return consultations.sign(draft.id, draft.version, state, signatures()).id


def test_reception_cannot_reach_a_consultation_from_the_window(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
) -> None:
    consultation_id = _signed_consultation(people, content)
    window = window_for(qtbot, people, RECEPTION)
    before = audit_trail(people.context)
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    window.actions[ActionId.OPEN_CONSULTATION].trigger()
    shift_control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_N, shift_control)  # New consultation's shortcut
    qtbot.mouseDClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.model.index(0, 0)).center(),
    )
    history = window.panel._history
    history.setCurrentIndex(window.panel.history_model.index(0, 0))
    history.activated.emit(window.panel.history_model.index(0, 0))
    window.open_consultation(consultation_id)
    assert window.wizard is None
    assert audit_trail(people.context) == before  # nothing was even tried, so nothing refused
    # What the panel shows reception: a date to reprint from, nothing medical.
    model = window.panel.history_model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "—"
    assert model.index(0, 2).data() == "Signed"
    assert not window.panel.document_buttons["record"].isVisible()
    assert window.panel.document_buttons["consent"].isVisible()


def test_reception_reprints_a_consent_straight_to_the_printer(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    consultation_id = _signed_consultation(people, content)
    stored = DocumentService(people.as_(OWNER)).consent_pdf(consultation_id)
    printed: list[tuple[bytes, str]] = []
    monkeypatch.setattr(
        document_views, "print_with_dialog", lambda _p, pdf, name: printed.append((pdf, name))
    )
    window = window_for(qtbot, people, RECEPTION)
    click(window.panel.document_buttons["consent"])
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    assert printed == [(stored, "Signed consent")]
    assert not window.findChildren(PdfPreviewDialog)  # never on screen
    assert (RECEPTION, "print", "consent") in audit_trail(people.context)


def test_a_practitioner_preview_notes_what_was_printed_and_saved(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    consultation_id = _signed_consultation(people, content)
    window = window_for(qtbot, people, PRACTITIONER)
    window.show_document(consultation_id, "consent")
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfPreviewDialog)), timeout=10_000)
    preview = window.findChildren(PdfPreviewDialog)[-1]
    assert (PRACTITIONER, "view", "consent") in audit_trail(people.context)

    monkeypatch.setattr(
        pdf_preview,
        "print_with_dialog",
        lambda *_a, on_sent, **_k: on_sent(Printed("Desk")) or True,
    )
    click(preview.print_button)
    qtbot.waitUntil(
        lambda: (PRACTITIONER, "print", "consent") in audit_trail(people.context), timeout=5000
    )
    saved = tmp_path / "consent.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(saved), ""))
    )
    click(preview.save_button)
    qtbot.waitUntil(
        lambda: (PRACTITIONER, "export", "consent") in audit_trail(people.context), timeout=5000
    )
    assert saved.read_bytes() == preview.pdf_bytes
    preview.close()
