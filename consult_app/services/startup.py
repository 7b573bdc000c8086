"""Opening the app's world: content checked, database opened and brought up to date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from consult_app.content.bundle import default_content
from consult_app.errors import ConsultError
from consult_app.services.context import AppContext
from consult_app.store.store import open_store

if TYPE_CHECKING:
    from consult_app.store.keyfile import KeyFile


def open_context(
    database_url: str, key: bytes | None = None, keys: KeyFile | None = None
) -> AppContext:
    """Load the clinic content (refusing a bad file) and open the database at `database_url`
    (an encrypted SQLite file with its `key`); nobody is signed in yet."""
    content = default_content()
    return AppContext(store=open_store(database_url, key=key), content=content, keys=keys)


def shown_address(database_url: str) -> str:
    """The database address fit to show or log: any password in it left out."""
    from consult_app.store.engine import parse_url

    try:
        return parse_url(database_url).render_as_string(hide_password=True)
    except ConsultError:
        return "(not a database address)"
