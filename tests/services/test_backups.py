"""Restore and the check at start on real files: same records back, refusals change nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.backups import BackupKind
from consult_app.domain.client import ClientDetails
from consult_app.domain.people import Role
from consult_app.errors import BackupFileError, NotAllowedError, StorageError
from consult_app.services.backups import BackupFiles, BackupService
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.store.backup import backup_files, make_backup
from consult_app.store.encrypt import encrypt_database, is_encrypted
from consult_app.store.keyfile import KeyFile, new_database_key
from consult_app.store.store import open_store
from tests.clinic_files import corrupt, every_row, fill_clinic, sqlite_path
from tests.conftest import TODAY

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def clinic(tmp_path: Path, content: Content, clock: Clock) -> BackupFiles:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    fill_clinic(url, content)
    return BackupFiles(url, now=clock)


def _signed_in(service: BackupFiles, content: Content) -> AppContext:
    """A context on the clinic's database, signed in as the owner fill_clinic set up."""
    store = open_store(service.database_url, service.key)
    context = AppContext(store, content, today=lambda: TODAY)
    with context.store.reading() as uow:
        context.user = uow.users.all()[0]
    return context


def _add_client(service: BackupFiles, content: Content, name: str) -> None:
    context = _signed_in(service, content)
    ClientService(context).add(ClientDetails(name, "Later", TODAY - timedelta(days=9000)))
    context.store.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_restore_gives_back_exactly_the_same_records(
    clinic: BackupFiles, content: Content, clock: Clock
) -> None:
    before = every_row(clinic.database)
    backup = clinic.backup_now()
    _add_client(clinic, content, "Added-after-the-backup")
    changed = every_row(clinic.database)
    assert changed != before
    clock.now += timedelta(hours=2)

    done = clinic.restore(backup)
    assert every_row(clinic.database) == before
    assert done.previous_saved_to is not None and done.previous_saved_to != backup
    assert every_row(done.previous_saved_to) == changed  # the replaced database was kept
    assert done.previous_saved_to.name.endswith("-restore.db")
    assert [p for _, p in backup_files(clinic.folder)] == [done.previous_saved_to, backup]
    open_store(clinic.database_url).close()  # the restored file opens as usual


@pytest.mark.parametrize("kind", ["junk", "other-sqlite", "damaged", "missing"])
def test_a_restore_refuses_a_bad_file_and_changes_nothing(
    clinic: BackupFiles, tmp_path: Path, kind: str
) -> None:
    offered = tmp_path / "offered.db"
    if kind == "junk":
        offered.write_bytes(b"PK\x03\x04 a zip, not a backup" * 50)
    elif kind == "other-sqlite":
        with closing(sqlite3.connect(offered)) as db:
            db.execute("CREATE TABLE photos (id INTEGER)")
    elif kind == "damaged":
        corrupt(clinic.backup_now())
        offered = backup_files(clinic.folder)[0][1]
    folder_before = _files(tmp_path)
    backups_before = _files(clinic.folder) if clinic.folder.exists() else {}
    with pytest.raises(BackupFileError):
        clinic.restore(offered)
    assert _files(tmp_path) == folder_before
    assert (_files(clinic.folder) if clinic.folder.exists() else {}) == backups_before


def test_a_restore_is_refused_while_another_connection_has_the_database_open(
    clinic: BackupFiles,
) -> None:
    backup = clinic.backup_now()
    store = open_store(clinic.database_url)
    try:
        with store.reading() as uow:
            uow.clients.get(1)
        with pytest.raises(StorageError, match="has the database open"):
            clinic.restore(backup)
    finally:
        store.close()
    assert len(backup_files(clinic.folder)) == 1


