"""Bring a database to the newest schema with the Alembic migrations in db/.

At start-up the usual answer is "already at head". That is found with one read of the version
stamp and a glance at the migration files' own `revision` lines, without importing Alembic
(about 0.2 s and 15 MiB); Alembic itself decides whenever the answer is anything else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from consult_app.paths import migrations_dir

if TYPE_CHECKING:  # Alembic itself is imported only when a migration runs (start-up time)
    from alembic.config import Config

VERSION_TABLE = "alembic_version"  # Alembic's default; db/env.py keeps it
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.*?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""^(?:"([^"\\]*)"|'([^'\\]*)')$""")


def _config() -> Config:
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


def _quoted(value: str) -> str | None:
    match = _QUOTED.match(value)
    return None if match is None else match[1] if match[1] is not None else match[2]


def plain_head_revision() -> str | None:
    """The head as the migration files state it plainly (one string revision, one string or
    None parent each, a single head); None whenever there is any doubt."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        found = {m[1]: m[2] for m in _ASSIGNMENT.finditer(source)}
        revision = _quoted(found.get("revision", ""))
        parent = found.get("down_revision")
        if revision is None or parent is None:
            return None
        if parent != "None":
            parent_revision = _quoted(parent)
            if parent_revision is None:  # a merge (a tuple) or anything unusual
                return None
            parents.add(parent_revision)
        revisions.add(revision)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def stored_revisions(engine: Engine) -> list[str]:
    """The version stamps in the database, read with plain SQL; none for a new database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return []
        return list(connection.scalars(text(f"SELECT version_num FROM {VERSION_TABLE}")))


def is_behind(engine: Engine) -> bool:
    head = plain_head_revision()
    if head is not None and stored_revisions(engine) == [head]:
        return False
    return current_revision(engine) != head_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Run every migration not yet applied, in one transaction where the backend allows."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
