"""The clinic's own details, printed on every document and shown in the app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from consult_app.domain import validation as v
from consult_app.domain.dates import (
    DEFAULT_TIME_ZONE,
    DateStyle,
    format_date,
    format_moment,
    time_zone,
)
from consult_app.errors import Problem, ValidationError

LOGO_MAX_BYTES = 2_000_000


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


@dataclass(frozen=True, slots=True)
class ClinicDetails:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo_png: bytes | None = None
    # Printed on the aftercare sheet for when the clinic is closed; without one the sheet
    # points to NHS 111 (see resources/content/aftercare.toml).
    out_of_hours_phone: str = ""
    time_zone: str = DEFAULT_TIME_ZONE  # IANA name: signing times print in the clinic's time
    paper: Paper = Paper.A4  # what new documents are laid out for
    date_style: DateStyle = DateStyle.DAY_MONTH_YEAR  # how new documents write dates

    def date(self, value: date) -> str:
        """A date as this clinic's documents write it: "24 Nov 2026" or "Nov 24, 2026"."""
        return format_date(value, self.date_style)

    def moment(self, at: datetime) -> str:
        """A stored moment in the clinic's own time zone and date style."""
        return format_moment(at, self.time_zone, self.date_style)

    def validated(self) -> ClinicDetails:
        """Cleaned details, or ValidationError naming each field to fix."""
        wrong = [
            Problem(field, f"{label} must be one of: {', '.join(kind)}.")
            for field, label, kind, value in (
                ("paper", "The paper size", Paper, self.paper),
                ("date_style", "The date style", DateStyle, self.date_style),
            )
            if value not in set(kind)
        ]
        if wrong:  # a value the form never offers, from a script or a hand-edited import
            raise ValidationError(wrong)
        clean = ClinicDetails(
            self.name.strip(),
            self.address.strip(),
            self.phone.strip(),
            self.email.strip(),
            self.logo_png,
            self.out_of_hours_phone.strip(),
            self.time_zone.strip() or DEFAULT_TIME_ZONE,
            Paper(self.paper),
            DateStyle(self.date_style),
        )
        found = [
            ("name", v.check_name("The clinic's name", clean.name, required=True)),
            ("address", v.check_text("Address", clean.address, limit=500)),
            ("phone", v.check_phone(clean.phone)),
            ("email", v.check_email(clean.email)),
            ("out_of_hours_phone", v.check_phone(clean.out_of_hours_phone)),
        ]
        if time_zone(clean.time_zone) is None:
            found.append(
                (
                    "time_zone",
                    f'"{clean.time_zone}" is not a time zone this computer knows; '
                    "give a name such as Europe/London.",
                )
            )
        if clean.logo_png is not None and len(clean.logo_png) > LOGO_MAX_BYTES:
            found.append(("logo", "The logo file is larger than 2 MB; use a smaller image."))
        problems = [Problem(field, message) for field, message in found if message]
        if problems:
            raise ValidationError(problems)
        return clean

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "out_of_hours_phone": self.out_of_hours_phone,
            "time_zone": self.time_zone,
            "date_style": self.date_style.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], logo_png: bytes | None = None) -> ClinicDetails:
        return cls(
            data.get("name", ""),
            data.get("address", ""),
            data.get("phone", ""),
            data.get("email", ""),
            logo_png,
            data.get("out_of_hours_phone", ""),
            data.get("time_zone", DEFAULT_TIME_ZONE),
            date_style=_date_style(data.get("date_style")),
        )


def _date_style(stored: Any) -> DateStyle:
    """The stored style; one this version does not know reads as the British default."""
    try:
        return DateStyle(stored)
    except ValueError:
        return DateStyle.DAY_MONTH_YEAR
