"""The demo clinic the paper checks read: 200 clients and consultations, as `consult-app demo`
makes them, in a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from consult_app.content.bundle import Content
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import open_store
from tests.accounts import signed_in
from tests.conftest import TODAY


@contextmanager
def demo_clinic(folder: Path, content: Content) -> Iterator[tuple[AppContext, list[int]]]:
    """A practitioner signed in to a 200-consultation demo clinic, and its consultations' ids."""
    store = open_store(f"sqlite:///{folder / 'demo.db'}")
    try:
        fill_demo(store, content, 200, 200, today=TODAY)
        context = signed_in(AppContext(store=store, content=content, today=lambda: TODAY))
        with store.engine.connect() as connection:
            ids = [row[0] for row in connection.execute(text("SELECT id FROM consultations"))]
        yield context, ids
    finally:
        store.close()
