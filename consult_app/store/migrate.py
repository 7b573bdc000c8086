"""Bring a database to the newest schema with the Alembic migrations in db/."""

from __future__ import annotations

from sqlalchemy import Engine

from consult_app.paths import migrations_dir


def _config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_behind(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Run every migration not yet applied, in one transaction where the backend allows."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
