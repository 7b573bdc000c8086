"""Shared fixtures: real content, real databases (SQLite files, PostgreSQL when given)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from consult_app.content.bundle import Content, default_content
from consult_app.services import passwords
from consult_app.services.context import AppContext
from consult_app.store import keyfile
from consult_app.store.keyfile import KdfCost, new_database_key
from consult_app.store.store import Store, open_store
from tests.accounts import signed_in

PG_URL = os.environ.get("CONSULT_TEST_PG_URL", "")
TODAY = date(2026, 11, 25)


# argon2id at its lowest cost: instant, not safe. Accounts and key-file entries made in the
# suite's own process use it (each real-cost hash is a fraction of a second, and the suite
# makes hundreds); hashes and entries still are argon2id and are checked as in use.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHEAP_KDF = KdfCost(time_cost=1, memory_cost=8, parallelism=1)
APP_HASHER, APP_KDF = passwords._HASHER, keyfile.DEFAULT_COST


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> Iterator[None]:
    """Every test at CHEAP cost; tests about the real cost ask for `real_argon2`. Programs the
    tests start (the app, the CLI, the fault writer) run at the real cost."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", CHEAP_HASHER)
        patch.setattr(keyfile, "DEFAULT_COST", CHEAP_KDF)
        yield


@pytest.fixture
def real_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cost the app itself uses, for the tests that pin it."""
    monkeypatch.setattr(passwords, "_HASHER", APP_HASHER)
    monkeypatch.setattr(keyfile, "DEFAULT_COST", APP_KDF)


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


def clear_answers(content: Content) -> dict[str, Any]:
    """A complete set of answers (JSON form) that triggers no rule (the demo clinic's own)."""
    from consult_app.services.demo_courses import clear_answers as demo_clear_answers

    return demo_clear_answers(content.questionnaire)


def intake(content: Content, **changes: Any) -> dict[str, Any]:
    """A clear intake file's JSON, with answers overridden by `changes`."""
    return {
        "consultation_date": TODAY.isoformat(),
        "client": {"first_name": "Zoë", "last_name": "Łukasiewicz", "date_of_birth": "1990-05-24"},
        "answers": {**clear_answers(content), **changes},
        "assessment": {"fitzpatrick": 2, "concerns": ["fine_lines"]},
    }


def _fresh_postgres_url() -> str:
    """A new, empty database on the test server, so tests never see each other's rows."""
    import psycopg

    name = f"consult_test_{uuid.uuid4().hex[:12]}"
    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


def _drop_postgres(url: str) -> None:
    # The bench drops its databases the same way (waiting out the server's autovacuum).
    from bench.data import drop_database

    drop_database(PG_URL, url.rpartition("/")[2])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new empty database: a SQLite file, and the PostgreSQL server when one is given."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'consult.db'}"
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set CONSULT_TEST_PG_URL (CI always does)")
    url = _fresh_postgres_url()
    yield url
    _drop_postgres(url)


def close_when_background_work_is_done(store: Store) -> None:
    """Close `store` once the window's background reads (the client panel's courses, the
    database check, a document being made) have finished, as quitting does. A connection such
    a read still holds when the engine is disposed goes back to a pool nobody closes; psycopg
    then warns "deleted while still open" when it is collected, an error in whichever test runs
    then. A database a sign-out left is closed there too."""
    if "PySide6.QtCore" in sys.modules:  # only GUI tests start background work
        from consult_app.gui.tasks import finish_background_work

        finish_background_work()
    store.close()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    close_when_background_work_is_done(opened)


@pytest.fixture
def encrypted_store(database_url: str) -> Iterator[Store]:
    """The clinic's database as it is kept: SQLite files encrypted, or the PostgreSQL server."""
    key = new_database_key() if database_url.startswith("sqlite") else None
    opened = open_store(database_url, key)
    yield opened
    close_when_background_work_is_done(opened)


@pytest.fixture
def encrypted_context(encrypted_store: Store, content: Content) -> AppContext:
    """A practitioner signed in to `encrypted_store`, on TODAY."""
    return signed_in(AppContext(store=encrypted_store, content=content, today=lambda: TODAY))


@pytest.fixture
def context(store: Store, content: Content) -> AppContext:
    return signed_in(AppContext(store=store, content=content, today=lambda: TODAY))
