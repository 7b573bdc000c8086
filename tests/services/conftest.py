"""Service test fixtures: the clinic's database as it is kept (SQLite encrypted, or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from consult_app.content.bundle import Content
from consult_app.services.context import AppContext
from consult_app.store.keyfile import new_database_key
from consult_app.store.store import Store, open_store
from tests.accounts import signed_in
from tests.conftest import TODAY


@pytest.fixture
def encrypted_store(database_url: str) -> Iterator[Store]:
    """The clinic's database as it is kept: SQLite files encrypted, or the PostgreSQL server."""
    key = new_database_key() if database_url.startswith("sqlite") else None
    opened = open_store(database_url, key)
    yield opened
    opened.close()


@pytest.fixture
def encrypted_context(encrypted_store: Store, content: Content) -> AppContext:
    """A practitioner signed in to `encrypted_store`, on TODAY."""
    return signed_in(AppContext(store=encrypted_store, content=content, today=lambda: TODAY))
