"""The key file beside an encrypted database: its one random key, wrapped once per secret.

Each entry ("user:<name>" per account) holds the database key encrypted with AES-256-GCM under
a key derived from that password with argon2id. Adding an account or changing a password
rewrites one entry, never the database. Each entry keeps its own salt, nonce and argon2 cost,
so entries written under an older default still open. (The recovery key is not in here: it is
the database key itself, written out for the owner; see services/signin.py.)

File format (JSON): {"format": 1, "key_check": hex, "entries": {name: {"kdf": "argon2id",
"time_cost", "memory_cost", "parallelism", "salt", "nonce", "wrapped"}}}, bytes in base64.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from consult_app.errors import SignInError, StorageError
from consult_app.store.cipher import KEY_BYTES, keyfile_path
from consult_app.store.files import replace_durably, temporary_file

__all__ = [
    "DEFAULT_COST",
    "KdfCost",
    "KeyFile",
    "keyfile_path",
    "new_database_key",
    "user_entry",
]

FORMAT = 1
WRONG_SECRET = "The user name or password is not right."
_SALT_BYTES = 16
_NONCE_BYTES = 12  # AES-GCM's standard nonce


@dataclass(frozen=True, slots=True)
class KdfCost:
    """argon2id's cost; stored in every entry, so a later default never strands old entries."""

    time_cost: int = 3
    memory_cost: int = 65_536  # KiB (64 MiB); about 0.1 s on a two-core office PC
    parallelism: int = 2


DEFAULT_COST = KdfCost()


@dataclass(frozen=True, slots=True)
class _Entry:
    cost: KdfCost
    salt: bytes
    nonce: bytes
    wrapped: bytes


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def user_entry(username: str) -> str:
    """The entry name for an account's password."""
    return f"user:{username}"


def _key_check(key: bytes) -> str:
    # Lets set_entry refuse to wrap a key that is not this database's (it would lock that
    # account out); an HMAC of a constant reveals nothing about a random 32-byte key.
    return hmac.new(key, b"consult database key", hashlib.sha256).hexdigest()


def _wrapping_key(secret: str, salt: bytes, cost: KdfCost) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_cost,
        parallelism=cost.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _wrap(name: str, secret: str, key: bytes, cost: KdfCost) -> _Entry:
    salt, nonce = secrets.token_bytes(_SALT_BYTES), secrets.token_bytes(_NONCE_BYTES)
    # The entry's name is authenticated with it, so an entry copied under another name fails.
    wrapped = AESGCM(_wrapping_key(secret, salt, cost)).encrypt(nonce, key, name.encode())
    return _Entry(cost, salt, nonce, wrapped)


def _unwrap(name: str, secret: str, entry: _Entry) -> bytes | None:
    aead = AESGCM(_wrapping_key(secret, entry.salt, entry.cost))
    try:
        return aead.decrypt(entry.nonce, entry.wrapped, name.encode())
    except InvalidTag:
        return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _entry_json(entry: _Entry) -> dict[str, Any]:
    return {
        "kdf": "argon2id",
        "time_cost": entry.cost.time_cost,
        "memory_cost": entry.cost.memory_cost,
        "parallelism": entry.cost.parallelism,
        "salt": _b64(entry.salt),
        "nonce": _b64(entry.nonce),
        "wrapped": _b64(entry.wrapped),
    }


def _entry_from_json(found: dict[str, Any]) -> _Entry:
    if found["kdf"] != "argon2id":
        raise ValueError(f"unknown key derivation {found['kdf']!r}")
    cost = KdfCost(int(found["time_cost"]), int(found["memory_cost"]), int(found["parallelism"]))
    # An edited file must not make unlocking fail deep in argon2, or take hours, or all memory.
    if not (1 <= cost.time_cost <= 50 and 1 <= cost.parallelism <= 64):
        raise ValueError("a key derivation cost out of range")
    if not 8 * cost.parallelism <= cost.memory_cost <= 4 * 1024 * 1024:
        raise ValueError("a key derivation memory cost out of range")
    salt, nonce, wrapped = (
        base64.b64decode(found[field], validate=True) for field in ("salt", "nonce", "wrapped")
    )
    if len(nonce) != _NONCE_BYTES or len(salt) < 8:
        raise ValueError("a salt or nonce of the wrong size")
    return _Entry(cost, salt, nonce, wrapped)


