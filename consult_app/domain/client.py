"""A client's personal details (fields, not questions) and their validation."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from consult_app.domain import validation as v
from consult_app.domain.dates import age_on
from consult_app.errors import Problem, ValidationError

SEX_CHOICES = ("", "female", "male", "intersex", "other", "prefer_not_to_say")

_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "gp_name": "GP's name",
    "gp_practice": "GP practice",
    "emergency_contact_name": "Emergency contact's name",
    "address": "Address",
}


# Han, kana and Hangul (with their compatibility and extension blocks).
_FAMILY_FIRST_SCRIPTS = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)  # fmt: skip


def _family_first(name: str) -> bool:
    """Whether a name part is written wholly in a script that puts the family name first."""
    letters = name.replace(" ", "")
    return bool(letters) and all(
        any(low <= ord(c) <= high for low, high in _FAMILY_FIRST_SCRIPTS) for c in letters
    )


@dataclass(frozen=True, slots=True)
class ClientDetails:
    """What reception or the practitioner types about a client."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    preferred_name: str = ""
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    gp_name: str = ""
    gp_practice: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""

    def cleaned(self) -> ClientDetails:
        """Surrounding spaces removed from every text field."""
        changes = {
            f.name: getattr(self, f.name).strip()
            for f in fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        return replace(self, **changes)

    def problems(self, today: date) -> list[Problem]:
        """Everything wrong with these details, each naming its field."""
        found: list[tuple[str, str | None]] = [
            ("first_name", v.check_name("First name", self.first_name, required=True)),
            ("last_name", v.check_name("Last name", self.last_name, required=True)),
            ("date_of_birth", v.check_date_of_birth(self.date_of_birth, today)),
            ("email", v.check_email(self.email)),
            ("phone", v.check_phone(self.phone)),
            ("emergency_contact_phone", v.check_phone(self.emergency_contact_phone)),
        ]
        for name in ("preferred_name", "gp_name", "gp_practice", "emergency_contact_name"):
            found.append((name, v.check_name(_LABELS[name], getattr(self, name), required=False)))
        found.append(("address", v.check_text("Address", self.address, limit=500)))
        if self.sex not in SEX_CHOICES:
            found.append(("sex", f'"{self.sex}" is not one of the choices offered.'))
        return [Problem(name, message) for name, message in found if message]

    def validated(self, today: date) -> ClientDetails:
        """The cleaned details, or ValidationError listing every problem."""
        details = self.cleaned()
        problems = details.problems(today)
        if problems:
            raise ValidationError(problems)
        return details

    @property
    def full_name(self) -> str:
        """ "First Last"; a name written in Chinese, Japanese or Korean family name first,
        with no space between, as it is written there: 王芳, 김민지."""
        if _family_first(self.last_name) and _family_first(self.first_name):
            return f"{self.last_name}{self.first_name}"
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class Client:
    """A stored client: details plus identity and the version the copy was read at."""

    id: int
    details: ClientDetails
    version: int
    updated_at: datetime | None = None
    updated_by: str | None = None

    def age_on(self, day: date) -> int | None:
        dob = self.details.date_of_birth
        return age_on(dob, day) if dob else None


@dataclass(frozen=True, slots=True)
class ClientListing:
    """The few fields a line of the client list shows."""

    id: int
    last_name: str
    first_name: str
    date_of_birth: date
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class ClientMatches:
    """The first page of a search's matches, in list order, and how many match in all.

    Counting stops at a cap, so a one-letter search costs a page and a bounded count rather
    than every match: `total` is then the cap and `more_than` says there are more.
    """

    ids: tuple[int, ...]
    total: int
    more_than: bool = False

    @property
    def complete(self) -> bool:
        """Every match is listed."""
        return not self.more_than and len(self.ids) >= self.total

    def summary(self) -> str:
        """How many match, in words: "1 client", "412 clients", "More than 1,000 clients"."""
        if self.more_than:
            return f"More than {self.total:,} clients"
        return f"{self.total:,} client{'' if self.total == 1 else 's'}"

    def shown_note(self, typed: bool = True) -> str:
        """What the list shows when it is not every match (`typed`: something was typed to
        find them); empty when it is every match."""
        if self.complete:
            return ""
        of = f"more than {self.total:,}" if self.more_than else f"{self.total:,}"
        narrow = "keep typing to narrow it" if typed else "type in Find to narrow it"
        return f"Showing the first {len(self.ids):,} of {of} — {narrow}"