def test_a_corrupted_database_is_found_at_start_moved_aside_and_a_good_backup_offered(
    clinic: BackupFiles, clock: Clock
) -> None:
    good = clinic.backup_now()
    clock.now += timedelta(days=1)
    newer_but_damaged = clinic.backup_now()
    corrupt(newer_but_damaged)
    damaged_bytes = corrupt(clinic.database)

    clock.now += timedelta(minutes=5)
    check = clinic.check_at_start()
    assert check.is_damaged
    assert "damaged" in check.problem and "malformed" in check.problem
    assert not clinic.database.exists()
    assert check.moved_to == clinic.database.with_name("clinic.db.damaged-20261126-093500")
    assert check.moved_to.read_bytes() == damaged_bytes  # kept exactly as it was
    assert check.newest_good_backup is not None
    assert check.newest_good_backup.path == good  # the newer backup fails its own check
    assert check.newest_good_backup.taken_at == NOW

    clinic.restore(good)
    assert every_row(clinic.database) == every_row(good)
    assert clinic.check_at_start().is_damaged is False


def test_a_file_that_is_not_a_database_at_all_counts_as_damaged(clinic: BackupFiles) -> None:
    data = bytearray(clinic.database.read_bytes())
    data[:100] = b"\x00" * 100  # the header, page 1
    clinic.database.write_bytes(bytes(data))
    check = clinic.check_at_start()
    assert check.is_damaged and check.newest_good_backup is None
    assert check.moved_to is not None and check.moved_to.read_bytes() == bytes(data)


def test_a_healthy_or_missing_database_passes_the_check_untouched(
    clinic: BackupFiles, tmp_path: Path
) -> None:
    before = clinic.database.read_bytes()
    assert clinic.check_at_start().is_damaged is False
    assert clinic.database.read_bytes() == before
    missing = BackupFiles(f"sqlite:///{tmp_path / 'new.db'}")
    assert missing.check_at_start().is_damaged is False
    assert not (tmp_path / "new.db").exists()
    assert BackupFiles("postgresql+psycopg://u@h/db").check_at_start().is_damaged is False


def test_a_restore_over_a_damaged_database_moves_it_aside(clinic: BackupFiles) -> None:
    backup = clinic.backup_now()
    damaged_bytes = corrupt(clinic.database)
    done = clinic.restore(backup)
    assert done.previous_saved_to is None
    assert done.damaged_moved_to is not None
    assert done.damaged_moved_to.read_bytes() == damaged_bytes
    assert every_row(clinic.database) == every_row(backup)


def test_the_automatic_backup_runs_once_a_day(clinic: BackupFiles, clock: Clock) -> None:
    first = clinic.automatic_backup_if_due()
    assert first is not None
    clock.now += timedelta(hours=23)
    assert clinic.automatic_backup_if_due() is None
    clock.now += timedelta(hours=1)
    second = clinic.automatic_backup_if_due()
    assert second is not None
    assert [b.path for b in clinic.list_backups()] == [second, first]
    assert BackupFiles("postgresql+psycopg://u@h/db").automatic_backup_if_due() is None


@pytest.mark.parametrize("kind", ["clinic", "encrypted"])
def test_restoring_in_place_reopens_the_store_on_the_restored_file(
    request: pytest.FixtureRequest, content: Content, kind: str
) -> None:
    clinic: BackupFiles = request.getfixturevalue(kind)
    backup = clinic.backup_now()
    _add_client(clinic, content, "Added-after-the-backup")
    context = _signed_in(clinic, content)
    try:
        assert len(ClientService(context).search("")) == 3
        BackupService(context).restore(backup)
        assert len(ClientService(context).search("")) == 2
        assert context.store.key == clinic.key  # an encrypted one reopens with its key
        with pytest.raises(BackupFileError):
            BackupService(context).restore(clinic.database.with_name("nothing.db"))
        assert len(ClientService(context).search("")) == 2  # still open and working
    finally:
        context.store.close()


def test_a_backup_restores_onto_a_workstation_without_a_database(
    clinic: BackupFiles, tmp_path: Path
) -> None:
    backup = clinic.backup_now()
    fresh = BackupFiles(f"sqlite:///{tmp_path / 'fresh.db'}")
    done = fresh.restore(backup)
    assert done.previous_saved_to is None and done.damaged_moved_to is None
    assert every_row(fresh.database) == every_row(backup)


