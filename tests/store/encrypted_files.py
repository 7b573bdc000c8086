"""Encrypted clinic files for tests: a client with a name to look for, and plain copies to read."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

from consult_app.domain.client import ClientDetails
from consult_app.store.cipher import connect
from consult_app.store.keyfile import KdfCost
from consult_app.store.store import open_store
from tests.clinic_files import every_row

CHEAP = KdfCost(time_cost=1, memory_cost=8, parallelism=1)  # tests only: instant, not safe
FIRST, LAST = "Quillon", "Farthingale"


def add_client(url: str, key: bytes | None, last: str = LAST) -> int:
    """Add a client (first name FIRST) to the database at `url`; returns the client's id."""
    store = open_store(url, key)
    try:
        with store.writing() as uow:
            return uow.clients.add(ClientDetails(FIRST, last, date(1981, 2, 3)), by="test").id
    finally:
        store.close()


def shows_name(path: Path, name: str = LAST) -> bool:
    """Whether `name` can be read in `path` (or its -wal) as UTF-8 or UTF-16, in any case."""
    found = b""
    for file in (path, path.with_name(f"{path.name}-wal")):
        if file.exists():
            found += file.read_bytes()
    needles = {name, name.lower(), name.upper()}
    codecs = ("utf-8", "utf-16-le", "utf-16-be")
    return any(needle.encode(codec) in found for needle in needles for codec in codecs)


def decrypted(path: Path, key: bytes) -> Path:
    """A plain copy of the encrypted file `path` beside it, for the plain-file helpers."""
    plain = path.with_name(f"{path.name}.plain")
    plain.unlink(missing_ok=True)
    with closing(connect(str(path), key, uri=False, timeout=10.0)) as connection:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    return plain


def every_row_of(path: Path, key: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the encrypted file `path` (see clinic_files.every_row)."""
    plain = decrypted(path, key)
    try:
        return every_row(plain)
    finally:
        plain.unlink()
