"""The database layer loaded while the key file's password is checked.

Unlocking an encrypted file derives its key from the password (argon2id, 64 MiB), which runs
in C without Python's lock for a good part of the time to the first page; the modules the
sign-in goes on to need (SQLAlchemy, our store and services, the mapped rows, the clinic's
content) load meanwhile on another thread instead of after it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# What signing in, the start's quick look and the first page of clients import next.
MODULES = (
    "consult_app.services.startup",
    "consult_app.services.backups",
    "consult_app.services.clients",
    "consult_app.services.clinic",
)


def _load() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        from consult_app.content.bundle import default_content
        from consult_app.store.rows import map_every_row

        map_every_row()
        default_content()
    except Exception:  # the sign-in's own import or read raises it again, where it is reported
        pass


@contextmanager
def database_layer_alongside() -> Iterator[None]:
    """Load the database layer on another thread while the block runs; wait for it after."""
    loading = threading.Thread(target=_load, name="consult-preload", daemon=True)
    loading.start()
    try:
        yield
    finally:
        loading.join()
