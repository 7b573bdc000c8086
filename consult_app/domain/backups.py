"""What the clinic's backups are, in words the services, the window and the command line share
(the store makes and reads the files)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from consult_app.domain.people import User


class BackupKind(StrEnum):
    """Why a backup was taken; the last part of its file name."""

    DAILY = "daily"  # the automatic one at start
    MANUAL = "manual"  # Back up now, or `consult-app backup`
    UPGRADE = "upgrade"  # before a schema upgrade
    RESTORE = "restore"  # the database as it was, before a restore replaced it
    ENCRYPT = "encrypt"  # the plain database, before it was encrypted
    UNRECORDED = ""  # named before kinds were: daily and manual alike


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    backup: Path
    previous_saved_to: Path | None  # the backup taken of the database that was replaced
    damaged_moved_to: Path | None  # where a damaged database that was replaced now lies
    # Whoever restored it, as the restored records hold their account (None: not there, or
    # switched off there). The caller hands it to whoever owns the sign-in.
    account: User | None = None
