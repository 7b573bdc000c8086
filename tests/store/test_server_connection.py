"""A pooled PostgreSQL connection the server has dropped (a restart, a network cut) while it sat
unused is noticed before a use case runs on it, and replaced: the workstation carries on.

Connections are asked only after sitting unused a while (store/engine.py): one used again
within moments is not, and if the server dropped it in those moments the one use fails with
a plain message and the next works.
"""

from __future__ import annotations

import psycopg
import pytest

from bench.data import psycopg_url
from consult_app.errors import StorageError
from consult_app.store import engine
from consult_app.store.store import Store


def _pooled_backend(store: Store) -> int:
    with store.reading() as uow:
        return int(uow.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar())


def _drop(store: Store, backend: int) -> None:
    with psycopg.connect(psycopg_url(store.url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend,))


@pytest.fixture
def server(store: Store) -> Store:
    if store.backend != "postgresql":
        pytest.skip("a SQLite file has no server to lose")
    return store


def test_a_connection_dropped_while_unused_is_replaced_before_use(
    server: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _pooled_backend(server)
    _drop(server, first)
    monkeypatch.setattr(engine, "PING_AFTER_IDLE_S", 0.0)  # it has sat unused long enough
    assert _pooled_backend(server) != first


def test_a_connection_dropped_within_moments_fails_once_then_the_next_use_works(
    server: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PING_AFTER_IDLE_S", 3600.0)  # never idle long enough
    first = _pooled_backend(server)
    _drop(server, first)
    with pytest.raises(StorageError):
        _pooled_backend(server)
    assert _pooled_backend(server) != first
