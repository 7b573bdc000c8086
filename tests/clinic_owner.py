"""A clinic with its owner signed in, audit lines at chosen times, an owner demoted elsewhere."""

from __future__ import annotations

from datetime import datetime

from consult_app.content.bundle import Content
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import Role, User
from consult_app.services.accounts import AccountService
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.store.rows import AuditRow
from consult_app.store.store import Store
from tests.conftest import TODAY

PASSWORD = "a long password 1"

# (at, username, action, entity, entity id, detail)
Entry = tuple[datetime, str, str, str, int | None, str]


def set_up_clinic(store: Store, content: Content) -> AppContext:
    """Harbour Skin, set up by its owner "sam" (Dr Sam Patel), who is signed in."""
    context = AppContext(store=store, content=content, today=lambda: TODAY)
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin"), "Dr Sam Patel", "sam", PASSWORD
    )
    return context


def add_entries(store: Store, *entries: Entry) -> None:
    """Audit lines at chosen times (the service stamps the real time on its own)."""
    with store.writing() as uow:
        uow.session.add_all(
            AuditRow(
                at=at,
                username=username,
                action=action,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
            for at, username, action, entity, entity_id, detail in entries
        )


def demoted_elsewhere(context: AppContext) -> tuple[User, User]:
    """A second owner, Ali, demotes Sam on another desk; Sam's desk has not noticed yet.

    Returns (sam, ali), with `context` signed in as Sam again, still holding the owner role.
    """
    sam = context.user
    assert sam is not None
    ali = AccountService(context).add("ali", "Ali Khan", Role.OWNER, "ali's long password")
    context.user = ali
    AccountService(context).change(sam.id, sam.display_name, Role.PRACTITIONER, True)
    context.user = sam
    return sam, ali
