"""Durable file writes: a temporary file beside the target, fsync of files and of folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def temporary_file(folder: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".consult-", suffix=suffix)
    os.close(handle)
    return Path(name)


def replace_durably(part: Path, target: Path) -> None:
    """Put the finished file `part` in place of `target` in one rename that survives a power cut."""
    fsync_file(part)
    os.replace(part, target)
    fsync_dir(target.parent)
