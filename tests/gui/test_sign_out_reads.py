"""A read still running off the GUI thread when someone signs out or switches user: the database
it reads is not closed under it, and what it brings back is not shown to the next person.

The read is held in flight by the test itself: the first statement a worker thread runs waits,
its connection checked out, until the test lets it go. Real databases (a SQLite file and the
PostgreSQL server), real widgets, the real sign-in.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, QueuePool, event

from consult_app.domain.client import ClientDetails
from consult_app.gui.actions import ActionId
from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
from consult_app.gui.main_window import MainWindow
from consult_app.gui.tasks import after_work_under_way
from consult_app.services.clients import ClientService
from consult_app.services.signin import Gate
from consult_app.services.treatments import TreatmentService
from tests.conftest import PG_URL, TODAY, close_when_background_work_is_done
from tests.gui import accounts_clinic
from tests.gui.accounts_clinic import OWNER, PASSWORDS, PRACTITIONER, RECEPTION, People
from tests.gui.print_stand_in import printing_into
from tests.gui.session_driver import signed_plan
from tests.gui.test_session import sign_in_as, switch_user
from tests.gui.typing import type_text
from tests.gui.wizard_driver import click

SHOWN_COURSE = "sessions done"  # what the course box says of a signed plan ("0 of 3 …")


class HeldRead:
    """The first statement a worker thread runs on `engine` waits, inside its transaction and
    holding its connection, until `release` is set."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.started = threading.Event()
        self.release = threading.Event()
        self._armed = True
        event.listen(engine, "after_cursor_execute", self._hold)

    def _hold(self, *_args: Any) -> None:
        if threading.current_thread() is threading.main_thread() or not self._armed:
            return
        self._armed = False
        self.started.set()
        self.release.wait(60)  # never for ever, should the test fail first

    def remove(self) -> None:
        self.release.set()
        event.remove(self.engine, "after_cursor_execute", self._hold)


@pytest.fixture
def people_on(database_url: str) -> Iterator[People]:
    """The accounts clinic on a SQLite file and on the PostgreSQL server, two clients in it,
    the first (Zoë) with a signed treatment plan."""
    people = accounts_clinic.set_up_people(Gate(database_url))
    signed_plan(people)
    ClientService(people.context).add(ClientDetails("Ada", "Okafor", date(1985, 3, 2)))
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(threads, 4))  # one thread held, the sign-in's work needs another
    yield people
    close_when_background_work_is_done(people.context.store)
    pool.setMaxThreadCount(threads)


def consultation_of(people: People) -> int:
    """Zoë's signed consultation, whose plan her sessions follow."""
    context = people.as_(PRACTITIONER)
    (zoe,) = ClientService(context).search("Zoë")
    return TreatmentService(context).courses(zoe)[0].consultation_id


