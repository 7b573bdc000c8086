"""`consult-app backup` and `restore FILE`, and a damaged database at start, in real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_app.cli import main
from consult_app.content.bundle import Content
from consult_app.store.backup import backup_files
from tests.clinic_files import corrupt, every_row, fill_clinic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clinic_url(tmp_path: Path, content: Content) -> str:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    fill_clinic(url, content)
    return url


def _app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "consult_app", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_backup_prints_the_path_of_a_checked_backup(clinic_url: str, tmp_path: Path) -> None:
    run = _app("--db", clinic_url, "backup")
    assert run.returncode == 0, run.stderr
    written = Path(run.stdout.strip())
    assert written.parent == tmp_path / "clinic-backups"
    assert written.name.startswith("consult-") and written.suffix == ".db"
    assert "Backing up: 100%" in run.stderr
    assert every_row(written) == every_row(tmp_path / "clinic.db")


def test_restore_brings_a_backup_back_after_backing_up_the_current_database(
    clinic_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", clinic_url, "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip())
    original = every_row(backup)
    assert main(["--db", clinic_url, "demo", "--clients", "3", "--consultations", "0"]) == 0
    capsys.readouterr()

    run = _app("--db", clinic_url, "restore", str(backup))
    assert run.returncode == 0, run.stderr
    assert f"Restored {tmp_path / 'clinic.db'} from {backup}" in run.stderr
    assert "The database as it was is backed up to" in run.stderr
    assert every_row(tmp_path / "clinic.db") == original
    backups = [p for _, p in backup_files(tmp_path / "clinic-backups")]
    assert len(backups) == 2 and backup in backups
    saved = next(p for p in backups if p != backup)
    assert len(every_row(saved)["clients"]) == len(original["clients"]) + 3


@pytest.mark.parametrize(
    ("content_of", "message"),
    [
        (b"hello", "is not a Consult backup: it is not a SQLite database file"),
        (None, "cannot be read: No such file or directory"),
    ],
    ids=["not-sqlite", "missing"],
)
def test_restore_refuses_a_bad_file_with_exit_2_and_changes_nothing(
    clinic_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content_of: bytes | None,
    message: str,
) -> None:
    offered = tmp_path / "offered.db"
    if content_of is not None:
        offered.write_bytes(content_of)
    before = (tmp_path / "clinic.db").read_bytes()
    code = main(["--db", clinic_url, "restore", str(offered)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Nothing was changed." in err
    assert "Traceback" not in err
    assert (tmp_path / "clinic.db").read_bytes() == before
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
    assert main(["--db", f"sqlite:///{tmp_path / 'none.db'}", "backup"]) == 1
    assert "There is no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
    assert main(["--db", "postgresql+psycopg://consult@db.example/consult", "backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err


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
