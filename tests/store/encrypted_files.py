"""Encrypted clinic files for tests: a client with a name to look for, and plain copies to read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from consult_app.domain.client import ClientDetails
from consult_app.store.keyfile import KdfCost
from consult_app.store.store import open_store

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
