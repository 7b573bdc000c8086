"""Saving a wizard draft through the service, against a raw UPDATE of the same JSON.

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
from consult_app.services.consultations import ConsultationInput, ConsultationService

JSON_COLUMNS = ("answers", "assessment", "goals", "findings", "decisions", "plan")
OTHER_COLUMNS = ("content_versions", "outcome", "reassess_on", "wizard_page")
UPDATE = (
    "UPDATE consultations SET "
    + ", ".join(f"{c} = ?" for c in (*JSON_COLUMNS, *OTHER_COLUMNS))
    + ", updated_at = ?, updated_by = ?, version = version + 1 "
    "WHERE id = ? AND version = ? AND status = 'draft'"
)


def _bare(path: Path, key: bytes) -> Any:
    """The bare SQLCipher driver on the encrypted file, with the app's connection settings."""
    connection = sqlcipher_connect(path, key, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    context = dataset.context()
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
    values = [json.loads(v) if v is not None else None for v in stored[: len(JSON_COLUMNS)]]
    versions = {"ours": ours_draft.version, "floor": floor_draft.version}

    def ours() -> None:
        versions["ours"] = service.save_draft(ours_draft.id, versions["ours"], state).version

    def floor() -> None:
        dumped = [json.dumps(v) if v is not None else None for v in values]
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        raw.execute("BEGIN IMMEDIATE")
        found = raw.execute(
            UPDATE,
            (
                *dumped,
                *stored[len(JSON_COLUMNS) :],
                now,
                "bench",
                floor_draft.id,
                versions["floor"],
            ),
        ).rowcount
        raw.execute("COMMIT")
        if found != 1:
            raise AssertionError("the floor's draft was not saved")
        versions["floor"] += 1

    mine, bare = paired_ms(ours, floor, repeat)
    raw.close()
    return [Row("save a wizard draft, ms", mine, bare, 2.0)]
