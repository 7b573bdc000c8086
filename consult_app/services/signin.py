"""Signing in: unlocking the clinic's database with an account's password, and the first start.

An encrypted SQLite file opens only with its database key, which the key file beside it holds
wrapped once per account password (and the recovery key is the database key itself, written out
for the owner's safe, so it opens the file and its backups even if the key file is lost). On
PostgreSQL the server protects the data; the account's argon2id hash is checked there.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import (
    USERNAME_MAX,
    Role,
    User,
    password_problem,
    username_problem,
)
from consult_app.errors import Problem, SignInError, StorageError, ValidationError
from consult_app.services.passwords import key_entry, password_matches

if TYPE_CHECKING:  # argon2 and the key file are loaded only when an encrypted file opens
    from consult_app.services.context import AppContext
    from consult_app.store.keyfile import KeyFile

WRONG = "The user name or password is not right."
FREE_TRIES = 3
LONGEST_WAIT_S = 60.0

Progress = Callable[[int, int], None]


class Kind(Enum):
    NEW = "new"  # no database yet: the first start sets the clinic up, encrypted
    ENCRYPTED = "encrypted"  # an encrypted SQLite file and its key file
    PLAIN = "plain"  # a SQLite file from before encryption: converted once, after a backup
    SERVER = "server"  # PostgreSQL: the server encrypts (TLS and disk), accounts are checked


@dataclass
class Throttle:
    """A growing wait after failed sign-ins for a user name: guessing a password gets slow.

    Kept in this process only; the key file's argon2id cost is what makes offline guessing slow.
    """

    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _not_before: dict[str, float] = field(default_factory=dict)

    def wait_left(self, username: str) -> float:
        return max(0.0, self._not_before.get(username.casefold(), 0.0) - self.clock())

    def failed(self, username: str) -> None:
        name = username.casefold()
        count = self._failures.get(name, 0) + 1
        self._failures[name] = count
        if count >= FREE_TRIES:
            wait = min(LONGEST_WAIT_S, 2.0 ** (count - FREE_TRIES))
            self._not_before[name] = self.clock() + wait

    def succeeded(self, username: str) -> None:
        self._failures.pop(username.casefold(), None)
        self._not_before.pop(username.casefold(), None)


# The address Consult itself makes for a clinic's file. It is read here without SQLAlchemy, so
# that signing in unwraps the database key (argon2id: 64 MiB for a moment) before the database
# layer is loaded (some 55 MiB): the two never add up in memory. Any other address goes through
# SQLAlchemy, which reads this form the same way.
_PLAIN_SQLITE = re.compile(r"sqlite:///(?!:memory:|file:)([^?#%]+)")


def open_context(
    database_url: str, key: bytes | None = None, keys: KeyFile | None = None
) -> AppContext:
    """services/startup.py's open_context, loaded (with SQLAlchemy) only when first needed."""
    from consult_app.services.startup import open_context as opened

    return opened(database_url, key, keys)


def _check_transport(url: str, allow_insecure: bool) -> None:
    """Refuse a PostgreSQL server across the network without TLS: records would cross readable."""
    if _PLAIN_SQLITE.fullmatch(url):
        return
    from consult_app.store.engine import parse_url

    parsed = parse_url(url)
    if parsed.get_backend_name() != "postgresql" or allow_insecure:
        return
    host = parsed.host or str(parsed.query.get("host", ""))
    if host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/"):
        return
    if parsed.query.get("sslmode") in ("require", "verify-ca", "verify-full"):
        return
    raise StorageError(
        f"The database server {host} would be reached without TLS, so health records would "
        "cross the network unencrypted. Add ?sslmode=verify-full (or require) to the database "
        "address, or, only on a network you trust, set CONSULT_ALLOW_INSECURE_DB=1."
    )


