"""The Qt user interface; it calls services only, never the database."""

import builtins
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

# Python's own import, kept before PySide6 puts its hook (`__feature_import__`) in its place.
# Imported after PySide6, this module takes importlib's equivalent instead of that hook.
PLAIN_IMPORT = (
    builtins.__import__ if builtins.__import__.__name__ == "__import__" else importlib.__import__
)


@contextmanager
def plain_imports() -> Iterator[None]:
    """Python's own import for the modules imported meanwhile, instead of PySide6's hook.

    For its `__feature__` switches (which Consult does not use) PySide6 reads the whole source
    of every module imported after it, looking for the word "PySide6": the window's own modules
    and the database layer (SQLAlchemy's modules and ours) cost tens of milliseconds more to
    import that way. A module imported meanwhile simply has no switches. PySide6 is imported
    first, so that its hook is the one put back afterwards.
    """
    import PySide6.QtCore  # noqa: F401  (installs the hook now, not inside the block)

    hooked = builtins.__import__
    builtins.__import__ = PLAIN_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = hooked
