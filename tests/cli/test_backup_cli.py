"""`consult-app backup` and `restore FILE`, and a damaged database at start, in real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from consult_app.cli import main
from consult_app.content.bundle import Content
from consult_app.store.backup import backup_files
from tests.clinic_files import SIGN_IN, corrupt, damage_late, every_row, fill_clinic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def key(tmp_path: Path, content: Content, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """An encrypted clinic at clinic.db, and the owner signed in for every command."""
    for name, value in SIGN_IN.items():
        monkeypatch.setenv(name, value)
    found = fill_clinic(f"sqlite:///{tmp_path / 'clinic.db'}", content, encrypted=True)
    assert found is not None
    return found


@pytest.fixture
def clinic_url(tmp_path: Path, key: bytes) -> str:
    return f"sqlite:///{tmp_path / 'clinic.db'}"


def _app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "consult_app", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_backup_prints_the_path_of_a_checked_backup(
    clinic_url: str, key: bytes, tmp_path: Path
) -> None:
    run = _app("--db", clinic_url, "backup")
    assert run.returncode == 0, run.stderr
    written = Path(run.stdout.strip())
    assert written.parent == tmp_path / "clinic-backups"
    assert written.name.startswith("consult-") and written.suffix == ".db"
    assert "Backing up: 100%" in run.stderr
    assert every_row(written, key)["clients"] == every_row(tmp_path / "clinic.db", key)["clients"]
    with pytest.raises(sqlite3.DatabaseError):  # as encrypted as the database
        every_row(written)


def test_backup_and_restore_need_an_account_that_may(
    clinic_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSULT_PASSWORD", "not the password")
    run = _app("--db", clinic_url, "backup")
    assert run.returncode == 3
    assert "The user name or password is not right." in run.stderr
    monkeypatch.delenv("CONSULT_USER")
    run = _app("--db", clinic_url, "backup")
    assert run.returncode == 3 and "set CONSULT_USER and CONSULT_PASSWORD" in run.stderr
    assert not (tmp_path / "clinic-backups").exists()


def test_restore_brings_a_backup_back_after_backing_up_the_current_database(
    clinic_url: str, key: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", clinic_url, "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip())
    original = every_row(backup, key)
    assert main(["--db", clinic_url, "demo", "--clients", "3", "--consultations", "0"]) == 0
    capsys.readouterr()

    run = _app("--db", clinic_url, "restore", str(backup))
    assert run.returncode == 0, run.stderr
    assert f"Restored {tmp_path / 'clinic.db'} from {backup}" in run.stderr
    assert "The database as it was is backed up to" in run.stderr
    restored = every_row(tmp_path / "clinic.db", key)
    assert {t: rows for t, rows in restored.items() if t != "audit_log"} == {
        t: rows for t, rows in original.items() if t != "audit_log"
    }
    # The restored trail keeps what it had and adds who restored it, and from which file.
    added = set(restored["audit_log"]) - set(original["audit_log"])
    assert set(original["audit_log"]) <= set(restored["audit_log"])
    assert [(row[3], row[4], row[7]) for row in added] == [("sam", "restore", backup.name)]
    backups = [p for _, p in backup_files(tmp_path / "clinic-backups")]
    assert len(backups) == 2 and backup in backups
    saved = next(p for p in backups if p != backup)
    assert len(every_row(saved, key)["clients"]) == len(original["clients"]) + 3


@pytest.mark.parametrize(
    ("content_of", "message"),
    [
        (b"hello", "is not a Consult backup, or it is encrypted with another clinic's key"),
        (None, "cannot be read: No such file or directory"),
    ],
    ids=["not-sqlite", "missing"],
)
def test_restore_refuses_a_bad_file_with_exit_2_and_changes_nothing(
    clinic_url: str,
    key: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content_of: bytes | None,
    message: str,
) -> None:
    offered = tmp_path / "offered.db"
    if content_of is not None:
        offered.write_bytes(content_of)
    before = every_row(tmp_path / "clinic.db", key)
    code = main(["--db", clinic_url, "restore", str(offered)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Nothing was changed." in err
    assert "Traceback" not in err
    after = every_row(tmp_path / "clinic.db", key)
    assert after["clients"] == before["clients"]
    assert after["consultations"] == before["consultations"]
    added = set(after["audit_log"]) - set(before["audit_log"])
    assert [row[4] for row in added] == ["sign_in"]
    assert not (tmp_path / "clinic-backups").exists()


def test_restore_refuses_a_damaged_backup(
    clinic_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", clinic_url, "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip())
    corrupt(backup)
    assert main(["--db", clinic_url, "restore", str(backup)]) == 2
    assert "is damaged" in capsys.readouterr().err


def test_backup_errors_are_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"sqlite:///{tmp_path / 'none.db'}", "backup"]) == 2  # as the app
    assert "There is no clinic database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
    assert main(["--db", "postgresql+psycopg://consult@db.example/consult", "backup"]) == 1
    assert "without TLS" in capsys.readouterr().err


def test_the_app_will_not_open_a_damaged_database(clinic_url: str, tmp_path: Path) -> None:
    assert _app("--db", clinic_url, "backup").returncode == 0
    damaged = corrupt(tmp_path / "clinic.db")
    run = _app("--db", clinic_url, "--quit-when-ready")
    assert run.returncode == 1
    assert "is damaged" in run.stderr and "moved it aside" in run.stderr
    assert "The newest good backup is" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "clinic.db").exists()
    [aside] = tmp_path.glob("clinic.db.damaged-*[0-9]")
    assert aside.read_bytes() == damaged


def test_damage_found_only_by_the_check_after_the_first_page_is_caught_too(
    clinic_url: str, key: bytes, tmp_path: Path
) -> None:
    """The app shows its first page before the whole file is checked: damage that signing in
    and that page never read is still found, reported, moved aside and never written to."""
    assert _app("--db", clinic_url, "backup").returncode == 0
    damaged = damage_late(clinic_url, key)
    run = _app("--db", clinic_url, "--quit-when-ready")
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines() == ["ready"]  # the list showed, then the check found it
    assert "found damage" in run.stderr and "moved it aside" in run.stderr
    assert "The newest good backup is" in run.stderr and "Traceback" not in run.stderr
    [aside] = tmp_path.glob("clinic.db.damaged-*[0-9]")
    assert aside.read_bytes() == damaged  # not even the sign-in was written to it


def test_a_command_checks_the_whole_file_before_it_writes_and_says_which_backup_to_restore(
    clinic_url: str, key: bytes, tmp_path: Path
) -> None:
    assert _app("--db", clinic_url, "backup").returncode == 0
    [(_, good)] = backup_files(tmp_path / "clinic-backups")
    damaged = damage_late(clinic_url, key)
    run = _app("--db", clinic_url, "backup")
    assert run.returncode == 1 and run.stdout == ""
    assert "is damaged" in run.stderr and f"consult-app restore {good}" in run.stderr
    assert (tmp_path / "clinic.db").read_bytes() == damaged  # untouched, not even moved
    restored = _app("--db", clinic_url, "restore", str(good))
    assert restored.returncode == 0, restored.stderr
    assert _app("--db", clinic_url, "backup").returncode == 0  # checked, and whole again
