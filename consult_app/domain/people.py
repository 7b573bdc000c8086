"""People who use Consult: accounts and their roles."""

from __future__ import annotations

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