class Gate:
    """Everything before a user is signed in to one database address."""

    def __init__(
        self, url: str, throttle: Throttle | None = None, *, allow_insecure: bool = False
    ) -> None:
        _check_transport(url, allow_insecure)
        self.url = url
        self.throttle = throttle or Throttle()
        self._unrecorded: list[str] = []  # failures that could not be audited yet (locked file)

    @property
    def database(self) -> Path | None:
        plain = _PLAIN_SQLITE.fullmatch(self.url)
        if plain:
            return Path(plain.group(1)).expanduser().absolute()
        from consult_app.store.backup import database_file
        from consult_app.store.engine import parse_url

        if parse_url(self.url).get_backend_name() != "sqlite":
            return None
        return database_file(self.url)

    def kind(self) -> Kind:
        from consult_app.store.cipher import is_encrypted

        database = self.database
        if database is None:
            return Kind.SERVER
        if not database.is_file() or database.stat().st_size == 0:
            return Kind.NEW
        return Kind.ENCRYPTED if is_encrypted(database) else Kind.PLAIN

    # Signing in ------------------------------------------------------------------------

    def sign_in(
        self,
        username: str,
        password: str,
        before_open: Callable[[bytes | None], None] | None = None,
        *,
        hold_writes: bool = False,
    ) -> AppContext:
        """Open the database as `username`; SignInError (one message for any wrong part) if not.

        `before_open` gets the database key before anything is opened (the quick look at
        start). With `hold_writes`, a SQLite file's writes are held until the caller's check of
        the whole file reports to `context.store.hold` (BackupService.check_database); the
        sign-in is recorded once it has passed.
        """
        username = _typed_name(username)
        self._wait_turn(username)
        context = None
        try:
            key, keys = self._unlock(username, password)
            if before_open is not None:
                before_open(key)
            context = open_context(self.url, key, keys)
            if hold_writes and self.database is not None:
                context.store.hold_writes()
            context.user = self._account(context, username, password)
            self.throttle.succeeded(username)
            self._record_sign_in(context, context.user)
        except SignInError:
            self.throttle.failed(username)
            if context is not None and context.store.hold is None:
                self._record_failure(context, username)
            else:  # recorded with the next sign-in: nothing is written before the check
                self._unrecorded.append(username)
            if context is not None:
                context.store.close()
            raise
        except BaseException:  # whatever else went wrong, no database is left open behind it
            if context is not None:
                context.store.close()
            raise
        return context

    def check_password(self, context: AppContext, username: str, password: str) -> User:
        """Unlock the screen or switch user on an open database; audited like a sign-in.

        The account is returned, not put into `context.user`: this runs off the GUI thread,
        and the window's sign-in (gui/signed_in.py) takes it on when the unlock is done."""
        username = _typed_name(username)
        self._wait_turn(username)
        try:
            if context.keys is not None:
                context.keys.unlock(key_entry(username), password)
            user = self._account(context, username, password)
        except SignInError:
            self.throttle.failed(username)
            self._record_failure(context, username)
            raise
        self.throttle.succeeded(username)
        self._record_sign_in(context, user)
        return user

    def _wait_turn(self, username: str) -> None:
        wait = self.throttle.wait_left(username)
        if wait > 0:
            raise SignInError(
                f"Too many tries for this account. Wait {math.ceil(wait)} seconds, then try again."
            )

    def sign_out(self, context: AppContext, *, at: datetime | None = None) -> None:
        """Record the sign-out, then close the database (its key goes with the engine).

        `at`: when they signed out, if that was before now (the GUI puts the records away at
        once, and this waits for the work still using the database)."""
        user, at = context.user, at or datetime.now(UTC)
        if user is not None:

            def record() -> None:
                with context.store.writing() as uow:
                    uow.audit.record(
                        user.username, "sign_out", "account", user.id, user_id=user.id, at=at
                    )

            context.store.when_checked(record)  # kept while the check after start runs
        context.user = None
        context.store.close()

    def _unlock(self, username: str, password: str) -> tuple[bytes | None, KeyFile | None]:
        from consult_app.store.keyfile import KeyFile

        kind = self.kind()
        if kind is Kind.SERVER:
            return None, None
        if kind is Kind.NEW:
            raise SignInError("This clinic has no database yet. Set it up first.")
        if kind is Kind.PLAIN:
            from consult_app.errors import NotEncryptedError

            raise NotEncryptedError(
                "This clinic's database is not encrypted yet. The owner sets a password once, "
                "and Consult encrypts it (after a backup)."
            )
        assert self.database is not None
        keys = KeyFile.load(self.database)
        if keys is None:
            raise SignInError(
                f"The key file beside {self.database} is missing, so no password can open the "
                'database. Put the key file back from a copy, or choose "Forgot your password?" '
                "when signing in to Consult and give the recovery key."
            )
        from consult_app.services.preload import database_layer_alongside

        with database_layer_alongside():
            key = keys.unlock(key_entry(username), password)
        return key, keys

    def _account(self, context: AppContext, username: str, password: str) -> User:
        # An encrypted file's key file has already proved the password; elsewhere the hash does
        # (so only then is it read: one query less before an encrypted clinic's first page).
        checks_hash = context.keys is None
        with context.store.reading() as uow:
            known = {u.username: u for u in uow.users.all()}
            stored = (
                uow.users.password_hash(username) if checks_hash and username in known else None
            )
        user = known.get(username)
        if user is None or not user.is_active:
            raise SignInError(
                WRONG if user is None else "This account is switched off. Ask the clinic owner."
            )
        if checks_hash and not password_matches(stored, password):
            raise SignInError(WRONG)
        return user

    def _record_failure(self, context: AppContext, username: str) -> None:
        with context.store.writing() as uow:
            uow.audit.record(username or "?", "sign_in_failed", "account", None)

    def _record_sign_in(self, context: AppContext, user: User) -> None:
        """Recorded now, or once the check after start has passed, with the time it happened."""
        failed, at = list(self._unrecorded), datetime.now(UTC)
        self._unrecorded.clear()

        def record() -> None:
            with context.store.writing() as uow:
                for name in failed:  # tried while the file was still locked, or unchecked
                    uow.audit.record(name or "?", "sign_in_failed", "account", None, at=at)
                uow.audit.record(
                    user.username, "sign_in", "account", user.id, user_id=user.id, at=at
                )

        context.store.when_checked(record)

    # First start, conversion, recovery ------------------------------------------------

    def set_up(
        self,
        details: ClinicDetails,
        owner_name: str,
        username: str,
        password: str,
    ) -> tuple[AppContext, str | None]:
        """A new clinic: its database (encrypted, if a SQLite file) and the owner's account.

        Returns the signed-in context and the recovery key to show the owner once (None on
        PostgreSQL, where there is no file key).
        """
        from consult_app.services.clinic import ClinicService

        _check_new_account(username, password)
        if self.kind() is Kind.SERVER:
            context = open_context(self.url)
            context.user = ClinicService(context).set_up(
                details, owner_name, username.strip(), password
            )
            return context, None
        if self.kind() is not Kind.NEW:
            raise StorageError(f"{self.database} already holds a database; sign in instead.")
        from consult_app.store.keyfile import KeyFile, keyfile_path, new_database_key

        assert self.database is not None
        key = new_database_key()
        keys = KeyFile.create(self.database, key)
        try:
            keys.set_entry(key_entry(username.strip()), password, key)
            context = open_context(self.url, key, keys)
            try:
                context.user = ClinicService(context).set_up(
                    details, owner_name, username.strip(), password
                )
            except BaseException:
                context.store.close()
                raise
        except BaseException:  # a new clinic that failed to set up leaves nothing behind
            for leftover in (self.database, keyfile_path(self.database)):
                leftover.unlink(missing_ok=True)
            raise
        return context, recovery_text(key)

    def owner_names(self) -> list[str]:
        """The active owners' user names in a file from before encryption: the accounts that
        may convert it (people rarely know the user name an earlier version made for them)."""

        if self.kind() is not Kind.PLAIN:
            return []
        context = open_context(self.url)
        try:
            with context.store.reading() as uow:
                users = uow.users.all()
        finally:
            context.store.close()
        return [u.username for u in users if u.role is Role.OWNER and u.is_active]

    def encrypt(
        self, username: str, password: str, progress: Progress | None = None
    ) -> tuple[AppContext, str]:
        """Convert a database from before encryption, once: an active owner account sets its
        password, the file is backed up, then encrypted. Returns the signed-in context and the
        recovery key to show once."""
        from consult_app.services.passwords import hash_password
        from consult_app.store.encrypt import encrypt_backups, encrypt_database
        from consult_app.store.keyfile import KeyFile, new_database_key

        if self.kind() is not Kind.PLAIN:
            raise StorageError("This database is not an unencrypted SQLite file.")
        assert self.database is not None
        problem = password_problem(username, password)
        if problem:
            raise ValidationError([Problem("password", problem)])
        plain = open_context(self.url)
        try:
            with plain.store.writing() as uow:
                user = {u.username: u for u in uow.users.all()}.get(username.strip())
                if user is None or user.role is not Role.OWNER or not user.is_active:
                    raise SignInError(
                        "Choose an active owner account: only an owner can encrypt the database."
                    )
                uow.users.set_password_hash(user.id, hash_password(password))
                plain.user = user
                plain.audit(uow, "encrypt", "database", None, "converted to an encrypted file")
        finally:
            plain.store.close()
        key = new_database_key()
        keys = KeyFile.create(self.database, key)
        keys.set_entry(key_entry(user.username), password, key)
        encrypt_database(self.database, key, progress)
        encrypt_backups(self.database, key)  # no plain copy of the records is left behind
        context = open_context(self.url, key, keys)
        context.user = user
        self._record_sign_in(context, user)
        return context, recovery_text(key)

    def recover(self, recovery_key: str, username: str, new_password: str) -> AppContext:
        """Open with the recovery key and give an active owner a new password (forgotten
        password, or a lost key file). Nothing is written until the key has opened the file;
        a key file made here and left unusable by a later failure is removed again."""
        from consult_app.services.accounts import AccountService
        from consult_app.store.keyfile import KeyFile, keyfile_path

        if self.kind() is not Kind.ENCRYPTED:
            raise SignInError("A recovery key opens an encrypted clinic file; this is not one.")
        assert self.database is not None
        key = key_from_recovery_text(recovery_key)
        problem = password_problem(username.strip(), new_password)
        if problem:
            raise ValidationError([Problem("password", problem)])
        try:
            context = open_context(self.url, key)
        except StorageError:
            raise SignInError(
                "That recovery key does not open this database. Check it against the printed "
                "copy: letters and digits only, spaces and dashes do not matter."
            ) from None
        made = None
        try:
            context.keys = KeyFile.load(self.database)
            if context.keys is None or not context.keys.holds(key):
                if context.keys is not None:  # another file's keys: kept aside, not trusted
                    stale = keyfile_path(self.database)
                    stale.replace(stale.with_name(f"{stale.name}.unusable"))
                context.keys = made = KeyFile.create(self.database, key)
            with context.store.reading() as uow:
                user = {u.username: u for u in uow.users.all()}.get(username.strip())
            if user is None or user.role is not Role.OWNER or not user.is_active:
                raise SignInError("The recovery key resets an active owner's password only.")
            context.user = user
            AccountService(context).reset_password(user.id, new_password)
            with context.store.writing() as uow:
                context.audit(uow, "recover", "account", user.id, "opened with the recovery key")
        except BaseException:
            context.store.close()
            if made is not None and not made.names():
                keyfile_path(self.database).unlink(missing_ok=True)
            raise
        return context


def _typed_name(username: str) -> str:
    """A user name as typed, cut to the longest a user name can be: a pasted novel is still
    just a wrong name, and is not kept whole in the throttle or the audit trail."""
    return username.strip()[:USERNAME_MAX]


def _check_new_account(username: str, password: str) -> None:
    problems = [
        Problem(name, message)
        for name, message in (
            ("username", username_problem(username.strip())),
            ("password", password_problem(username.strip(), password)),
        )
        if message
    ]
    if problems:
        raise ValidationError(problems)


_GROUP = 4


def recovery_text(key: bytes) -> str:
    """The database key written for people: base32 in groups of four, e.g. ABCD-EFGH-…"""
    letters = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(letters[i : i + _GROUP] for i in range(0, len(letters), _GROUP))


def key_from_recovery_text(text: str) -> bytes:
    # Base32 has no 0, 1 or 8: read them as the letters people mistake them for.
    letters = "".join(ch for ch in text.upper() if ch.isalnum()).translate(
        str.maketrans("018", "OIB")
    )
    try:
        key = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise SignInError(
            "That is not a recovery key: it has 52 letters and digits (2 to 7), in groups of "
            "four. Spaces and dashes do not matter."
        )
    return key
