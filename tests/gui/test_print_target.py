"""Reception reprints from the client's list: the newest *signed* consultation's papers, a list
that says what became of each consultation, and no aftercare for a client not treated."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.gui import document_views
from consult_app.gui.main_window import MainWindow
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.documents import DocumentService
from tests.clinic_files import signable, signatures
from tests.conftest import clear_answers
from tests.gui.accounts_clinic import (  # noqa: F401
    OWNER,
    PRACTITIONER,
    RECEPTION,
    People,
    active_window,
    people,
)
from tests.gui.print_stand_in import printing_into
from tests.gui.wizard_driver import click


def _signed(people: People, content: Content) -> int:  # noqa: F811
    consultations = ConsultationService(people.as_(PRACTITIONER))
    state = signable(content)
    draft = consultations.start(1, state)
    return consultations.sign(draft.id, draft.version, state, signatures()).id


def _not_treated(people: People, content: Content) -> int:  # noqa: F811
    answers = {
        **clear_answers(content),
        "isotretinoin_last_6_months": True,
        "isotretinoin_last_dose": "2026-10-01",
    }
    state = replace(signable(content), answers_json=answers, plan=None)
    consultations = ConsultationService(people.as_(PRACTITIONER))
    draft = consultations.start(1, state)
    return consultations.complete(draft.id, draft.version, state).id


def _stray_draft(people: People) -> int:  # noqa: F811
    state = ConsultationInput(wizard_page="client")
    return ConsultationService(people.as_(PRACTITIONER)).start(1, state).id


def _window(qtbot: QtBot, people: People, username: str) -> MainWindow:  # noqa: F811
    return active_window(qtbot, people, username)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, str]]:
    return printing_into(monkeypatch, document_views)


def test_print_consent_with_a_stray_newer_draft_prints_the_signed_one(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
    printed: list[tuple[bytes, str]],
) -> None:
    signed = _signed(people, content)
    _stray_draft(people)  # newest: on main, "consultation 2 has no signed consent yet"
    stored = DocumentService(people.as_(OWNER)).consent_pdf(signed)
    window = _window(qtbot, people, RECEPTION)
    qtbot.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    assert printed == [(stored, "Signed consent")]
    click(window.panel.document_buttons["aftercare"])  # the newest signed one's sheet too
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=10_000)
    assert printed[1][1] == "Aftercare sheet"


def test_reception_list_says_signed_not_suitable_or_in_progress(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
) -> None:
    _signed(people, content)
    _not_treated(people, content)
    _stray_draft(people)
    window = _window(qtbot, people, RECEPTION)
    assert not window.panel.void_button.isVisible()  # voiding is the practitioner's
    model = window.panel.history_model
    statuses = [model.index(row, 2).data() for row in range(model.rowCount())]
    assert statuses == ["In progress", "Not suitable today", "Signed"]  # newest first
    assert {model.index(row, 1).data() for row in range(model.rowCount())} == {"—"}


def test_the_aftercare_sheet_is_offered_only_where_the_treatment_went_ahead(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
) -> None:
    _signed(people, content)
    _not_treated(people, content)
    window = _window(qtbot, people, PRACTITIONER)
    panel, tree = window.panel, window.panel._history
    buttons = panel.document_buttons
    assert buttons["aftercare"].isEnabled()  # none chosen: the newest signed consultation
    for row, offered in ((0, False), (1, True)):  # not treated (newest), then signed
        rect = tree.visualRect(panel.history_model.index(row, 0))
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert buttons["aftercare"].isEnabled() is offered
        assert buttons["consent"].isEnabled() is offered
        assert buttons["record"].isEnabled()
    qtbot.mouseClick(
        tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=tree.visualRect(panel.history_model.index(0, 0)).center(),
    )
    assert buttons["aftercare"].toolTip() == "The treatment did not go ahead at this consultation"
    assert panel.history_model.index(0, 2).data() == "Not suitable today"
    assert panel.history_model.index(0, 1).data() == "Not suitable today"  # the outcome: a stop


def test_print_with_nothing_signed_says_so_in_words(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    printed: list[tuple[bytes, str]],
) -> None:
    _stray_draft(people)
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text, *_a: told.append(text))
    )
    window = _window(qtbot, people, RECEPTION)
    assert not window.panel.document_buttons["consent"].isEnabled()
    qtbot.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert told == [
        "None of this client's consultations has been signed yet, so there is no consent to "
        "print. Ask the practitioner."
    ]
    assert printed == []


def test_every_line_of_the_list_reads_whole_at_the_window_s_usual_size(
    qtbot: QtBot,
    people: People,  # noqa: F811
    content: Content,
) -> None:
    _signed(people, content)
    _not_treated(people, content)
    _stray_draft(people)
    window = _window(qtbot, people, PRACTITIONER)
    window.resize(1280, 800)  # as `make screenshots` draws it
    qtbot.waitUntil(lambda: window.width() == 1280)
    panel, tree = window.panel, window.panel._history
    model = panel.history_model
    metrics = tree.fontMetrics()
    for row in range(model.rowCount()):
        for column in range(3):  # date, outcome, status: the practitioner may elide
            text = model.index(row, column).data()
            wanted = metrics.horizontalAdvance(text) + 2 * tree.style().pixelMetric(
                tree.style().PixelMetric.PM_FocusFrameHMargin
            )
            assert wanted <= tree.header().sectionSize(column), (row, text)
    for row in range(model.rowCount()):
        for column in range(4):  # and each has its whole text on hover
            assert model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 2).data() == "In progress"
    assert model.index(0, 1).data() == "Not finished"  # never "Suitable" while unfinished
    assert "double-click to continue" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
