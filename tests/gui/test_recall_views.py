"""From the main window, over a real encrypted clinic: reception's recall list and the next
session's calendar file, a practitioner tracing a batch, the owner's device list. Real keys and
clicks; the services do the work."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.chart import Device
from consult_app.domain.treatment import SessionInput
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.devices_dialog import DevicesDialog
from consult_app.gui.dialogs.recall_dialog import RecallDialog
from consult_app.gui.dialogs.trace_dialog import TraceDialog
from consult_app.services.consultations import ConsultationService
from consult_app.services.treatments import TreatmentService
from tests.clinic_files import signable, signatures
from tests.conftest import TODAY
from tests.gui.accounts_clinic import (  # noqa: F401
    OWNER,
    PRACTITIONER,
    RECEPTION,
    People,
    active_window,
    audit_trail,
    people,
)
from tests.gui.mnemonics import clashes, mnemonics
from tests.gui.print_stand_in import printing_into
from tests.gui.typing import type_text
from tests.gui.wizard_driver import click
from tests.treatment_sessions import full_chart

if TYPE_CHECKING:
    from consult_app.gui.main_window import MainWindow

D = TypeVar("D", bound=QDialog)
NEXT_DUE = TODAY + timedelta(weeks=4)  # the plan of clinic_files.signable: 3 sessions, 4 weeks


@pytest.fixture
def treated(people: People, content: Content) -> People:  # noqa: F811
    """The clinic's one client (Zoë) signed for a course and treated once today, lot AB-1234."""
    context = people.as_(OWNER)
    consultations = ConsultationService(context)
    state = signable(content)
    draft = consultations.start(1, state)
    consultation = consultations.sign(draft.id, draft.version, state, signatures())
    sessions = TreatmentService(context)
    started = sessions.start(consultation.id, TODAY)
    chart = full_chart(TODAY, lot="AB-1234")
    sessions.sign_off(started.id, started.version, SessionInput(started.answers_json, (), chart))
    return people


def _dialog(qtbot: QtBot, kind: type[D]) -> D:
    """The `kind` of dialog once it shows (it opens from the window's action, not here)."""
    found: list[D] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
        return bool(found) and found[0].isVisible()

    qtbot.waitUntil(shown, timeout=10_000)
    return found[0]


def _opened(
    qtbot: QtBot,
    people: People,  # noqa: F811
    username: str,
    action: ActionId,
    kind: type[D],
) -> tuple[MainWindow, D]:
    """The window signed in as `username`, and the dialog its `action` opens."""
    window = active_window(qtbot, people, username)
    window.actions[action].trigger()
    return window, _dialog(qtbot, kind)


def _saving_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Every Save as… chooses `path` (the dialog adds the file's ending)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(path), "")))


def _recall_list(
    qtbot: QtBot, treated: People, monkeypatch: pytest.MonkeyPatch, save_to: Path
) -> tuple[RecallDialog, list[tuple[bytes, str]]]:
    """Reception's recall list opened from the window, Save as PDF… choosing `save_to`; with
    what its Print… hands the system print dialog (whose OK is the second click)."""
    from consult_app.gui.dialogs import recall_dialog

    printed = printing_into(monkeypatch, recall_dialog)
    _saving_to(monkeypatch, save_to)
    _window, dialog = _opened(qtbot, treated, RECEPTION, ActionId.RECALL_LIST, RecallDialog)
    return dialog, printed


def test_reception_opens_the_recall_list_and_widens_it_with_the_keyboard(
    qtbot: QtBot,
    treated: People,
) -> None:
    window = active_window(qtbot, treated, RECEPTION)
    shift_control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_R, shift_control)
    dialog = _dialog(qtbot, RecallDialog)
    # At first everyone due by two weeks ahead: Zoë's second session, four weeks on, is not.
    qtbot.waitUntil(lambda: dialog.count_text.startswith("Nobody"), timeout=10_000)
    edit = dialog.end_edit
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    edit.setFocus()
    edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # to the same day next year
    assert dialog.dates()[1] == TODAY + timedelta(weeks=2, days=365)
    qtbot.waitUntil(lambda: dialog.count_text == "1 client, not due yet.", timeout=10_000)
    model = dialog.model
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["Zoë Łukasiewicz", "", "2 of 3", "23 Dec 2026", "Not due yet"]
    dialog.close()


