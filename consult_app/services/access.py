"""Who may do what. Every use case asks here before it reads or writes; a refusal is recorded
in the audit trail (in its own transaction, so it stays even though the action did not happen)."""

from __future__ import annotations

from consult_app.domain.people import Role, User
from consult_app.domain.permissions import ROLE_WORDS, Permission, allows
from consult_app.errors import NotAllowedError
from consult_app.services.context import AppContext

REFUSED = "refused"


def signed_in(context: AppContext) -> User:
    if context.user is None:
        raise NotAllowedError("Nobody is signed in. Sign in first.")
    return context.user


def _current(context: AppContext, user: User) -> User:
    with context.store.reading() as uow:
        now = uow.users.get(user.id)
    if not now.is_active:
        context.user = None
        raise NotAllowedError(
            "Your account has been switched off by the clinic owner, so you are signed out."
        )
    context.user = now
    return now


def may(context: AppContext, permission: Permission) -> bool:
    """Whether the signed-in account may do this (for showing or hiding actions)."""
    return context.user is not None and allows(context.user.role, permission)


def require(
    context: AppContext, permission: Permission, entity: str, entity_id: int | None = None
) -> User:
    """The signed-in user, if their role allows `permission`; else audit and refuse.

    The account is read again each time, so an owner's change on another workstation (a new
    role, or the account switched off) applies at once, not at the next sign-in.
    """
    user = _current(context, signed_in(context))
    if allows(user.role, permission):
        return user
    with context.store.writing() as uow:
        context.audit(uow, REFUSED, entity, entity_id, permission.name.lower())
    who = "a practitioner or the clinic owner"
    if not allows(Role.PRACTITIONER, permission):
        who = "the clinic owner"
    raise NotAllowedError(
        f"{ROLE_WORDS[user.role]} accounts cannot {permission.value}. "
        f"Ask {who} if this needs doing."
    )
