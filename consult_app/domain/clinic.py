"""The clinic's own details, printed on every document and shown in the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consult_app.domain import validation as v
from consult_app.errors import Problem, ValidationError

LOGO_MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class ClinicDetails:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo_png: bytes | None = None

    def validated(self) -> ClinicDetails:
        """Cleaned details, or ValidationError naming each field to fix."""
        clean = ClinicDetails(
            self.name.strip(),
            self.address.strip(),
            self.phone.strip(),
            self.email.strip(),
            self.logo_png,
        )
        found = [
            ("name", v.check_name("The clinic's name", clean.name, required=True)),
            ("address", v.check_text("Address", clean.address, limit=500)),
            ("phone", v.check_phone(clean.phone)),
            ("email", v.check_email(clean.email)),
        ]
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
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], logo_png: bytes | None = None) -> ClinicDetails:
        return cls(
            data.get("name", ""),
            data.get("address", ""),
            data.get("phone", ""),
            data.get("email", ""),
            logo_png,
        )
