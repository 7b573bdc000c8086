"""The audit trail as the owner reads it: filters, pages, counts, and the CSV export."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.domain.people import Role
from consult_app.errors import NotAllowedError, ValidationError
from consult_app.services.accounts import AccountService
from consult_app.services.audit_trail import HEADINGS, AuditTrailService
from consult_app.services.context import AppContext
from consult_app.store.store import Store
from tests.clinic_owner import add_entries, set_up_clinic

MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # long before any test runs


@pytest.fixture
def owner(store: Store, content: Content) -> AppContext:
    """A set-up clinic with its owner "sam" signed in, and an empty trail but for the set-up."""
    return set_up_clinic(store, content)


def a_week(store: Store) -> None:
    """Two people, a week of views and changes: one entry a day at 09:00 and 15:00 UTC."""
    add_entries(
        store,
        *(
            (MONDAY + timedelta(days=day, hours=hour), who, action, "client", 10 + day, "")
            for day in range(5)
            for hour, who, action in ((0, "sam", "view"), (6, "kim", "change"))
        ),
    )


def test_filters_pick_entries_by_user_action_record_and_time(owner: AppContext) -> None:
    a_week(owner.store)
    add_entries(owner.store, (MONDAY, "kim", "print", "consultation", 10, "consent"))
    trail = AuditTrailService(owner)
    assert trail.count(AuditFilter(username="kim")) == 6
    assert trail.count(AuditFilter(username="kim", action="change")) == 5
    assert trail.count(AuditFilter(entity="client", entity_id=10)) == 2
    assert trail.count(AuditFilter(entity="consultation", entity_id=10)) == 1
    tuesday = AuditFilter(since=MONDAY + timedelta(days=1), before=MONDAY + timedelta(days=2))
    found = trail.entries(tuesday)
    assert [(e.username, e.action, e.entity_id) for e in found] == [
        ("kim", "change", 11),
        ("sam", "view", 11),
    ]
    assert found[0].at == MONDAY + timedelta(days=1, hours=6)
    assert trail.count(AuditFilter(action="view", since=MONDAY + timedelta(days=3))) == 2
    assert trail.count(AuditFilter(username="nobody")) == 0


def test_pages_come_newest_first_without_overlap_and_a_pin_holds_them_still(
    owner: AppContext,
) -> None:
    a_week(owner.store)
    # Entries of the same instant still have one order: the later id first.
    add_entries(owner.store, *((MONDAY, "sam", "print", "handout", n, "") for n in (1, 2)))
    trail = AuditTrailService(owner)
    month = AuditFilter(since=MONDAY, before=MONDAY + timedelta(days=30))
    wanted = trail.pinned(month)
    total = trail.count(wanted)
    assert total == 12
    pages = [trail.entries(wanted, limit=5, offset=offset) for offset in range(0, total, 5)]
    assert [len(page) for page in pages] == [5, 5, 2]
    seen = [entry for page in pages for entry in page]
    assert len({entry.id for entry in seen}) == total
    assert [e.at for e in seen] == sorted((e.at for e in seen), reverse=True)
    assert [e.entity_id for e in seen[-3:]] == [2, 1, 10]
    add_entries(owner.store, (MONDAY + timedelta(days=9), "kim", "view", "client", 99, ""))
    assert trail.count(wanted) == total
    assert trail.entries(wanted, limit=1)[0].id == seen[0].id
    assert trail.count(month) == total + 1


def test_a_start_after_the_end_is_refused_with_a_clear_message(owner: AppContext) -> None:
    backwards = AuditFilter(since=MONDAY + timedelta(days=1), before=MONDAY)
    with pytest.raises(ValidationError) as refused:
        AuditTrailService(owner).entries(backwards)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("before", "the end is before the start; choose an end on or after it")
    ]
    with pytest.raises(ValidationError, match="time zone"):
        AuditTrailService(owner).count(AuditFilter(since=datetime(2025, 3, 3)))


def read_back(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_the_csv_export_reads_back_whole_and_runs_no_formulas(
    owner: AppContext, tmp_path: Path
) -> None:
    risky = ("=SUM(A1:A9)", "+44 7700", "-1", "@cmd", "\tindented", "\rreturn")
    add_entries(
        owner.store,
        *((MONDAY, "sam", "change", "client", 7, detail) for detail in risky),
        (MONDAY, "Zoë Łukasiewicz", "sign_in_failed", "account", None, "line one\nline two"),
    )
    progress: list[tuple[int, int]] = []
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "audit.csv"
    wanted = AuditFilter(since=MONDAY, before=MONDAY + timedelta(days=1))
    written = AuditTrailService(owner).export_csv(wanted, target, lambda *p: progress.append(p))
    assert written == 7
    assert progress[-1] == (7, 7)
    rows = read_back(target)
    assert tuple(rows[0]) == HEADINGS
    assert len(rows) == 8
    newest = rows[1]  # the last one added: same instant, higher id
    assert newest == [
        "2025-03-03T09:00:00+00:00",
        "Zoë Łukasiewicz",
        "Sign-in failed",
        "Account",
        "",
        "",
        "line one\nline two",
    ]
    assert [row[6] for row in rows[2:]] == ["'" + d for d in reversed(risky)]
    assert {tuple(row[1:5]) for row in rows[2:]} == {("sam", "Changed", "Client", "7")}
    assert list(folder.iterdir()) == [target], "no temporary file is left behind"


def test_an_export_is_itself_audited_and_a_failed_one_leaves_nothing(
    owner: AppContext, tmp_path: Path
) -> None:
    trail = AuditTrailService(owner)
    written = trail.export_csv(AuditFilter(), tmp_path / "all.csv")
    exports = trail.entries(AuditFilter(action="export", entity="audit"))
    assert [(e.username, e.detail) for e in exports] == [("sam", f"{written} entries as CSV")]
    missing = tmp_path / "no such folder" / "audit.csv"
    with pytest.raises(ValidationError, match="cannot be written"):
        trail.export_csv(AuditFilter(), missing)
    assert trail.count(AuditFilter(action="export")) == 1


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.RECEPTION])
def test_only_the_owner_may_read_the_trail_and_a_refusal_is_recorded(
    owner: AppContext, role: Role, tmp_path: Path
) -> None:
    sam = owner.user
    owner.user = AccountService(owner).add("kim", "Kim Lee", role, "another long password")
    trail = AuditTrailService(owner)
    attempts = (
        lambda: trail.entries(AuditFilter()),
        lambda: trail.count(AuditFilter()),
        lambda: trail.export_csv(AuditFilter(), tmp_path / "audit.csv"),
    )
    for attempt in attempts:
        with pytest.raises(NotAllowedError, match="cannot view the audit trail"):
            attempt()
    assert not (tmp_path / "audit.csv").exists()
    owner.user = sam
    refused = trail.entries(AuditFilter(action="refused", entity="audit"))
    assert [(e.username, e.detail) for e in refused] == [("kim", "view_audit")] * 3
    trail.export_csv(AuditFilter(action="refused"), tmp_path / "refusals.csv")
    rows = read_back(tmp_path / "refusals.csv")
    assert {tuple(row[1:]) for row in rows[1:]} == {
        ("kim", "Refused", "Audit trail", "", "", "may not view the audit trail")
    }


def test_nobody_signed_in_is_refused(owner: AppContext) -> None:
    owner.user = None
    with pytest.raises(NotAllowedError, match="Sign in first"):
        AuditTrailService(owner).count(AuditFilter())


def test_a_long_trail_streams_out_with_progress_along_the_way(
    owner: AppContext, tmp_path: Path
) -> None:
    add_entries(
        owner.store,
        *((MONDAY + timedelta(seconds=n), "kim", "view", "client", n, "") for n in range(1, 1201)),
    )
    progress: list[tuple[int, int]] = []
    wanted = AuditFilter(username="kim")
    written = AuditTrailService(owner).export_csv(
        wanted, tmp_path / "long.csv", lambda *p: progress.append(p)
    )
    assert written == 1200
    assert progress == [(500, 1200), (1000, 1200), (1200, 1200)]
    rows = read_back(tmp_path / "long.csv")
    assert [row[4] for row in rows[1:4]] == ["1200", "1199", "1198"]
