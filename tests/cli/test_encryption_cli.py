"""The demo clinic is encrypted like a real one; `encrypt` converts an old file once."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from consult_app.cli import main
from consult_app.content.bundle import Content
from consult_app.errors import SignInError
from consult_app.services.clients import ClientService
from consult_app.services.demo import DEMO_PASSWORDS
from consult_app.services.signin import Gate
from consult_app.store.backup import backup_files
from consult_app.store.encrypt import is_encrypted
from tests.clinic_files import every_row, fill_clinic
from tests.store.encrypted_files import shows_name

RECOVERY = re.compile(r"(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}")


def _sign_in(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> None:
    monkeypatch.setenv("CONSULT_USER", user)
    monkeypatch.setenv("CONSULT_PASSWORD", password)


def test_the_demo_clinic_is_encrypted_and_opens_only_with_a_password_or_the_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "demo.db"
    url = f"sqlite:///{database}"
    assert main(["--db", url, "demo", "--clients", "40", "--consultations", "40"]) == 0
    recovery = RECOVERY.search(capsys.readouterr().err)
    assert recovery, "the demo prints its recovery key once"

    context = Gate(url).sign_in("reception", DEMO_PASSWORDS["reception"])
    clients = ClientService(context)
    surnames = {clients.get(i).details.last_name for i in clients.search("")[:10]}
    context.store.close()
    with (
        pytest.raises(sqlite3.DatabaseError, match="not a database"),
        closing(sqlite3.connect(database)) as plain,
    ):
        plain.execute("SELECT count(*) FROM clients").fetchall()
    assert not [name for name in surnames if shows_name(database, name)]

    with pytest.raises(SignInError, match="not right"):
        Gate(url).sign_in("owner", "practitioner-demo")
    _sign_in(monkeypatch, "owner", "wrong password")
    out = tmp_path / "handout.pdf"
    assert main(["--db", url, "handout", "aftercare", "-o", str(out)]) == 3
    assert "not right" in capsys.readouterr().err and not out.exists()

    recovered = Gate(url).recover(recovery.group(0).lower(), "owner", "a brand new password")
    recovered.store.close()
    _sign_in(monkeypatch, "owner", "a brand new password")
    assert main(["--db", url, "handout", "aftercare", "-o", str(out)]) == 0


def test_encrypt_converts_a_plain_clinic_once_with_nothing_lost(
    tmp_path: Path,
    content: Content,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = tmp_path / "old.db"
    url = f"sqlite:///{database}"
    fill_clinic(url, content)  # a clinic from before encryption; its owner has no password
    assert main(["--db", url, "backup"]) == 2  # nothing opens it until it is encrypted
    assert "not encrypted yet" in capsys.readouterr().err
    before = every_row(database)

    _sign_in(monkeypatch, "dr.sam.patel", "our clinic's new password")
    assert main(["--db", url, "encrypt"]) == 0
    captured = capsys.readouterr()
    recovery = RECOVERY.search(captured.out)
    assert recovery and "Encrypting: 100%" in captured.err
    assert is_encrypted(database)
    key = Gate(url).sign_in("dr.sam.patel", "our clinic's new password").store.key
    after = every_row(database, key)
    for table in ("clients", "consultations", "consent_records", "amendments", "settings"):
        assert after[table] == before[table]
    assert set(before["audit_log"]) <= set(after["audit_log"])
    [(_, backup)] = backup_files(tmp_path / "old-backups")  # the copy taken first…
    assert is_encrypted(backup)  # …is encrypted too once the conversion is verified
    assert not shows_name(database, "Łukasiewicz 0")

    assert main(["--db", url, "encrypt"]) == 1  # once only
    assert "not an unencrypted SQLite file" in capsys.readouterr().err