@pytest.fixture
def encrypted(tmp_path: Path, content: Content, clock: Clock) -> BackupFiles:
    """The clinic, converted to an encrypted file, and its backups service with the key."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    fill_clinic(url, content)
    key = new_database_key()
    KeyFile.create(sqlite_path(url), key)
    encrypt_database(sqlite_path(url), key)  # its backup is named for the real time
    clock.now = datetime.now(UTC) + timedelta(days=1)
    return BackupFiles(url, now=clock, key=key)


def test_an_encrypted_clinic_backs_up_and_restores_with_its_key(
    encrypted: BackupFiles, content: Content, clock: Clock
) -> None:
    assert encrypted.key is not None
    backup = encrypted.backup_now()
    assert is_encrypted(backup)
    before = every_row(backup, encrypted.key)
    _add_client(encrypted, content, "Added-after-the-backup")
    clock.now += timedelta(hours=2)
    done = encrypted.restore(backup)
    assert every_row(encrypted.database, encrypted.key) == before
    assert done.previous_saved_to is not None and is_encrypted(done.previous_saved_to)


def test_the_check_at_start_of_an_encrypted_clinic_needs_its_key(
    encrypted: BackupFiles, clock: Clock
) -> None:
    good = encrypted.backup_now()
    damaged_bytes = corrupt(encrypted.database)
    keyless = BackupFiles(encrypted.database_url, now=clock)
    assert keyless.check_at_start().is_damaged is False  # cannot tell: left for after sign-in
    assert encrypted.database.read_bytes() == damaged_bytes

    check = encrypted.check_at_start()
    assert check.is_damaged and check.moved_to is not None
    assert check.moved_to.read_bytes() == damaged_bytes
    assert check.newest_good_backup is not None and check.newest_good_backup.path == good


def test_a_restore_is_recorded_under_the_restored_records_account(
    tmp_path: Path, content: Content
) -> None:
    """Ali's account is newer than the backup: the restore is recorded under Ali's name with no
    account number (the number would be someone else's, or nobody's), and no account comes
    back for Ali to go on with; who is signed in is left to the sign-in's owner."""
    from consult_app.domain.audit import AuditFilter
    from consult_app.domain.people import Role
    from consult_app.services.accounts import AccountService
    from tests.clinic_files import set_up_clinic

    context = set_up_clinic(f"sqlite:///{tmp_path / 'clinic.db'}", content)
    backup = BackupService(context).back_up()
    context.user = AccountService(context).add("ali", "Ali Khan", Role.OWNER, "ali's long password")
    done = BackupService(context).restore(backup)
    assert done.account is None
    assert context.user is not None and context.user.username == "ali"  # not changed here
    with context.store.reading() as uow:
        [entry] = uow.audit.find(AuditFilter(action="restore"), 5, 0)
    assert (entry.username, entry.user_id, entry.detail) == ("ali", None, backup.name)
    context.store.close()


def test_a_restore_returns_the_restorers_account_as_the_restored_records_hold_it(
    tmp_path: Path, content: Content
) -> None:
    from tests.clinic_files import set_up_clinic

    context = set_up_clinic(f"sqlite:///{tmp_path / 'clinic.db'}", content)
    owner = context.user
    backup = BackupService(context).back_up()
    done = BackupService(context).restore(backup)
    assert done.account == owner and context.user == owner
    context.store.close()


def test_back_up_now_keeps_this_mornings_daily_backup(clinic: BackupFiles, clock: Clock) -> None:
    """The reported bug: "Back up now" at 11:00 deleted the daily backup taken at 09:30."""
    daily = clinic.automatic_backup_if_due()
    clock.now += timedelta(hours=1, minutes=30)
    manual = clinic.backup_now()

    assert daily is not None and daily.is_file() and manual.is_file()
    listed = clinic.list_backups()
    assert [(b.path, b.kind) for b in listed] == [(manual, "manual"), (daily, "daily")]
    assert all(b.size_bytes == b.path.stat().st_size > 0 for b in listed)
    assert every_row(manual) == every_row(daily)  # both restorable copies of the clinic


