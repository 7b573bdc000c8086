"""Driver errors that are known failures become StorageError with a message and a fix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, OperationalError

from consult_app.errors import StorageError

_KNOWN = (
    (
        ("database is locked", "database is busy"),
        "The database is busy with another workstation's save. Wait a moment and try again.",
    ),
    (
        ("readonly database", "read-only"),
        "The database file is read-only. Check that this account may write to the folder it is in.",
    ),
    (
        ("database or disk is full", "no space left"),
        "The disk holding the database is full. Free some space, then try again; "
        "nothing was saved.",
    ),
    (
        ("disk i/o error",),
        "The disk could not be read or written. Check the drive; nothing was saved.",
    ),
    (
        ("file is not a database", "malformed", "corrupt"),
        "The database file is damaged. Do not keep working on it: restore the newest backup.",
    ),
    (
        ("unable to open database",),
        "The database file cannot be opened. "
        "Check the path and that the folder exists and is writable.",
    ),
    (
        (
            "connection refused",
            "could not connect",
            "connection timeout",
            "name or service not known",
            "could not translate host",
        ),
        "Cannot reach the database server. Check the network and that the server is running.",
    ),
    (
        ("password authentication failed", "authentication failed"),
        "The database server refused the user name or password in the connection address.",
    ),
    (("append-only",), "Signed consents and the audit trail cannot be changed or deleted."),
)


def known_message(driver_text: str) -> str | None:
    """The message and fix for a known driver failure, judged from the driver's own text."""
    text = driver_text.lower()
    return next((message for needles, message in _KNOWN if any(n in text for n in needles)), None)


def storage_message(error: DBAPIError) -> str | None:
    return known_message(str(error.orig))


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn known driver failures into StorageError; leave anything else to surface as a bug."""
    try:
        yield
    except DBAPIError as exc:
        message = storage_message(exc)
        if message is None and isinstance(exc, OperationalError):
            message = f"The database reported a problem: {exc.orig}"
        if message is None:
            raise
        raise StorageError(message) from exc