class KeyFile:
    """The key file of one database. Load it with KeyFile.load, start one with KeyFile.create."""

    def __init__(self, database: Path, key_check: str, entries: dict[str, _Entry]) -> None:
        self.database = Path(database).absolute()
        self.path = keyfile_path(self.database)
        self._key_check = key_check
        self._entries = entries

    @classmethod
    def create(
        cls,
        database: Path,
        key: bytes,
    ) -> KeyFile:
        """A new key file for `database` holding `key`, with no entries yet: add each account
        with set_entry. Refuses to replace an existing key file (that would
        lose the only way into the database it belongs to)."""
        created = cls(database, _key_check(key), {})
        if created.path.exists():
            raise StorageError(
                f"{created.path} already exists: this database already has its key file. "
                "Nothing was changed."
            )
        created._save({})
        return created

    @classmethod
    def load(cls, database: Path) -> KeyFile | None:
        """The key file beside `database`, or None when there is none (a plain database)."""
        path = keyfile_path(Path(database).absolute())
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(f"The key file {path} cannot be read ({exc.strerror}).") from None
        try:
            found = json.loads(data.decode("utf-8"))
            if found["format"] != FORMAT:
                raise ValueError(f"format {found['format']!r}, made by a newer Consult?")
            entries = {str(n): _entry_from_json(e) for n, e in found["entries"].items()}
            key_check = str(found["key_check"])
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise StorageError(
                f"The key file {path} is damaged ({type(exc).__name__}: {exc}). Put back a "
                "copy of it: the database cannot be opened without it."
            ) from None
        return cls(database, key_check, entries)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def holds(self, key: bytes) -> bool:
        """Whether `key` is the database key this file wraps."""
        return hmac.compare_digest(_key_check(key), self._key_check)

    def unlock(self, name: str, secret: str) -> bytes:
        """The database key, unwrapped with entry `name`'s secret (a password)."""
        entry = self._entries.get(name)
        if entry is None:
            # The same work as a real attempt, so timing does not tell which names exist.
            _wrapping_key(secret, secrets.token_bytes(_SALT_BYTES), DEFAULT_COST)
            raise SignInError(WRONG_SECRET)
        key = _unwrap(name, secret, entry)
        if key is None:
            raise SignInError(WRONG_SECRET)
        return key

    def set_entry(self, name: str, secret: str, key: bytes, cost: KdfCost | None = None) -> None:
        """Add or replace entry `name` (an account's password is `secret`), and save; at
        DEFAULT_COST unless `cost` is given (looked up now, so the test suite can lower it)."""
        if not self.holds(key):
            raise ValueError("That is not this database's key.")
        entries = self._latest_entries()
        entries[name] = _wrap(name, secret, key, DEFAULT_COST if cost is None else cost)
        self._save(entries)

    @contextmanager
    def undone_on_failure(self) -> Iterator[None]:
        """Entries set or removed in the block are put back if the block fails: the database
        transaction they belong with did not commit, and the two must keep agreeing."""
        before = self._latest_entries()
        try:
            yield
        except BaseException:
            self._save(before)
            raise

    def remove_entry(self, name: str) -> None:
        """Remove entry `name` (an account that was removed) and save; the last one stays."""
        entries = self._latest_entries()
        if name not in entries:
            return
        if len(entries) == 1:
            raise StorageError("The last entry of the key file cannot be removed.")
        del entries[name]
        self._save(entries)

    def _latest_entries(self) -> dict[str, _Entry]:
        # Read again first: another workstation may have added an account since this loaded.
        latest = KeyFile.load(self.database)
        return dict((latest or self)._entries)

    def _save(self, entries: dict[str, _Entry]) -> None:
        document = {
            "format": FORMAT,
            "key_check": self._key_check,
            "entries": {name: _entry_json(e) for name, e in sorted(entries.items())},
        }
        try:
            part = temporary_file(self.path.parent, ".keys.part")
            try:
                part.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
                # Readable by whoever may read the database (a shared folder's permissions).
                like = self.path if self.path.exists() else self.database
                if like.exists():
                    os.chmod(part, stat.S_IMODE(like.stat().st_mode))
                replace_durably(part, self.path)
            finally:
                part.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(
                f"The key file {self.path} cannot be written ({exc.strerror}). Nothing was changed."
            ) from None
        self._entries = entries
