"""The owner's view of the audit trail: find entries, count them, export them to a CSV file."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC
from pathlib import Path

from consult_app.domain.audit import (
    AuditEntry,
    AuditFilter,
    action_words,
    detail_words,
    entity_words,
)
from consult_app.domain.people import User
from consult_app.domain.permissions import Permission
from consult_app.domain.text import safe_cell
from consult_app.services.access import require
from consult_app.services.context import AppContext
from consult_app.services.files import whole_file

PAGE = 200
HEADINGS = ("When (UTC)", "User", "Action", "Record type", "Record number", "Client", "Detail")
# Clients a typed name may stand for: "Smith" in a large clinic is many people, all listed.
CLIENT_MATCHES = 1000
PROGRESS_EVERY = 500  # rows between progress reports: often enough for a smooth bar

Progress = Callable[[int, int], None]  # (rows written, rows expected)


def _cells(entry: AuditEntry) -> list[str]:
    return [
        entry.at.astimezone(UTC).isoformat(timespec="seconds"),
        safe_cell(entry.username),
        safe_cell(action_words(entry.action)),
        safe_cell(entity_words(entry.entity)),
        "" if entry.entity_id is None else str(entry.entity_id),
        safe_cell(entry.client_name),
        safe_cell(detail_words(entry.action, entry.detail)),
    ]


class AuditTrailService:
    """Owner only: every call checks the permission, and a refusal is itself audited."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def people(self) -> list[User]:
        """Every account, switched off or not, to choose whose entries to see."""
        require(self.context, Permission.VIEW_AUDIT, "audit")
        with self.context.store.reading() as uow:
            return uow.users.all()

    def pinned(self, wanted: AuditFilter) -> AuditFilter:
        """`wanted`, limited to the entries there are now, for a listing read page by page."""
        self._check(wanted)
        with self.context.store.reading() as uow:
            newest = uow.audit.newest_id()
            return replace(_resolved(uow, wanted), up_to_id=newest)

    def entries(self, wanted: AuditFilter, limit: int = PAGE, offset: int = 0) -> list[AuditEntry]:
        """The matching entries, newest first, `limit` of them from `offset` on."""
        self._check(wanted)
        with self.context.store.reading() as uow:
            return uow.audit.find(_resolved(uow, wanted), limit, offset)

    def count(self, wanted: AuditFilter) -> int:
        self._check(wanted)
        with self.context.store.reading() as uow:
            return uow.audit.count(_resolved(uow, wanted))

    def export_csv(self, wanted: AuditFilter, path: Path, progress: Progress | None = None) -> int:
        """Write every matching entry to `path` as CSV and return how many were written.

        UTF-8 with a byte-order mark, which Excel needs to read non-English names rightly. The
        file appears whole or not at all; the export is audited before it is put in place, so
        no export goes unrecorded.
        """
        self._check(wanted)
        with whole_file(path, ".csv.part") as part:
            written = self._write(wanted, part, progress)
            with self.context.store.writing() as uow:
                self.context.audit(uow, "export", "audit", None, f"{written} entries as CSV")
        return written

    def _write(self, wanted: AuditFilter, part: Path, progress: Progress | None) -> int:
        written = 0
        with (
            self.context.store.reading() as uow,
            part.open("w", encoding="utf-8-sig", newline="") as handle,
        ):
            wanted = _resolved(uow, wanted)
            expected = uow.audit.count(wanted)
            writer = csv.writer(handle)
            writer.writerow(HEADINGS)
            for entry in uow.audit.stream(wanted):
                writer.writerow(_cells(entry))
                written += 1
                if progress is not None and written % PROGRESS_EVERY == 0:
                    # PostgreSQL counts and reads in separate snapshots: never report > 100 %.
                    progress(written, max(expected, written))
        if progress is not None:
            progress(written, written)
        return written

    def _check(self, wanted: AuditFilter) -> None:
        require(self.context, Permission.VIEW_AUDIT, "audit")
        wanted.validated()


def _resolved(uow, wanted: AuditFilter) -> AuditFilter:  # type: ignore[no-untyped-def]
    """`wanted` with the client typed turned into the clients it finds (once per listing)."""
    if not wanted.client.strip() or wanted.client_ids is not None:
        return wanted
    return replace(wanted, client_ids=tuple(uow.clients.search_ids(wanted.client, CLIENT_MATCHES)))
