"""Reception and treatment sessions: the course's progress, dates, numbers and each session's
plain status in the client panel; no clinical word (no reason, no area), nothing that starts or
opens a session, whatever is clicked or pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consult_app.domain.treatment import SessionInput
from consult_app.gui import document_views
from consult_app.gui.actions import ActionId
from tests.conftest import TODAY
from tests.documents.pdf_checks import all_text
from tests.gui.accounts_clinic import (  # noqa: F401
    PRACTITIONER,
    RECEPTION,
    People,
    audit_trail,
    people,
)
from tests.gui.session_driver import double_click, treated_once, window_as
from tests.gui.wizard_driver import click


def test_reception_sees_progress_dates_and_numbers_and_cannot_open_a_session(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    treated_once(people)
    window = window_as(qtbot, people, RECEPTION)
    box = window.panel.course_box
    assert box.isVisible()
    assert box.progress.text() == "1 of 3 sessions done, next due from 23 Dec 2026 (not due yet)"
    assert box.model.rowCount() == 1
    view = box.list
    shown = [c for c in range(box.model.columnCount()) if not view.isColumnHidden(c)]
    headers = [box.model.headerData(c, Qt.Orientation.Horizontal) for c in shown]
    assert headers == ["Date", "Session", "Status", "Practitioner"]
    assert [box.model.index(0, c).data() for c in shown] == [
        "25 Nov 2026",
        "1 of 3",
        "Treated",
        "Jo Reed",
    ]
    assert not box.start.isVisible()
    action = window.actions[ActionId.START_SESSION]
    assert not action.isVisible() and not action.isEnabled()
    before = len(audit_trail(people.context))
    # Enter and a double-click on the session line, and the shortcut: nothing opens.
    view.setFocus()
    view.setCurrentIndex(box.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    rect = view.visualRect(box.model.index(0, 0))
    double_click(qtbot, view.viewport(), rect.center())
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.wait(200)
    assert window.session_wizard is None
    new = audit_trail(people.context)[before:]
    assert new == [], "no session was read, and no read was tried and refused"


def test_reception_tells_a_session_in_progress_from_one_ended_not_treated(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id, service = treated_once(people)
    second = service.start(consultation_id, TODAY)
    reason = "Cold sore on the upper lip today; rebooked for when it has healed."
    answers = {**second.answers_json, "active_cold_sore": True}
    service.end_not_treated(second.id, second.version, SessionInput(answers), reason)
    service.start(consultation_id, TODAY)  # the third, not signed off yet
    window = window_as(qtbot, people, RECEPTION)
    box = window.panel.course_box
    qtbot.waitUntil(lambda: box.model.rowCount() == 3, timeout=10_000)
    model = box.model
    rows = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert rows == [
        ["25 Nov 2026", "—", "In progress", "Jo Reed"],
        ["25 Nov 2026", "—", "Not treated", "Jo Reed"],
        ["25 Nov 2026", "1 of 3", "Treated", "Jo Reed"],
    ]
    assert not box.list.isColumnHidden(2)
    shown = " ".join(
        str(model.index(r, c).data(role))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    )
    assert "cold sore" not in shown.lower() and "forehead" not in shown.lower()
    assert "cold sore" not in box.progress.text().lower()


def test_reception_prints_a_sessions_aftercare_sheet_from_the_panel(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    treated_once(people)
    printed: list[tuple[bytes, str]] = []
    monkeypatch.setattr(
        document_views, "print_with_dialog", lambda _p, pdf, name: printed.append((pdf, name))
    )
    window = window_as(qtbot, people, RECEPTION)
    button = window.panel.course_box.aftercare
    assert button.isVisible() and button.isEnabled()  # the newest treated session's sheet
    click(button)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    pdf, title = printed[0]
    assert title == "Aftercare sheet"
    text = " ".join(all_text(pdf).split())
    assert "session 1 of 3" in text.lower()
    assert audit_trail(people.context)[-1][:2] == (RECEPTION, "print")
