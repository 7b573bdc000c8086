"""The audit trail as people read it: entries, the filter that picks them, and their words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from consult_app.domain.permissions import Permission
from consult_app.errors import Problem, ValidationError

ACTION_WORDS: dict[str, str] = {
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "sign_out": "Signed out",
    "lock": "Locked the screen",
    "view": "Viewed",
    "create": "Added",
    "change": "Changed",
    "complete": "Completed",
    "sign": "Signed",
    "amend": "Amended",
    "withdraw": "Withdrew a finding",
    "void": "Voided",
    "discard": "Discarded (nothing answered)",
    "export": "Exported",
    "print": "Printed",
    "backup": "Backed up",
    "restore": "Restored",
    "refused": "Refused",
    "set_up": "Set up",
    "encrypt": "Encrypted",
    "recover": "Used the recovery key",
    "check_copy": "Checked a copy",
    "not_treated": "Ended without treatment",
}

ENTITY_WORDS: dict[str, str] = {
    "client": "Client",
    "consultation": "Consultation",
    "account": "Account",
    "clinic": "Clinic",
    "database": "Database",
    "handout": "Handout",
    "audit": "Audit trail",
    "document": "Document",
    "session": "Treatment session",
}


def action_words(action: str) -> str:
    """The words for an action ("Viewed" for "view"); one this version does not know, as stored."""
    return ACTION_WORDS.get(action, action)


def entity_words(entity: str) -> str:
    return ENTITY_WORDS.get(entity, entity)


def detail_words(action: str, detail: str) -> str:
    """A refusal stores the permission's name ("view_audit"); people read what it allows."""
    if action == "refused" and detail.upper() in Permission.__members__:
        return f"may not {Permission[detail.upper()].value}"
    return detail


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail; `at` is in UTC."""

    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    entity: str
    entity_id: int | None
    detail: str
    client_name: str = ""  # the client the record belongs to, for the owner's reading


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries to list; every field left empty matches everything.

    `since` is inclusive and `before` exclusive, so a day's entries are [midnight, next
    midnight). `up_to_id` pins a listing to the entries that existed when it started: entries
    added while someone pages through it would otherwise shift every later page.
    """

    since: datetime | None = None
    before: datetime | None = None
    username: str = ""
    action: str = ""
    entity: str = ""
    entity_id: int | None = None
    up_to_id: int | None = None
    # A client as typed in the Find box (name, date of birth, phone, e-mail): their own record
    # and their consultations. `client_ids` is what it found, fixed when a listing is pinned.
    client: str = ""
    client_ids: tuple[int, ...] | None = None

    def problems(self) -> list[Problem]:
        problems = [
            Problem(name, "give a time with its time zone (UTC), not a bare local time")
            for name, value in (("since", self.since), ("before", self.before))
            if value is not None and value.tzinfo is None
        ]
        if (
            not problems
            and self.since is not None
            and self.before is not None
            and self.since >= self.before
        ):
            problems.append(
                Problem("before", "the end is before the start; choose an end on or after it")
            )
        if self.entity_id is not None and self.entity_id < 1:
            problems.append(Problem("entity_id", "a record number is a whole number from 1 up"))
        return problems

    def validated(self) -> AuditFilter:
        """This filter, or ValidationError listing what is wrong with it."""
        problems = self.problems()
        if problems:
            raise ValidationError(problems)
        return self
