"""Password hashes (argon2id) and the key-file entry each account's password unlocks."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

if TYPE_CHECKING:  # signing in unwraps the key before the database layer is loaded
    from consult_app.services.context import AppContext

_HASHER = PasswordHasher()  # argon2id, with the library's current recommended cost


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def key_file_follows(context: AppContext) -> AbstractContextManager[None]:
    """Wrap a unit of work that changes key-file entries: if it does not commit, the key file
    is put back as it was (on an encrypted file the key file is what lets a password in)."""
    return context.keys.undone_on_failure() if context.keys is not None else nullcontext()


def key_entry(username: str) -> str:
    """The key file's name for an account's wrapped copy of the database key."""
    return f"user:{username}"


def store_key_for(context: AppContext, username: str, password: str) -> None:
    """Wrap the open database's key with this password (encrypted SQLite files only)."""
    if context.keys is not None and context.store.key is not None:
        context.keys.set_entry(key_entry(username), password, context.store.key)


def has_key(context: AppContext, username: str) -> bool:
    """Whether this account's password can unlock the database (always, without a key file)."""
    return context.keys is None or key_entry(username) in context.keys.names()


def drop_key_for(context: AppContext, username: str) -> None:
    if context.keys is not None and key_entry(username) in context.keys.names():
        context.keys.remove_entry(key_entry(username))
