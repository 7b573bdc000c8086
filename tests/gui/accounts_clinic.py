"""An encrypted clinic with an account per role, each with a password, for sign-in and lock tests.

Import the fixture where it is used: `from tests.gui.accounts_clinic import people  # noqa: F401`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from consult_app.domain.audit import AuditFilter
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import Role, User
from consult_app.services.accounts import AccountService
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.services.signin import Gate
from tests.conftest import TODAY, close_when_background_work_is_done

if TYPE_CHECKING:
    from consult_app.gui.main_window import MainWindow

OWNER, PRACTITIONER, RECEPTION = "sam.patel", "jo.reed", "robin.reyes"
PASSWORDS = {
    OWNER: "harbour lights at dusk",
    PRACTITIONER: "needles and thread 42",
    RECEPTION: "front desk morning tea",
}


@dataclass
class People:
    gate: Gate
    context: AppContext  # signed in as the owner
    recovery_key: str
    users: dict[str, User]

    def as_(self, username: str) -> AppContext:
        """The same open records, now with `username` signed in (as after their password)."""
        self.context.user = self.users[username]
        return self.context


@pytest.fixture
def people(tmp_path: Path) -> Iterator[People]:
    gate = Gate(f"sqlite:///{tmp_path / 'clinic.db'}")
    found = set_up_people(gate)
    assert found.recovery_key
    yield found
    close_when_background_work_is_done(found.context.store)


def set_up_people(gate: Gate) -> People:
    """The clinic behind `gate` set up, an account per role and one client (no recovery key
    on PostgreSQL: "")."""
    context, recovery_key = gate.set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"),
        "Dr Sam Patel",
        OWNER,
        PASSWORDS[OWNER],
    )
    context.today = lambda: TODAY
    owner = context.user
    assert owner is not None
    accounts = AccountService(context)
    users = {
        OWNER: owner,
        PRACTITIONER: accounts.add(
            PRACTITIONER, "Jo Reed", Role.PRACTITIONER, PASSWORDS[PRACTITIONER]
        ),
        RECEPTION: accounts.add(RECEPTION, "Robin Reyes", Role.RECEPTION, PASSWORDS[RECEPTION]),
    }
    ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    return People(gate, context, recovery_key or "", users)


def audit_trail(context: AppContext) -> list[tuple[str, str, str]]:
    """(user name, action, detail) of every audit entry, oldest first."""
    with context.store.reading() as uow:
        entries = uow.audit.find(AuditFilter(), 10_000)
    return [(e.username, e.action, e.detail) for e in reversed(entries)]


def active_window(qtbot: QtBot, people: People, username: str) -> MainWindow:
    """The main window signed in as `username`, shown and active (a shortcut reaches the
    active window only), with the clinic's one client chosen."""
    from consult_app.gui.main_window import MainWindow

    window = MainWindow(people.as_(username), "Harbour Skin", people.gate)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.panel.client is not None
    return window
