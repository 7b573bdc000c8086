"""SQLCipher files: the key before anything else, its errors beside sqlite3's, a wrong key told
apart from damage, and plain files written out encrypted.

sqlcipher3 is pysqlite's code built on SQLCipher's own SQLite, so its connections work like
sqlite3's, but its exception classes are its own: catch both (DATABASE_ERRORS and friends).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import cast

import sqlcipher3.dbapi2 as sqlcipher

from consult_app.errors import NotEncryptedError, StorageError

KEY_BYTES = 32
PAGE_SIZE = 4096  # SQLCipher 4's default, which Consult never changes
SQLITE_HEADER = b"SQLite format 3\x00"
NOT_A_DATABASE = 26  # SQLITE_NOTADB, also SQLCipher's answer for a page whose HMAC fails
WRONG_KEY = "This database is encrypted and the key given does not open it."

DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    sqlcipher.OperationalError,
)


def keyfile_path(database: Path) -> Path:
    """The key file beside `database`: <database file name>.keys."""
    return database.with_name(f"{database.name}.keys")


def _key_literal(key: bytes) -> str:
    # A raw key in x'…' form: SQLCipher uses it as it is, with no key derivation per connection.
    if len(key) != KEY_BYTES:
        raise ValueError(f"A database key is {KEY_BYTES} bytes, not {len(key)}.")
    return f"x'{key.hex()}'"


def apply_key(connection: sqlite3.Connection, key: bytes) -> None:
    """Key a new SQLCipher connection; this must come before anything reads the file."""
    # SQLCipher logs every page it cannot decrypt to stderr; the errors raised say enough.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f'PRAGMA key = "{_key_literal(key)}"')


def connect(database: str, key: bytes, *, uri: bool, timeout: float) -> sqlite3.Connection:
    """A SQLCipher connection to `database` (a path, or a URI with uri=True), already keyed."""
    connection = sqlcipher.connect(database, uri=uri, timeout=timeout, isolation_level=None)
    apply_key(connection, key)
    return cast(sqlite3.Connection, connection)  # the same API as sqlite3's, untyped upstream


def has_sqlite_header(path: Path) -> bool:
    """Whether `path` begins like a plain SQLite database (SQLCipher's begin with random salt)."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def is_plain(path: Path) -> bool:
    return path.is_file() and has_sqlite_header(path)


def is_encrypted(database: Path) -> bool:
    """Whether `database` is a non-empty file without plain SQLite's header."""
    return database.is_file() and database.stat().st_size > 0 and not has_sqlite_header(database)


def needs_key(database: Path, key: bytes | None) -> bool:
    """Whether `database` is an encrypted clinic file (its key file lies beside it) and no key
    was given. Without the key file, a file without a header is simply not a database."""
    return key is None and is_encrypted(database) and keyfile_path(database).is_file()


def refuse_keyless(database: Path, key: bytes | None) -> None:
    """Refuse to read an encrypted database without its key, rather than call it damaged."""
    if needs_key(database, key):
        raise StorageError(
            f"The database {database} is encrypted: it opens only with its key, after signing in."
        )


def is_wrong_key(connection: sqlite3.Connection, path: Path) -> bool:
    """Whether the key on `connection` opens no page of `path` at all.

    SQLCipher reports a page that fails its HMAC as "file is not a database", whether the key
    is wrong or the page is damaged. A wrong key fails every page; damage fails some while the
    rest check out. A one-page file that fails counts as a wrong key: nothing tells them apart.
    """
    try:
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlcipher.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF != NOT_A_DATABASE:
            return False
        failed = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        return len(failed) >= max(1, path.stat().st_size // PAGE_SIZE)
    return False


def check_key_opens(database: Path, key: bytes | None) -> None:
    """Refuse, with what to do, a database file that the key (or its absence) cannot open.

    A missing or empty file is fine: it becomes a new database, encrypted when a key is given.
    """
    refuse_keyless(database, key)
    if key is None or not database.is_file() or database.stat().st_size == 0:
        return
    if has_sqlite_header(database):
        raise NotEncryptedError(
            f"The database {database} is not encrypted yet; it must be converted before it "
            "is opened with a key."
        )
    uri = f"{database.absolute().as_uri()}?mode=ro"
    with closing(connect(uri, key, uri=True, timeout=10.0)) as connection:
        if is_wrong_key(connection, database):
            raise StorageError(WRONG_KEY)


def export_encrypted(source: Path, target: Path, key: bytes, *, mode: str = "ro") -> None:
    """Write the plain database `source` (opened in `mode`, only read) into the new file
    `target`, encrypted with `key`."""
    with closing(connect(str(target), key, uri=False, timeout=10.0)) as connection:
        source_uri = f"{source.absolute().as_uri()}?mode={mode}"
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (source_uri,))
        connection.execute("SELECT sqlcipher_export('main', 'plain')")
        # sqlcipher_export leaves these header fields at 0; copy them so nothing is lost.
        for field in ("user_version", "application_id"):
            value = int(connection.execute(f"PRAGMA plain.{field}").fetchone()[0])
            connection.execute(f"PRAGMA main.{field} = {value}")
        connection.execute("DETACH DATABASE plain")
