"""Tables the database itself keeps append-only: signed consents, amendments, the audit trail.

Used by the migrations, so no code path (ours or a hand-run SQL session) can rewrite what was
signed or audited. Changing what this emits needs a new migration, never an edit of an old one.
"""

from __future__ import annotations

from alembic import op


def protect(table: str) -> None:
    """Make the database refuse UPDATE and DELETE (and TRUNCATE) on `table`."""
    message = f"{table} rows are append-only and cannot be changed or deleted"
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change()"
        )


def unprotect(table: str) -> None:
    """Undo protect(), for downgrades."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
    elif dialect == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
