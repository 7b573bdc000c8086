"""Tracing a batch through the services, on an encrypted SQLite file and on PostgreSQL: every
client treated with a lot or serial however it was typed; reception refused; every search
audited with what was searched for; the CSV safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from consult_app.domain.chart import LotKind
from consult_app.domain.people import Role
from consult_app.errors import NotAllowedError, ValidationError
from consult_app.services.context import AppContext
from consult_app.services.trace import TraceService
from consult_app.store.rows import AuditRow
from tests.accounts import signed_in
from tests.conftest import TODAY
from tests.treatment_sessions import DEVICE, Course, course_for


@pytest.fixture
def context(encrypted_context: AppContext) -> AppContext:
    return encrypted_context


def _as(context: AppContext, role: Role) -> AppContext:
    return signed_in(AppContext(store=context.store, content=context.content), role)


def _treated(context: AppContext) -> tuple[Course, Course, Course]:
    """Three clients; two were treated with cartridge lot AB-1234 (typed two ways)."""
    ada = course_for(context, "Ada", "Adams")
    ben = course_for(context, "Ben", "Brown")
    cat = course_for(context, "Cat", "Clark")
    for course in (ada, ben):
        course.clock = cat.clock
    ada.treat(TODAY, lot="AB-1234")
    ben.treat(TODAY, lot="ab 1234", product_lot="SER-9")
    cat.treat(TODAY, lot="ZZ-0001")
    ada.treat(TODAY + timedelta(weeks=4), lot="AB1234")
    return ada, ben, cat


def _audit(context: AppContext, action: str) -> list[tuple[str, str, str]]:
    with context.store.reading() as uow:
        rows = uow.session.scalars(
            select(AuditRow).where(AuditRow.entity == "batch", AuditRow.action == action)
        ).all()
        return [(r.username, r.action, r.detail) for r in rows]


def test_a_lot_finds_every_session_that_used_it_however_it_was_typed(
    context: AppContext,
) -> None:
    ada, ben, _cat = _treated(context)
    lines = TraceService(context).trace("  ab–12 34 ")
    found = [(line.client_name, line.session_date, line.number, line.value) for line in lines]
    assert found == [
        ("Ada Adams", TODAY, 1, "AB-1234"),
        ("Ben Brown", TODAY, 1, "ab 1234"),
        ("Ada Adams", TODAY + timedelta(weeks=4), 2, "AB1234"),
    ]
    assert [line.planned for line in lines] == [3, 3, 3]  # the plan's sessions, for "2 of 3"
    assert {line.kind for line in lines} == {LotKind.CARTRIDGE}
    assert lines[0].client_id == ada.client_id and lines[1].client_id == ben.client_id
    assert lines[0].practitioner == "Test practitioner"
    assert str(lines[0].date_of_birth) == "1988-02-14"


def test_a_device_serial_and_a_product_lot_and_the_kind_narrows_the_search(
    context: AppContext,
) -> None:
    _treated(context)
    service = TraceService(context)
    serial = DEVICE.serial.lower().replace("-", " ")  # typed loosely
    assert len(service.trace(serial)) == 4  # every session used the one device
    assert [line.client_name for line in service.trace("ser9")] == ["Ben Brown"]
    assert service.trace("ser-9", LotKind.CARTRIDGE) == []
    assert len(service.trace("AB-1234", LotKind.CARTRIDGE)) == 3
    assert service.trace("NEVER-USED") == []


def test_every_search_is_audited_with_what_was_searched_and_reception_is_refused(
    context: AppContext,
) -> None:
    _treated(context)
    TraceService(context).trace("AB-1234", LotKind.CARTRIDGE)
    TraceService(_as(context, Role.OWNER)).trace("nothing-here")
    assert _audit(context, "trace") == [
        ("test.practitioner", "trace", "cartridge 'AB-1234': 3 sessions"),
        ("morgan.owen", "trace", "any 'nothing-here': 0 sessions"),  # the clinic's owner
    ]
    reception = TraceService(_as(context, Role.RECEPTION))
    with pytest.raises(NotAllowedError, match="Reception accounts cannot trace batches"):
        reception.trace("AB-1234")
    assert _audit(context, "refused") == [("test.reception", "refused", "trace_batches")]


@pytest.mark.parametrize("typed", ["", "   ", "--", "a\u202eb"])
def test_nothing_to_search_for_is_refused_with_a_reason(context: AppContext, typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        TraceService(context).trace(typed)
    assert refused.value.problems[0].field == "lot"


def test_the_csv_opens_in_a_spreadsheet_as_text_and_is_audited(
    context: AppContext, tmp_path: Path
) -> None:
    from consult_app.domain.client import ClientDetails
    from consult_app.services.clients import ClientService

    ada, _ben, _cat = _treated(context)
    with context.store.reading() as uow:
        client = uow.clients.get(ada.client_id)
    # A phone number a spreadsheet would read as a formula, were it not escaped.
    details = ClientDetails("Ada", "Adams", client.details.date_of_birth, phone="+44 1423 555010")
    ClientService(context).change(client.id, client.version, details)
    service = TraceService(context)
    lines = service.trace("AB-1234")
    (tmp_path / "out").mkdir()
    target = service.write_csv(lines, tmp_path / "out" / "trace.csv")
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads the names rightly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Client", "Date of birth", "Phone"] and len(rows[0]) == 8
    assert rows[1][1:] == [
        "14 Feb 1988",
        "'+44 1423 555010",
        "25 Nov 2026",
        "1 of 3",
        "Test practitioner",
        "Cartridge lot",
        "AB-1234",
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert [row[4] for row in rows[1:]] == ["1 of 3", "1 of 3", "2 of 3"]
    assert _audit(context, "export") == [
        ("test.practitioner", "export", "3 traced sessions as CSV")
    ]
    assert list((tmp_path / "out").iterdir()) == [target]  # no part file left behind
