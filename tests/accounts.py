"""Signing a test's context in: the services refuse anyone who is not."""

from __future__ import annotations

from consult_app.domain.people import Role
from consult_app.services.context import AppContext


def signed_in(context: AppContext, role: Role = Role.PRACTITIONER) -> AppContext:
    """`context` signed in as the first account of `role`, made (without a password) if there is
    none yet; processes sharing a database share it."""
    with context.store.writing() as uow:
        found = [u for u in uow.users.all() if u.role is role and u.is_active]
        context.user = found[0] if found else uow.users.add(f"test.{role}", f"Test {role}", role)
    return context
