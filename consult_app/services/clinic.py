"""The clinic's settings and the first start of a new database."""

from __future__ import annotations

import base64
import re
from dataclasses import fields, replace

from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.people import Role, User
from consult_app.domain.permissions import Permission
from consult_app.domain.validation import check_name
from consult_app.errors import Problem, ValidationError
from consult_app.services.access import require
from consult_app.services.context import AppContext

IDLE_LOCK_DEFAULT = 5  # minutes without input before the screen locks
IDLE_LOCK_RANGE = (1, 120)  # shorter would lock mid-conversation; longer leaves records open
# The clinic's details as the audit trail names them when they change (never their values).
FIELD_WORDS = {
    "name": "name",
    "address": "address",
    "phone": "phone",
    "email": "e-mail",
    "logo_png": "logo",
    "out_of_hours_phone": "out-of-hours phone",
    "time_zone": "time zone",
    "paper": "paper size",
    "date_style": "date style",
}


def _validated(details: ClinicDetails) -> ClinicDetails:
    """details.validated(), and a logo the documents can draw: bytes that are no picture
    would be stored and then stop every new document until the logo is replaced."""
    from consult_app.documents.styles import read_image
    from consult_app.errors import ConsultError

    problems: list[Problem] = []
    try:
        clean = details.validated()
    except ValidationError as exc:
        problems.extend(exc.problems)
        clean = None
    logo = details.logo_png
    if logo is not None and not any(p.field == "logo" for p in problems):
        try:
            read_image(logo, "clinic's logo")
        except ConsultError:
            unreadable = "The logo could not be read as a picture; choose a PNG or JPEG file."
            problems.append(Problem("logo", unreadable))
    if problems or clean is None:
        raise ValidationError(problems)
    return clean


def _username(display_name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", ".", display_name.casefold()).strip(".")
    return base[:60] or "owner"


class ClinicService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def details(self) -> ClinicDetails | None:
        """The clinic's details, or None when this database has not been set up yet."""
        with self.context.store.reading() as uow:
            return self._read(uow)

    @staticmethod
    def _read(uow) -> ClinicDetails | None:  # type: ignore[no-untyped-def]
        data = uow.settings.get("clinic")
        if not data:
            return None
        logo = uow.settings.get("clinic_logo")
        details = ClinicDetails.from_json(data, base64.b64decode(logo) if logo else None)
        try:  # the paper size has its own setting, older than the other details
            paper = Paper(uow.settings.get("paper", Paper.A4.value))
        except ValueError:
            paper = Paper.A4
        return replace(details, paper=paper)

    def needs_set_up(self) -> bool:
        return self.details() is None

    def set_up(
        self,
        details: ClinicDetails,
        practitioner_name: str,
        username: str | None = None,
        password: str | None = None,
    ) -> User:
        """Store the clinic and its first (owner) account in one transaction; refused once the
        clinic exists; returns the owner's account (`context.user` is not changed here).
        Without a password the account cannot sign in (tests, conversions)."""
        from consult_app.services.passwords import hash_password

        problems = []
        try:
            clean = _validated(details)
        except ValidationError as exc:
            problems.extend(exc.problems)
        name_problem = check_name("Your name", practitioner_name, required=True)
        if name_problem:
            problems.append(Problem("practitioner_name", name_problem))
        if problems:
            raise ValidationError(problems)
        with self.context.store.writing() as uow:
            if uow.settings.get("clinic"):
                raise ValidationError([Problem("clinic", "is already set up; sign in instead")])
            self._write(uow, clean)
            user = uow.users.add(
                username or _username(practitioner_name),
                practitioner_name.strip(),
                Role.OWNER,
                hash_password(password) if password else None,
            )
            # By the new owner, who is not signed in yet: whoever made this context signs
            # them in with the account returned (Gate.set_up, the window's SignedIn).
            uow.audit.record(user.username, "set_up", "clinic", None, user_id=user.id)
        return user

    def change(self, details: ClinicDetails) -> list[str]:
        """Store the owner's changes for the documents made from now on (a signed consent
        keeps the bytes it was signed with); returns what changed, as the audit names it."""
        require(self.context, Permission.CLINIC_SETTINGS, "clinic")
        clean = _validated(details)
        with self.context.store.writing() as uow:
            before = self._read(uow)
            changed = [
                FIELD_WORDS[f.name]
                for f in fields(ClinicDetails)
                if before is None or getattr(before, f.name) != getattr(clean, f.name)
            ]
            if not changed:
                return []
            self._write(uow, clean)
            self.context.audit(uow, "change", "clinic", None, "changed: " + ", ".join(changed))
        return changed

    def idle_lock_minutes(self) -> int:
        """Minutes without keyboard or mouse input before a workstation locks its screen."""
        with self.context.store.reading() as uow:
            value = uow.settings.get("idle_lock_minutes", IDLE_LOCK_DEFAULT)
        try:
            minutes = int(value)
        except (TypeError, ValueError):  # a hand-edited setting: fall back, never stay open
            return IDLE_LOCK_DEFAULT
        low, high = IDLE_LOCK_RANGE
        return min(max(minutes, low), high)

    def set_idle_lock_minutes(self, minutes: int) -> None:
        """The owner's choice, for every workstation on this database."""
        require(self.context, Permission.CLINIC_SETTINGS, "clinic")
        low, high = IDLE_LOCK_RANGE
        if not low <= minutes <= high:
            raise ValidationError(
                [Problem("idle_lock_minutes", f"choose between {low} and {high} minutes")]
            )
        with self.context.store.writing() as uow:
            uow.settings.put("idle_lock_minutes", minutes)
            self.context.audit(uow, "change", "clinic", None, f"idle lock: {minutes} min")

    def record_lock(self, reason: str) -> None:
        """Note in the audit trail that this workstation's screen locked (idle, or asked)."""
        with self.context.store.writing() as uow:
            self.context.audit(uow, "lock", "account", self._user_id(), reason)

    def _user_id(self) -> int | None:
        return self.context.user.id if self.context.user else None

    @staticmethod
    def _write(uow, details: ClinicDetails) -> None:  # type: ignore[no-untyped-def]
        uow.settings.put("clinic", details.to_json())
        logo = base64.b64encode(details.logo_png).decode("ascii") if details.logo_png else None
        uow.settings.put("clinic_logo", logo)
        uow.settings.put("paper", details.paper.value)
