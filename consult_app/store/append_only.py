"""Tables the database itself keeps append-only: signed consents, amendments, the audit trail,
and finished treatment sessions with their amendments and batch numbers.

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
        _sqlite_refusals(table, f"{table}_no", message)
    elif dialect == "postgresql":
        _postgres_refusal(
            table,
            f"{table}_refuse_change",
            f"RAISE EXCEPTION '{message}';",
            ((f"{table}_append_only", "UPDATE OR DELETE OR TRUNCATE", "STATEMENT"),),
        )


def unprotect(table: str) -> None:
    """Undo protect(), for downgrades."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
    elif dialect == "sqlite":
        _drop_sqlite_refusals(f"{table}_no")


def protect_finished(table: str, draft_status: str = "draft") -> None:
    """Make the database refuse UPDATE and DELETE of `table`'s rows once their status is no
    longer `draft_status` (and TRUNCATE of the table): a draft is saved over until it is
    finished, and from then on it stays exactly as it was finished."""
    message = f"finished {table} rows cannot be changed or deleted"
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        when = f"WHEN OLD.status <> '{draft_status}' "
        _sqlite_refusals(table, f"{table}_finished_no", message, when)
    elif dialect == "postgresql":
        _postgres_refusal(
            table,
            f"{table}_refuse_finished",
            f"IF TG_OP = 'TRUNCATE' THEN RAISE EXCEPTION '{message}'; END IF; "
            f"IF OLD.status <> '{draft_status}' THEN RAISE EXCEPTION '{message}'; END IF; "
            f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;",
            (
                (f"{table}_finished_kept", "UPDATE OR DELETE", "ROW"),
                (f"{table}_no_truncate", "TRUNCATE", "STATEMENT"),
            ),
        )


def unprotect_finished(table: str) -> None:
    """Undo protect_finished(), for downgrades."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_finished_kept ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_finished()")
    elif dialect == "sqlite":
        _drop_sqlite_refusals(f"{table}_finished_no")


def _sqlite_refusals(table: str, prefix: str, message: str, when: str = "") -> None:
    """SQLite's triggers `prefix`_update and `prefix`_delete: each aborts with `message`
    (only for a row where `when`, a "WHEN … " clause, holds)."""
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {prefix}_{event.lower()} BEFORE {event} ON {table} "
            f"{when}BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def _postgres_refusal(
    table: str, function: str, body: str, triggers: tuple[tuple[str, str, str], ...]
) -> None:
    """PostgreSQL's trigger function `function` with `body`, fired by each of `triggers`:
    (name, the events it fires before, ROW or STATEMENT)."""
    op.execute(
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
    )
    for name, events, each in triggers:
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
            f"FOR EACH {each} EXECUTE FUNCTION {function}()"
        )


def _drop_sqlite_refusals(prefix: str) -> None:
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {prefix}_{event}")