def _pdf_text(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_recall_list_prints_in_two_clicks_and_saves_as_pdf(
    qtbot: QtBot,
    treated: People,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog, printed = _recall_list(qtbot, treated, monkeypatch, tmp_path / "recall")
    dialog.end_edit.setDate(dialog.end_edit.date().addDays(30))
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    click(dialog.print_button)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    ((pdf, name),) = printed
    assert name == "Recall list" and pdf.startswith(b"%PDF")
    assert "Łukasiewicz" in _pdf_text(pdf)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    click(dialog.save_button)
    saved = tmp_path / "recall.pdf"
    qtbot.waitUntil(saved.exists, timeout=10_000)
    assert "Łukasiewicz" in _pdf_text(saved.read_bytes())
    actions = [
        action for user, action, detail in audit_trail(treated.context) if "recall" in detail
    ]
    assert actions == ["print", "export"]
    dialog.close()


def test_overdue_clients_are_on_the_list_at_first_however_long_ago(
    qtbot: QtBot,
    treated: People,
) -> None:
    """Reception opens the list to phone whoever is due: Zoë, due months ago, is on it until
    "Only from" narrows the list to a range."""
    from consult_app.services.recall import RecallService

    context = treated.as_(RECEPTION)
    later = NEXT_DUE + timedelta(weeks=12)
    context.today = lambda: later
    dialog = RecallDialog(RecallService(context).due, None, later)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.count_text == "1 client, overdue.", timeout=10_000)
    assert dialog.dates() == (None, later + timedelta(weeks=2))
    assert not dialog.start_edit.isEnabled()
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert row == ["Zoë Łukasiewicz", "", "2 of 3", "23 Dec 2026", "Overdue"]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # Only from, ticked
    qtbot.waitUntil(lambda: dialog.only_from.isChecked(), timeout=5000)
    assert dialog.start_edit.isEnabled() and dialog.dates()[0] == later
    qtbot.waitUntil(lambda: dialog.count_text.startswith("Nobody"), timeout=10_000)
    dialog.start_edit.setDate(NEXT_DUE)
    qtbot.waitUntil(lambda: dialog.count_text == "1 client, overdue.", timeout=10_000)
    dialog.close()


def test_the_next_session_is_saved_as_a_calendar_file_for_reception(
    qtbot: QtBot,
    treated: People,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "zoe"  # the dialog adds .ics
    asked: list[str] = []

    def choose(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(Path(suggested).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    window = active_window(qtbot, treated, RECEPTION)
    window.actions[ActionId.NEXT_SESSION_CALENDAR].trigger()
    saved = tmp_path / "zoe.ics"
    qtbot.waitUntil(saved.exists, timeout=10_000)
    assert asked == ["Zoë Łukasiewicz session 2.ics"]
    (event,) = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == NEXT_DUE
    assert str(event["SUMMARY"]) == "Micro-needling session 2 of 3 at Harbour Skin"
    assert "0117 496 0000" in str(event["DESCRIPTION"])
    qtbot.waitUntil(lambda: "zoe.ics" in window.statusBar().currentMessage(), timeout=5000)
    assert ("robin.reyes", "export", "next session as a calendar file") in audit_trail(
        treated.context
    )


def test_the_recall_lists_buttons_answer_to_alt_p_and_alt_d_and_its_keys_never_clash(
    qtbot: QtBot,
    treated: People,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog, printed = _recall_list(qtbot, treated, monkeypatch, tmp_path / "due")
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    keys = mnemonics(dialog)
    assert keys["Alt+P"] == ["&Print…"] and keys["Alt+D"] == ["Save as P&DF…"]
    assert keys["Alt+F"] == ["Only &from:"] and keys["Alt+T"] == ["&To:"]
    assert clashes(dialog) == {}
    dialog.end_edit.setDate(dialog.end_edit.date().addDays(30))
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_P, alt)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)  # a mnemonic clicks after 100 ms
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_D, alt)
    saved = tmp_path / "due.pdf"
    qtbot.waitUntil(saved.exists, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.count_text.startswith("Saved"), timeout=10_000)
    assert dialog.count_text == "Saved the recall list to due.pdf."
    # What happened, in the audit trail: printed once, saved to a file (an export) once.
    recall = [(user, action) for user, action, detail in audit_trail(treated.context)]
    assert recall[-2:] == [("robin.reyes", "print"), ("robin.reyes", "export")]
    dialog.close()


def test_a_client_with_no_course_is_told_so(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, title, _text: told.append(title))
    )
    window = active_window(qtbot, people, RECEPTION)
    window.actions[ActionId.NEXT_SESSION_CALENDAR].trigger()
    assert told == ["No next session"]


def test_a_practitioner_traces_a_batch_and_saves_the_clients_as_csv(
    qtbot: QtBot,
    treated: People,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _saving_to(monkeypatch, tmp_path / "lot")
    _window, dialog = _opened(qtbot, treated, PRACTITIONER, ActionId.TRACE_BATCH, TraceDialog)
    assert not dialog.find_button.isEnabled()
    assert clashes(dialog) == {}
    type_text(dialog.value_edit, "ab 1234\n")  # Enter finds
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.count_text == "1 client in 1 session used “ab 1234”."
    assert dialog.model.index(0, 0).data() == "Zoë Łukasiewicz"
    assert dialog.model.index(0, 4).data() == "1 of 3"  # as the recall list says it
    assert dialog.model.index(0, 7).data() == "AB-1234"
    click(dialog.save_button)
    qtbot.waitUntil(lambda: "Saved to lot.csv" in dialog.count_text, timeout=10_000)
    with (tmp_path / "lot.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][0] == "Zoë Łukasiewicz" and len(rows) == 2
    assert rows[1] == [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    trail = audit_trail(treated.context)
    assert ("jo.reed", "trace", "any 'ab 1234': 1 session") in trail
    assert ("jo.reed", "export", "1 traced session as CSV") in trail
    dialog.close()


def test_the_owner_adds_a_device_with_the_keyboard_and_a_serial_twice_is_refused(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    window, dialog = _opened(qtbot, people, OWNER, ActionId.DEVICES, DevicesDialog)
    type_text(dialog.serial_edit, "\n")  # Enter with nothing typed: told what Add wants
    assert dialog.error_message == (
        "Type the device's make, model and serial number, then press Add."
    )
    assert dialog.values() == [] and dialog.isVisible()
    for edit, text in (
        (dialog.make_edit, "Dermapen"),
        (dialog.model_edit, "4"),
        (dialog.serial_edit, "DP4-0031\n"),  # Enter adds it
    ):
        type_text(edit, text)
    assert dialog.values() == [Device("Dermapen", "4", "DP4-0031")]
    for edit, text in (
        (dialog.make_edit, "SkinPen"),
        (dialog.model_edit, "Precision"),
        (dialog.serial_edit, "dp4 0031\n"),
    ):
        type_text(edit, text)
    assert "same serial number as device 1" in dialog.error_message
    assert len(dialog.values()) == 1
    dialog.serial_edit.clear()
    type_text(dialog.serial_edit, "SP-77")
    click(dialog.button_box.button(dialog.button_box.StandardButton.Ok))  # the typed one too
    qtbot.waitUntil(lambda: "Devices saved" in window.statusBar().currentMessage(), timeout=5000)
    assert TreatmentService(people.as_(OWNER)).devices() == [
        Device("Dermapen", "4", "DP4-0031"),
        Device("SkinPen", "Precision", "SP-77"),
    ]
    assert window.statusBar().currentMessage() == "Devices saved (2 listed)"
