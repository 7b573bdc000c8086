"""One error tree for every layer: known failures carry a message a user can act on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ConsultError(Exception):
    """A known failure with a message fit to show a user; anything else is a bug."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with some input: which field, and what to do about it."""

    field: str
    message: str

    def __str__(self) -> str:
        # A field name can come from a file; never let it start a new line or hide text.
        field = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in self.field)
        return f"{field}: {self.message}"


class ValidationError(ConsultError):
    """Input that cannot be accepted; lists every problem, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotAvailableError(ValidationError):
    """What a record does not have (yet), such as the consent of a consultation not signed:
    said in words, with no record number; nothing typed was wrong."""

    def __init__(self, message: str) -> None:
        super().__init__([Problem("consultation", message)])
        self.message = message

    def __str__(self) -> str:
        return self.message


class ContentError(ConsultError):
    """A clinic content file (resources/content) that cannot be used as it is."""

    def __init__(self, file: str, entry: str, reason: str) -> None:
        self.file = file
        self.entry = entry
        self.reason = reason
        super().__init__(f"{file}, {entry}: {reason}")


class StorageError(ConsultError):
    """The database could not do what was asked (busy, read-only, disk full, unreachable)."""


class NotFoundError(ConsultError):
    """A record that was asked for does not exist."""


class StaleRecordError(ConsultError):
    """A save based on an older copy of a record than the one stored now."""

    def __init__(self, what: str, changed_by: str | None, changed_at: str | None) -> None:
        self.changed_by = changed_by
        self.changed_at = changed_at
        who = changed_by or "someone else"
        when = f" at {changed_at}" if changed_at else ""
        super().__init__(
            f"This {what} was changed by {who}{when} after you opened it, so your changes "
            "were not saved. Reload it to see the latest version, then make your changes again."
        )


class DamagedDatabaseError(ConsultError):
    """The database file failed its integrity check; it must not be written to."""


class StillCheckingError(ConsultError):
    """A write asked for while the database's check after start is still running."""


class BackupFileError(ConsultError):
    """A file offered as a backup cannot be used: unreadable, damaged or not Consult's."""


class NotAllowedError(ConsultError):
    """The signed-in account's role may not do this (the refusal is in the audit trail)."""


class SignInError(ConsultError):
    """A sign-in that did not succeed: wrong name or password, or an account switched off."""


class NotSetUpError(ConsultError):
    """The database has no clinic yet: Consult must be opened once to set it up."""


class NotEncryptedError(ConsultError):
    """A SQLite database file from before encryption; it must be converted before use."""


class ExitCode(IntEnum):
    """What `consult-app` exits with, the same for a command and for the app started unattended."""

    OK = 0
    FAILED = 1  # the database or a file failed, or a bug
    BAD_INPUT = 2  # fix what was given (input, a backup file) or the database's state first
    NOT_ALLOWED = 3  # not signed in (no, or a wrong, user name or password) or not permitted
    # `verify`: the copy was checked, and it is not a true, current one (services/copies.py)
    COPY_NOT_CONSULT = 4  # not a PDF, or no Consult document id in it
    COPY_UNKNOWN = 5  # a consent id these records do not hold
    COPY_ALTERED = 6  # not byte for byte the stored consent, or a fingerprint that differs
    COPY_SUPERSEDED = 7  # a true copy, but a later consent or amendment exists
    STOPPED = 130  # Ctrl+C, as shells count SIGINT


# The first row the error is an instance of gives the code, so a subclass comes before its
# base. A new command's own errors get their row here, not a code of their own in the command.
EXIT_CODES: list[tuple[type[BaseException], ExitCode]] = [
    (ValidationError, ExitCode.BAD_INPUT),
    (ContentError, ExitCode.BAD_INPUT),
    (NotSetUpError, ExitCode.BAD_INPUT),
    (NotEncryptedError, ExitCode.BAD_INPUT),
    (BackupFileError, ExitCode.BAD_INPUT),
    (SignInError, ExitCode.NOT_ALLOWED),
    (NotAllowedError, ExitCode.NOT_ALLOWED),
    (ConsultError, ExitCode.FAILED),
    (KeyboardInterrupt, ExitCode.STOPPED),
]


def exit_code(error: BaseException | type[BaseException]) -> ExitCode:
    """The exit code for a failure (an error, or its class); FAILED for anything unknown."""
    kind = error if isinstance(error, type) else type(error)
    return next((code for base, code in EXIT_CODES if issubclass(kind, base)), ExitCode.FAILED)
