"""Alembic environment: used by the app at start-up and by `alembic` on the command line."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from consult_app.store import rows  # noqa: F401  (registers every table on the metadata)
from consult_app.store.base import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("CONSULT_DB_URL")
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Give the database: alembic -x url=sqlite:///path.db upgrade head")
    return url


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # the app passes its own connection
        _run(connection)
        return
    engine = create_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
