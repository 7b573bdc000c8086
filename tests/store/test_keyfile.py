"""The key file: each password unwraps the one database key; nothing else does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consult_app.errors import SignInError, StorageError
from consult_app.store.keyfile import (
    KdfCost,
    KeyFile,
    keyfile_path,
    new_database_key,
    user_entry,
)
from tests.store.encrypted_files import CHEAP


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "clinic.db"


def test_a_password_unwraps_the_key_and_nothing_else_does(database: Path) -> None:
    key = new_database_key()
    KeyFile.create(database, key).set_entry(user_entry("sam"), "correct horse", key, cost=CHEAP)
    keys = KeyFile.load(database)
    assert keys is not None and keys.path == keyfile_path(database.absolute())
    assert keys.names() == ["user:sam"]
    assert keys.unlock("user:sam", "correct horse") == key
    for name, secret in [("user:sam", "Correct horse"), ("user:nobody", "correct horse")]:
        with pytest.raises(SignInError, match=r"^The user name or password is not right\.$"):
            keys.unlock(name, secret)
    assert key.hex() not in keyfile_path(database).read_text()  # only ever stored wrapped


def test_changing_entries_keeps_every_other_entry(database: Path) -> None:
    key = new_database_key()
    keys = KeyFile.create(database, key)
    keys.set_entry("user:sam", "first password", key, cost=CHEAP)
    keys.set_entry("user:ann", "ann's password", key, cost=CHEAP)
    keys.set_entry("user:sam", "second password", key, cost=CHEAP)
    with pytest.raises(SignInError):
        keys.unlock("user:sam", "first password")
    assert keys.unlock("user:sam", "second password") == key
    keys.remove_entry("user:ann")
    keys.remove_entry("user:ann")  # already gone: nothing to do
    reloaded = KeyFile.load(database)
    assert reloaded is not None and reloaded.names() == ["user:sam"]
    with pytest.raises(ValueError, match="not this database's key"):
        keys.set_entry("user:eve", "password", new_database_key(), cost=CHEAP)
    assert [p.name for p in database.parent.iterdir()] == ["clinic.db.keys"]  # no temp files


def test_an_entry_added_elsewhere_is_not_lost_by_a_later_change(database: Path) -> None:
    key = new_database_key()
    here = KeyFile.create(database, key)
    there = KeyFile.load(database)
    assert there is not None
    there.set_entry("user:ann", "ann's password", key, cost=CHEAP)  # another workstation
    here.set_entry("user:sam", "sam's password", key, cost=CHEAP)
    assert here.names() == ["user:ann", "user:sam"]


def test_entries_keep_their_own_cost(database: Path) -> None:
    key = new_database_key()
    keys = KeyFile.create(database, key)
    older = KdfCost(time_cost=2, memory_cost=16, parallelism=1)
    keys.set_entry("user:old", "password", key, cost=older)
    stored = json.loads(keyfile_path(database).read_text())["entries"]["user:old"]
    assert (stored["time_cost"], stored["memory_cost"], stored["parallelism"]) == (2, 16, 1)
    loaded = KeyFile.load(database)
    assert loaded is not None and loaded.unlock("user:old", "password") == key


def test_the_default_cost_is_argon2id_at_64_mib_three_passes_two_lanes(
    database: Path, real_argon2: None
) -> None:
    # The cost is pinned by its parameters, not by a stopwatch: about 0.1 s on a two-core
    # office PC, but any number of seconds on a machine busy with other work.
    key = new_database_key()
    KeyFile.create(database, key).set_entry("user:sam", "password", key)
    stored = json.loads(keyfile_path(database).read_text())["entries"]["user:sam"]
    assert stored["kdf"] == "argon2id"
    assert (stored["time_cost"], stored["memory_cost"], stored["parallelism"]) == (3, 65_536, 2)
    loaded = KeyFile.load(database)
    assert loaded is not None and loaded.unlock("user:sam", "password") == key


def test_a_key_file_is_never_replaced_and_is_absent_for_a_plain_database(database: Path) -> None:
    assert KeyFile.load(database) is None
    first = KeyFile.create(database, new_database_key())
    before = first.path.read_bytes()
    with pytest.raises(StorageError, match="already has its key file"):
        KeyFile.create(database, new_database_key())
    assert first.path.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"format": 1, "key_check": "00", "entries": {"user:sam": {"kdf": "argon2id"}}}',
        '{"format": 1, "key_check": "00", "entries": {"user:sam": {"kdf": "argon2id", '
        '"time_cost": 1, "memory_cost": 8, "parallelism": 1, "salt": "!!", "nonce": "", '
        '"wrapped": ""}}}',
        '{"format": 9, "key_check": "00", "entries": {}}',
        '{"format": 1, "key_check": "00", "entries": {"user:sam": {"kdf": "argon2id", '
        '"time_cost": 1, "memory_cost": 1099511627776, "parallelism": 1, '
        '"salt": "AAAAAAAAAAA=", "nonce": "AAAAAAAAAAAAAAAA", "wrapped": ""}}}',
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=[
        "not-json",
        "a-list",
        "missing-fields",
        "bad-base64",
        "newer-format",
        "absurd-cost",
        "deep-nesting",
    ],
)
def test_a_damaged_key_file_says_so(database: Path, text: str) -> None:
    keyfile_path(database).write_text(text)
    with pytest.raises(StorageError, match="is damaged"):
        KeyFile.load(database)


def test_a_key_file_that_is_not_text_says_it_is_damaged(database: Path) -> None:
    keyfile_path(database).write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(StorageError, match="is damaged"):
        KeyFile.load(database)


def test_entries_changed_in_a_failed_block_are_put_back(database: Path) -> None:
    """The key file follows the database transaction it belongs with: no commit, no change."""
    key = new_database_key()
    keys = KeyFile.create(database, key)
    keys.set_entry(user_entry("sam"), "sam's long password", key, CHEAP)
    before = keys.path.read_bytes()
    with pytest.raises(RuntimeError), keys.undone_on_failure():
        keys.set_entry(user_entry("sam"), "a new password", key, CHEAP)
        keys.set_entry(user_entry("kim"), "kim's long password", key, CHEAP)
        raise RuntimeError("the commit failed")
    assert keys.path.read_bytes() == before
    assert keys.names() == [user_entry("sam")]
    assert keys.unlock(user_entry("sam"), "sam's long password") == key
    with keys.undone_on_failure():  # and a block that succeeds keeps its change
        keys.set_entry(user_entry("kim"), "kim's long password", key, CHEAP)
    assert KeyFile.load(database).names() == [user_entry("kim"), user_entry("sam")]
