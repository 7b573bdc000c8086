"""A demo clinic in a new database: encrypted like a real one, with an account per role, and a
few clients part-way through a course of treatment sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import Role
from consult_app.services.accounts import AccountService
from consult_app.services.context import AppContext
from consult_app.services.demo import DEMO_ACCOUNTS, DEMO_CLINIC, DEMO_PASSWORDS, fill_demo
from consult_app.services.demo_courses import add_demo_courses
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
    added = [
        accounts.add(username, display_name, role, DEMO_PASSWORDS[username])
        for username, display_name, role in others
    ]
    fill_demo(
        context.store, context.content, clients, consultations, today=today, progress=progress
    )
    if context.user is not None:
        practitioner = next(u for u in added if u.role is Role.PRACTITIONER)
        add_demo_courses(context, context.user, practitioner, today)
    return context, recovery
