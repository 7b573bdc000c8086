"""People who use Consult: accounts and their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    PRACTITIONER = "practitioner"
    RECEPTION = "reception"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    is_active: bool = True


PASSWORD_MIN = 10
PASSWORD_MAX = 1000  # longer adds nothing but hashing time for whoever pastes a file in
USERNAME_MAX = 63
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,62}")


def username_problem(username: str) -> str | None:
    if not USERNAME_PATTERN.fullmatch(username):
        return (
            "use 2 to 63 lower-case letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit (for example sam.patel)"
        )
    return None


def password_problem(username: str, password: str) -> str | None:
    """Why a new password will not do, or None. Length matters most; no composition rules."""
    if len(password) < PASSWORD_MIN:
        return f"use at least {PASSWORD_MIN} characters (a short sentence is easy to remember)"
    if len(password) > PASSWORD_MAX:
        return f"use at most {PASSWORD_MAX:,} characters"
    if password.strip().casefold() == username.casefold():
        return "must not be the same as the user name"
    if password != password.strip():
        return "must not start or end with a space"
    return None