def zoe_chosen_with_her_course_in_flight(
    qtbot: QtBot, people: People
) -> tuple[MainWindow, HeldRead]:
    """The owner's window, Zoë found by name; the read of her sessions is held in flight."""
    window = MainWindow(people.as_(OWNER), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 2 and window.panel.client is None  # nothing read yet
    held = HeldRead(people.context.store.engine)
    type_text(window.search_box, "Zoë")
    qtbot.waitUntil(held.started.is_set, timeout=10_000)
    assert window.panel.client is not None
    assert window.panel.course_box.progress.text() == "Reading the sessions…"
    return window, held


def ended_and_not_shown(qtbot: QtBot, window: MainWindow, held: HeldRead) -> None:
    """Let the held read end; once what it read has come back, nothing of it is on screen."""
    came_back: list[bool] = []
    after_work_under_way(lambda: came_back.append(True))
    held.release.set()
    qtbot.waitUntil(lambda: bool(came_back), timeout=10_000)
    assert window.panel.client is None
    assert not window.panel.course_box.isVisible()
    assert SHOWN_COURSE not in window.panel.course_box.progress.text()


def open_connections(url: str) -> int:
    """Connections open to the database at `url`: those the PostgreSQL server counts (not this
    one), or this process's open files of the SQLite database (with its -wal and -shm)."""
    if url.startswith("sqlite"):
        database = url.removeprefix("sqlite:///")
        files = [os.readlink(fd) for fd in Path("/proc/self/fd").iterdir() if fd.is_symlink()]
        return sum(1 for name in files if name.startswith(database))
    import psycopg

    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    name = url.rpartition("/")[2]
    with psycopg.connect(admin) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_a_read_running_at_sign_out_keeps_its_database_until_it_ends_and_is_not_shown_next(
    qtbot: QtBot,
    people_on: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = people_on
    window, held = zoe_chosen_with_her_course_in_flight(qtbot, people)
    old = people.context.store
    url = old.url
    pool = old.engine.pool
    assert isinstance(pool, QueuePool)
    try:
        monkeypatch.setattr(
            SignInDialog, "exec", lambda dialog: sign_in_as(qtbot, dialog, PRACTITIONER)
        )
        window.actions[ActionId.SIGN_OUT].trigger()

        # The next person is in; the read of Zoë's sessions still runs on the owner's database,
        # which is not closed under it: its connection is still out, nothing else is.
        assert window.context is not None and window.context.store is not old
        assert window.context.user is not None and window.context.user.username == PRACTITIONER
        assert window.panel.client is None and not window.panel.course_box.isVisible()
        assert old.engine.pool is pool and pool.checkedout() == 1

        ended_and_not_shown(qtbot, window, held)  # Zoë's course, read for the owner
        assert people.context.user is None
        trail = accounts_clinic.audit_trail(window.context)
        assert trail[-2:] == [(OWNER, "sign_out", ""), (PRACTITIONER, "sign_in", "")]
        # The owner's database was closed once the read had ended: with the practitioner's
        # closed too, no connection is left open (nor to the garbage collector).
        window.context.store.close()
        assert open_connections(url) == 0
    finally:
        held.remove()


def test_a_read_running_at_a_switch_of_user_is_not_shown_to_the_colleague(
    qtbot: QtBot,
    people_on: People,
) -> None:
    people = people_on
    window, held = zoe_chosen_with_her_course_in_flight(qtbot, people)
    try:
        switch_user(qtbot, window, RECEPTION)
        assert window.context is people.context  # the same records, another person
        assert people.context.user is not None and people.context.user.username == RECEPTION
        assert window.panel.client is None

        ended_and_not_shown(qtbot, window, held)  # Zoë's course, read for the owner
    finally:
        held.remove()


def test_a_session_read_that_starts_only_after_the_next_person_signed_in_is_not_theirs(
    qtbot: QtBot,
    people_on: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The practitioner opens a session while the pool is busy; before the read starts they sign
    out and the owner signs in. The read runs as the practitioner (refused: signed out), never
    as the owner, who would be recorded as having viewed a session they never opened."""
    people = people_on
    session_id = TreatmentService(people.as_(PRACTITIONER)).start(consultation_of(people), TODAY).id
    window = MainWindow(people.as_(PRACTITIONER), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    pool = QThreadPool.globalInstance()
    pool.setMaxThreadCount(1)  # the fixture sets it back
    busy = threading.Event()
    pool.start(lambda: busy.wait(60))  # the pool's one thread busy with other work
    try:
        window.open_session(session_id)  # waits for the thread

        def the_owner_signs_in(dialog: SignInDialog) -> int:
            dialog.context = people.gate.sign_in(OWNER, PASSWORDS[OWNER])  # here: the pool waits
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(SignInDialog, "exec", the_owner_signs_in)
        window.actions[ActionId.SIGN_OUT].trigger()
        assert window.context is not None and window.context.user is not None
        assert window.context.user.username == OWNER
        came_back: list[bool] = []
        after_work_under_way(lambda: came_back.append(True))
    finally:
        busy.set()
    qtbot.waitUntil(lambda: bool(came_back), timeout=10_000)
    assert window.session_wizard is None
    trail = accounts_clinic.audit_trail(window.context)
    assert [entry for entry in trail if entry[:2] == (OWNER, "view")] == []
    window.context.store.close()


def test_a_recall_list_still_being_made_at_sign_out_is_neither_printed_nor_offered_next(
    qtbot: QtBot,
    people_on: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reception asks to print the recall list and signs out before its PDF is made: the
    list of clients due is not handed to the print dialog in front of the sign-in, and the
    sign-out is recorded once the PDF is made."""
    from consult_app.gui.dialogs import recall_dialog

    people = people_on
    printed = printing_into(monkeypatch, recall_dialog)
    window = MainWindow(people.as_(RECEPTION), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    window.actions[ActionId.RECALL_LIST].trigger()
    (dialog,) = window.findChildren(recall_dialog.RecallDialog)
    dialog.end_edit.setDate(dialog.end_edit.date().addDays(60))
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10_000)  # Zoë is due
    held = HeldRead(people.context.store.engine)
    try:
        click(dialog.print_button)
        qtbot.waitUntil(held.started.is_set, timeout=10_000)  # the PDF is being made
        seen: dict[str, object] = {}

        def nobody_signs_in(_dialog: SignInDialog) -> int:
            # The sign-in's own event loop, as the real dialog's: the PDF is made meanwhile.
            signing_in = QEventLoop()
            after_work_under_way(signing_in.quit)
            held.release.set()
            signing_in.exec()
            seen["printed"] = list(printed)
            return QDialog.DialogCode.Rejected

        monkeypatch.setattr(SignInDialog, "exec", nobody_signs_in)
        in_the_app = QEventLoop()  # signing out from the menu, as in the app's event loop

        def sign_out() -> None:
            window.actions[ActionId.SIGN_OUT].trigger()
            in_the_app.quit()

        QTimer.singleShot(0, sign_out)
        in_the_app.exec()
    finally:
        held.remove()
    assert seen == {"printed": []}
    # Recorded once the PDF, whose printing is a write to the audit trail too, was made: not
    # refused as "busy" (the no_unanswered_message_boxes guard would have failed the test).
    assert (RECEPTION, "sign_out", "") in accounts_clinic.audit_trail(people.context)
