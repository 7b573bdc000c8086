"""Saving a wizard draft through the service, against the bare driver running the same
statements: the account's re-read that checks the permission, the stored draft with the
client's date of birth (for screening), the version-checked UPDATE of the same JSON and the
audit row, in one write transaction.

Both commit on the same file with the app's own durability (WAL, synchronous=FULL, BEGIN
IMMEDIATE), each to a draft of its own so that neither makes the other's version stale.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.data import Dataset, sqlcipher_connect
from bench.documents import richest_consultation
from bench.measure import Row, paired_ms
from bench.rawsql import prepared
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.store.repositories.audit import audit_insert
from consult_app.store.repositories.consultations import basis_statement
from consult_app.store.repositories.users import account_statement
from consult_app.store.repositories.versioned import versioned_update
from consult_app.store.rows import ConsultationRow

JSON_COLUMNS = ("answers", "assessment", "goals", "findings", "decisions", "plan", "withdrawn")
OTHER_COLUMNS = ("content_versions", "outcome", "reassess_on", "wizard_page")
STAMP = ("updated_at", "updated_by")
AUDIT_COLUMNS = ("at", "user_id", "username", "action", "entity", "entity_id", "detail")


def _bare(path: Path, key: bytes) -> Any:
    """The bare SQLCipher driver on the encrypted file, with the app's connection settings."""
    connection = sqlcipher_connect(path, key, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    context = dataset.context()
    assert context.user is not None
    user_id, username = context.user.id, context.user.username
    service = ConsultationService(context)
    source = service.get(richest_consultation(dataset))
    state = replace(ConsultationInput.of(source), wizard_page="plan")
    ours_draft = service.start(source.client_id, state)
    floor_draft = service.start(source.client_id, state)
    assert dataset.sqlite_path is not None and dataset.key is not None
    raw = _bare(dataset.sqlite_path, dataset.key)
    columns = ", ".join((*JSON_COLUMNS, *OTHER_COLUMNS))
    stored = raw.execute(
        f"SELECT {columns} FROM consultations WHERE id = ?", (floor_draft.id,)
    ).fetchone()
    values = dict(zip((*JSON_COLUMNS, *OTHER_COLUMNS), stored, strict=True))
    for name in JSON_COLUMNS:  # as the app holds them before it writes: not yet JSON text
        values[name] = json.loads(values[name]) if values[name] is not None else None
    versions = {"ours": ours_draft.version, "floor": floor_draft.version}
    # Our exact statements, compiled before the clock starts: the floor only runs them.
    dialect = dataset.store.engine.dialect
    account_sql, account_args = prepared(account_statement(), (), dialect)
    basis_sql, basis_args = prepared(basis_statement(), (), dialect)
    table = ConsultationRow.__table__
    update_sql, update_args = prepared(
        versioned_update(table, True), (*JSON_COLUMNS, *OTHER_COLUMNS, *STAMP), dialect
    )
    audit_sql, audit_args = prepared(audit_insert(), AUDIT_COLUMNS, dialect)

    def ours() -> None:
        versions["ours"] = service.save_draft(ours_draft.id, versions["ours"], state).version

    def floor() -> None:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        written = {
            **{n: json.dumps(values[n]) if values[n] is not None else None for n in JSON_COLUMNS},
            **{n: values[n] for n in OTHER_COLUMNS},
            "updated_at": now,
            "updated_by": context.actor,
            "row_id": floor_draft.id,
            "row_version": versions["floor"],
            "row_status": "draft",
        }
        raw.execute("BEGIN IMMEDIATE")
        if raw.execute(account_sql, account_args({"user_id": user_id})).fetchone() is None:
            raise AssertionError("the floor's account is gone")
        if (
            raw.execute(basis_sql, basis_args({"consultation_id": floor_draft.id})).fetchone()
            is None
        ):
            raise AssertionError("the floor's draft is gone")
        found = raw.execute(update_sql, update_args(written)).rowcount
        entry = {
            "at": now,
            "user_id": user_id,
            "username": username,
            "action": "change",
            "entity": "consultation",
            "entity_id": floor_draft.id,
            "detail": "draft",
        }
        raw.execute(audit_sql, audit_args(entry))
        raw.execute("COMMIT")
        if found != 1:
            raise AssertionError("the floor's draft was not saved")
        versions["floor"] += 1

    mine, bare = paired_ms(ours, floor, repeat)
    raw.close()
    return [Row("save a wizard draft, ms", mine, bare, 2.0)]
