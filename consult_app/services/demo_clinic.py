"""A demo clinic in a new database: encrypted like a real one, with an account per role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from consult_app.domain.clinic import ClinicDetails
from consult_app.services.accounts import AccountService
from consult_app.services.context import AppContext
from consult_app.services.demo import DEMO_ACCOUNTS, DEMO_CLINIC, DEMO_PASSWORDS, fill_demo
from consult_app.services.signin import Gate

Progress = Callable[[int, int], None]


def create_demo_clinic(
    gate: Gate,
    clients: int,
    consultations: int,
    *,
    today: date,
    progress: Progress | None = None,
) -> tuple[AppContext, str | None]:
    """Set up a demo clinic at the gate's (new) address, signed in as its owner; returns the
    context and the recovery key (None on PostgreSQL)."""
    (owner, owner_name, _), *others = DEMO_ACCOUNTS
    context, recovery = gate.set_up(
        ClinicDetails.from_json(DEMO_CLINIC), owner_name, owner, DEMO_PASSWORDS[owner]
    )
    accounts = AccountService(context)
    for username, display_name, role in others:
        accounts.add(username, display_name, role, DEMO_PASSWORDS[username])
    fill_demo(
        context.store, context.content, clients, consultations, today=today, progress=progress
    )
    return context, recovery