def test_rotation_thins_out_only_daily_backups(clinic: BackupFiles, clock: Clock) -> None:
    """Forty days of daily backups with a manual one each afternoon: every manual backup (and
    a legacy copy from before a schema upgrade) stays; the dailies keep their 7/4/12."""
    manual = []
    for _day in range(40):
        assert clinic.automatic_backup_if_due() is not None
        clock.now += timedelta(hours=5)
        manual.append(clinic.backup_now())
        clock.now += timedelta(hours=19)
    upgrade = make_backup(clinic.database, clinic.folder, now=clock(), kind=BackupKind.UPGRADE)

    kinds = [b.kind for b in clinic.list_backups()]
    assert all(path.is_file() for path in [*manual, upgrade])
    assert kinds.count("manual") == 40 and kinds.count("upgrade") == 1
    assert 7 + 3 <= kinds.count("daily") <= 7 + 4 + 12


def test_a_manual_backup_does_not_stand_in_for_the_daily_one(
    clinic: BackupFiles, clock: Clock
) -> None:
    clinic.backup_now()
    clock.now += timedelta(minutes=5)
    daily = clinic.automatic_backup_if_due()
    assert daily is not None and daily.name.endswith("-daily.db")
    clock.now += timedelta(hours=2)
    assert clinic.automatic_backup_if_due() is None


def test_backups_from_before_kinds_were_named_are_listed_and_rotated(
    clinic: BackupFiles, clock: Clock
) -> None:
    old = clinic.backup_now()
    legacy = old.with_name(old.name.replace("-manual", ""))
    old.rename(legacy)
    assert [b.kind for b in clinic.list_backups()] == [""]
    clock.now += timedelta(hours=1)
    clinic.backup_now(kind=BackupKind.DAILY)  # the same day: the newer daily one wins
    assert not legacy.exists()


def test_the_list_of_backups_needs_an_account_that_may_take_them(
    clinic: BackupFiles, content: Content
) -> None:
    clinic.backup_now()
    context = _signed_in(clinic, content)
    try:
        assert [b.kind for b in BackupService(context).backups()] == ["manual"]
        with context.store.writing() as uow:
            reception = uow.users.add("desk", "Front desk", Role.RECEPTION, "x" * 20)
        context.user = reception
        with pytest.raises(NotAllowedError):
            BackupService(context).backups()
    finally:
        context.store.close()


def test_reception_can_neither_back_up_nor_restore_through_the_backup_service(
    clinic: BackupFiles, content: Content
) -> None:
    """The one API the GUI and the CLI use refuses reception each time, audits the refusal,
    and leaves the files as they were; the daily backup at start still runs for them."""
    from consult_app.domain.audit import AuditFilter

    backup = clinic.backup_now()
    context = _signed_in(clinic, content)
    try:
        with context.store.writing() as uow:
            context.user = uow.users.add("desk", "Front desk", Role.RECEPTION, "x" * 20)
        service = BackupService(context)
        before = _files(clinic.folder)
        for action in (
            service.back_up,
            service.backups,
            lambda: service.verify(backup),
            lambda: service.restore(backup),
        ):
            with pytest.raises(NotAllowedError):
                action()
        assert _files(clinic.folder) == before
        with context.store.reading() as uow:
            refused = uow.audit.find(AuditFilter(action="refused"), 10, 0)
        assert sorted(e.detail for e in refused) == ["back_up", "back_up", "restore", "restore"]
        assert {e.username for e in refused} == {"desk"}
        assert service.is_due() and service.automatic_backup() is not None
    finally:
        context.store.close()
