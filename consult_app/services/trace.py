"""Batch tracing: every client treated with a cartridge lot, a device serial or a product lot,
for a manufacturer's recall or an adverse-reaction review. Practitioners and the owner only;
every search is in the audit trail with what was searched for."""

from __future__ import annotations

import csv
from pathlib import Path

from consult_app.domain.chart import LotKind, lot_key
from consult_app.domain.dates import DateStyle
from consult_app.domain.permissions import Permission
from consult_app.domain.text import safe_cell
from consult_app.domain.trace import CSV_HEADER, TraceLine
from consult_app.domain.validation import check_text
from consult_app.errors import Problem, ValidationError
from consult_app.services.access import require, use_case
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.services.files import whole_file
from consult_app.services.recall import client_name

LOT_MAX = 100  # as session_lots.value holds it


def _checked(value: str) -> str:
    typed = value.strip()
    problem = check_text("The batch or serial number", typed, limit=LOT_MAX)
    if problem is None and not lot_key(typed):
        problem = "Type the batch or serial number to trace, as printed on the box."
    if problem:
        raise ValidationError([Problem("lot", problem)])
    return typed


class TraceService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    @use_case()
    def trace(self, value: str, kind: LotKind | None = None) -> list[TraceLine]:
        """The signed-off sessions whose chart recorded `value` (any case, spaces or dashes)
        as a cartridge lot, device serial or product lot (only `kind`, when given), oldest
        first. The search, and how many sessions it found, is audited."""
        require(self.context, Permission.TRACE_BATCHES, "batch")
        typed = _checked(value)
        with self.context.store.writing() as uow:
            rows = uow.recall.traced(lot_key(typed), kind)
            what = str(kind) if kind is not None else "any"
            found = f"{len(rows)} session{'s' if len(rows) != 1 else ''}"
            self.context.audit(uow, "trace", "batch", None, f"{what} {typed!r}: {found}")
        return [
            TraceLine(
                r.client_id,
                client_name(r.first_name, r.last_name),
                r.date_of_birth,
                r.phone,
                r.session_id,
                r.session_date,
                r.number,
                r.planned,
                r.practitioner,
                r.kind,
                r.value,
            )
            for r in rows
        ]

    @use_case()
    def write_csv(self, lines: list[TraceLine], path: Path) -> Path:
        """The lines as a CSV file (UTF-8 with a byte-order mark, which Excel needs for
        non-English names), whole or not at all; no cell can run as a formula. Audited."""
        require(self.context, Permission.TRACE_BATCHES, "batch")
        details = ClinicService(self.context).details()
        style = details.date_style if details is not None else DateStyle.DAY_MONTH_YEAR
        target = Path(path).expanduser()
        with whole_file(target, ".csv.part") as part:
            with part.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(CSV_HEADER)
                writer.writerows([safe_cell(cell) for cell in line.row(style)] for line in lines)
            with self.context.store.writing() as uow:
                count = f"{len(lines)} traced session{'s' if len(lines) != 1 else ''}"
                self.context.audit(uow, "export", "batch", None, f"{count} as CSV")
        return target
