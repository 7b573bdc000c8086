"""Who may do what. Every use case asks here before it reads or writes; a refusal is recorded
in the audit trail (in its own transaction, so it stays even though the action did not happen).

`use_case` makes a service method one unit of work: the account re-read, the reads and the
writes it does all share one transaction."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from consult_app.domain.people import Role, User
from consult_app.domain.permissions import ROLE_WORDS, Permission, allows
from consult_app.errors import NotAllowedError
from consult_app.services.context import AppContext

REFUSED = "refused"

_P = ParamSpec("_P")
_R = TypeVar("_R")


class _Service(Protocol):
    context: AppContext


_S = TypeVar("_S", bound=_Service)


def use_case(
    *, write: bool = True
) -> Callable[[Callable[Concatenate[_S, _P], _R]], Callable[Concatenate[_S, _P], _R]]:
    """Run a service method in one unit of work (reading only, if `write` is False): every
    unit of work it and its helpers open joins that one."""

    def wrap(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
        @functools.wraps(method)
        def run(service: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            store = service.context.store
            with store.writing() if write else store.reading():
                return method(service, *args, **kwargs)

        return run

    return wrap


def signed_in(context: AppContext) -> User:
    if context.user is None:
        raise NotAllowedError("Nobody is signed in. Sign in first.")
    return context.user


def _current(context: AppContext, user: User) -> User:
    """The account as stored now. Only read, never written back into `context.user`: a check
    may run on a worker thread (a document being made), and who is signed in changes only
    where people sign in, switch and sign out."""
    # Inside a use case's unit of work this joins it: no transaction of its own.
    with context.store.reading() as uow:
        now = uow.users.get(user.id)
    if not now.is_active:
        raise NotAllowedError(
            "Your account has been switched off by the clinic owner, so Consult cannot do this "
            "for you. Sign out, and ask the owner if this is a mistake."
        )
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

    def record_refusal() -> None:
        context.audit_alone(REFUSED, entity, entity_id, permission.name.lower())

    # After the use case's unit of work (if one is open) has rolled back, so the entry stays.
    context.store.afterwards(record_refusal)
    who = "a practitioner or the clinic owner"
    if not allows(Role.PRACTITIONER, permission):
        who = "the clinic owner"
    raise NotAllowedError(
        f"{ROLE_WORDS[user.role]} accounts cannot {permission.value}. "
        f"Ask {who} if this needs doing."
    )
