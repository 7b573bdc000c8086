"""The clinic's settings and the first start of a new database."""

from __future__ import annotations

import base64
import re

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import Role, User
from consult_app.domain.validation import check_name
from consult_app.errors import Problem, ValidationError
from consult_app.services.context import AppContext


def _username(display_name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", ".", display_name.casefold()).strip(".")
    return base[:60] or "owner"


class ClinicService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def details(self) -> ClinicDetails | None:
        """The clinic's details, or None when this database has not been set up yet."""
        with self.context.store.reading() as uow:
            data = uow.settings.get("clinic")
            logo = uow.settings.get("clinic_logo")
        if not data:
            return None
        return ClinicDetails.from_json(data, base64.b64decode(logo) if logo else None)

    def needs_set_up(self) -> bool:
        return self.details() is None

    def set_up(self, details: ClinicDetails, practitioner_name: str) -> User:
        """Store the clinic and its first (owner) account in one transaction."""
        problems = []
        try:
            clean = details.validated()
        except ValidationError as exc:
            problems.extend(exc.problems)
        name_problem = check_name("Your name", practitioner_name, required=True)
        if name_problem:
            problems.append(Problem("practitioner_name", name_problem))
        if problems:
            raise ValidationError(problems)
        with self.context.store.writing() as uow:
            self._write(uow, clean)
            user = uow.users.add(
                _username(practitioner_name), practitioner_name.strip(), Role.OWNER
            )
            uow.audit.record(user.display_name, "set_up", "clinic", None, user_id=user.id)
        self.context.user = user
        return user

    def change(self, details: ClinicDetails) -> None:
        clean = details.validated()
        with self.context.store.writing() as uow:
            self._write(uow, clean)
            uow.audit.record(self.context.actor, "change", "clinic", None)

    @staticmethod
    def _write(uow, details: ClinicDetails) -> None:  # type: ignore[no-untyped-def]
        uow.settings.put("clinic", details.to_json())
        logo = base64.b64encode(details.logo_png).decode("ascii") if details.logo_png else None
        uow.settings.put("clinic_logo", logo)
