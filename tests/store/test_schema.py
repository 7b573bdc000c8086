"""The schema comes only from the Alembic migrations, and protects what must not change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from consult_app.store.base import Base, utc_now
from consult_app.store.migrate import current_revision, head_revision
from consult_app.store.rows import AuditRow
from consult_app.store.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]


def _schema(url: str) -> dict[str, object]:
    engine = create_engine(url)
    inspector = inspect(engine)
    shape = {
        table: (
            sorted(
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ),
            sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)),
            sorted(str(fk["referred_table"]) for fk in inspector.get_foreign_keys(table)),
        )
        for table in inspector.get_table_names()
    }
    engine.dispose()
    return shape


def test_alembic_upgrade_head_equals_what_the_app_creates(tmp_path: Path) -> None:
    by_alembic = f"sqlite:///{tmp_path / 'alembic.db'}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "alembic",
            "-c",
            str(ROOT / "alembic.ini"),
            "-x",
            f"url={by_alembic}",
            "upgrade",
            "head",
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    by_app = f"sqlite:///{tmp_path / 'app.db'}"
    open_store(by_app).close()
    assert _schema(by_alembic) == _schema(by_app)
    assert "clients" in _schema(by_app)


def test_migrations_match_the_models_exactly(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []


def test_opening_again_is_at_head_and_keeps_data(database_url: str) -> None:
    first = open_store(database_url)
    with first.writing() as uow:
        uow.settings.put("clinic", {"name": "Kept"})
    first.close()
    again = open_store(database_url)
    assert current_revision(again.engine) == head_revision()
    with again.reading() as uow:
        assert uow.settings.get("clinic") == {"name": "Kept"}
    again.close()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
)
def test_audit_rows_cannot_be_changed_or_deleted(store: Store, statement: str) -> None:
    with store.writing() as uow:
        uow.audit.record("tester", "create", "client", 1)
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text(statement))
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log")).scalars().all() == [
            "create"
        ]


def test_sqlite_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_audit_row_keeps_utc_time(store: Store) -> None:
    before = utc_now()
    with store.writing() as uow:
        uow.audit.record("tester", "view", "client", 7)
    with store.reading() as uow:
        at = uow.session.query(AuditRow).one().at
    assert at >= before.replace(microsecond=0)
    assert at.utcoffset() is not None


def test_a_database_folder_that_cannot_be_made_is_a_clear_error() -> None:
    from consult_app.errors import StorageError

    with pytest.raises(StorageError, match="cannot be created"):
        open_store("sqlite:////proc/no-such-folder/consult.db")


def test_the_treatment_sessions_migration_goes_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from consult_app.store.migrate import _config

    store = open_store(database_url)
    tables = {"treatment_sessions", "session_amendments", "session_lots"}
    assert tables <= set(store.table_names())
    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert not tables & set(store.table_names())
    assert _session_triggers(store) == []  # nothing left behind
    store.close()
    again = open_store(database_url)  # upgraded to head again, protected again
    assert current_revision(again.engine) == head_revision()
    assert len(_session_triggers(again)) == (3 if again.backend == "postgresql" else 6)
    again.close()


def _session_triggers(store: Store) -> list[str]:
    """The append-only triggers (PostgreSQL: their functions) of the session tables."""
    if store.backend == "postgresql":
        query = "SELECT proname FROM pg_proc WHERE proname ~ '^(session|treatment)_.*_refuse_'"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%session%'"
    with store.engine.connect() as connection:
        return list(connection.execute(text(query)).scalars())
