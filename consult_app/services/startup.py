"""Opening the app's world: content checked, database opened and brought up to date."""

from __future__ import annotations

from consult_app.content.bundle import default_content
from consult_app.domain.people import Role, User
from consult_app.services.context import AppContext
from consult_app.store.store import open_store


def open_context(database_url: str) -> AppContext:
    """Load the clinic content (refusing a bad file) and open the database at `database_url`."""
    content = default_content()
    return AppContext(store=open_store(database_url), content=content)


def working_practitioner(context: AppContext) -> User | None:
    """Who consultations are recorded under until sign-in exists: the first practitioner, else
    the owner."""
    with context.store.reading() as uow:
        users = [u for u in uow.users.all() if u.is_active]
    ranked = sorted(
        users, key=lambda u: (u.role is not Role.PRACTITIONER, u.role is not Role.OWNER, u.id)
    )
    return ranked[0] if ranked else None
