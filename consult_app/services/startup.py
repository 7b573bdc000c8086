"""Opening the app's world: content checked, database opened and brought up to date."""

from __future__ import annotations

from consult_app.content.bundle import default_content
from consult_app.services.context import AppContext
from consult_app.store.store import open_store


def open_context(database_url: str) -> AppContext:
    """Load the clinic content (refusing a bad file) and open the database at `database_url`."""
    content = default_content()
    return AppContext(store=open_store(database_url), content=content)


def clinic_settings(context: AppContext) -> dict[str, str]:
    with context.store.reading() as uow:
        return dict(uow.settings.get("clinic") or {})
