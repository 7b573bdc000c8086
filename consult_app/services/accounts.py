"""The owner's management of accounts, and everyone's own password."""

from __future__ import annotations

from consult_app.domain.people import Role, User, password_problem, username_problem
from consult_app.domain.permissions import Permission
from consult_app.domain.validation import check_name
from consult_app.errors import Problem, SignInError, ValidationError
from consult_app.services.access import require, signed_in
from consult_app.services.context import AppContext
from consult_app.services.passwords import (
    drop_key_for,
    has_key,
    hash_password,
    key_file_follows,
    password_matches,
    store_key_for,
)


def _check(problems: list[Problem]) -> None:
    found = [p for p in problems if p.message]
    if found:
        raise ValidationError(found)


class AccountService:
    """Every change is one transaction; the key file is updated inside it, before the commit,
    so a failed key-file write leaves the account as it was."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def accounts(self) -> list[User]:
        require(self.context, Permission.MANAGE_ACCOUNTS, "account")
        with self.context.store.reading() as uow:
            return uow.users.all()

    def add(self, username: str, display_name: str, role: Role, password: str) -> User:
        require(self.context, Permission.MANAGE_ACCOUNTS, "account")
        username = username.strip()
        _check(
            [
                Problem("username", username_problem(username) or ""),
                Problem("display_name", check_name("Name", display_name, required=True) or ""),
                Problem("password", password_problem(username, password) or ""),
            ]
        )
        with key_file_follows(self.context), self.context.store.writing() as uow:
            if uow.users.exists(username):
                raise ValidationError(
                    [Problem("username", f'"{username}" is taken; choose another user name')]
                )
            user = uow.users.add(username, display_name.strip(), role, hash_password(password))
            self.context.audit(uow, "create", "account", user.id, f"{username} ({role})")
            store_key_for(self.context, username, password)
            return user

    def change(self, user_id: int, display_name: str, role: Role, is_active: bool) -> User:
        """Rename, change the role of, or switch off an account (its records keep its name)."""
        me = require(self.context, Permission.MANAGE_ACCOUNTS, "account", user_id)
        _check([Problem("display_name", check_name("Name", display_name, required=True) or "")])
        with key_file_follows(self.context), self.context.store.writing() as uow:
            before = uow.users.get(user_id)
            if user_id == me.id and (not is_active or role is not Role.OWNER):
                raise ValidationError(
                    [Problem("account", "you cannot switch off or demote your own account")]
                )
            user = uow.users.update(user_id, display_name.strip(), role, is_active)
            owners = [u for u in uow.users.all() if u.role is Role.OWNER and u.is_active]
            if not owners:
                raise ValidationError(
                    [Problem("account", "the clinic needs at least one active owner account")]
                )
            changes = [
                change
                for change, changed in (
                    ("name", before.display_name != user.display_name),
                    (f"role {before.role} -> {role}", before.role is not role),
                    (
                        "switched off" if not is_active else "switched on",
                        before.is_active != is_active,
                    ),
                )
                if changed
            ]
            what = f"{before.username}: {', '.join(changes) or 'no change'}"
            self.context.audit(uow, "change", "account", user_id, what)
            if before.is_active and not is_active:
                drop_key_for(self.context, user.username)
            elif is_active and not before.is_active and not has_key(self.context, user.username):
                raise ValidationError(
                    [
                        Problem(
                            "account",
                            "switching the account off removed its key; give it a new password "
                            "first (Reset password…), then switch it on",
                        )
                    ]
                )
            return user

    def reset_password(self, user_id: int, password: str) -> None:
        """The owner sets a new password for someone who forgot theirs."""
        require(self.context, Permission.MANAGE_ACCOUNTS, "account", user_id)
        self._set_password(user_id, password)

    def change_own_password(self, current: str, new: str) -> None:
        me = signed_in(self.context)
        with self.context.store.reading() as uow:
            stored = uow.users.password_hash(me.username)
        if not password_matches(stored, current):
            raise SignInError("Your current password is not right; nothing was changed.")
        self._set_password(me.id, new)

    def _set_password(self, user_id: int, password: str) -> None:
        with key_file_follows(self.context), self.context.store.writing() as uow:
            user = uow.users.get(user_id)
            _check([Problem("password", password_problem(user.username, password) or "")])
            uow.users.set_password_hash(user_id, hash_password(password))
            self.context.audit(uow, "change", "account", user_id, f"{user.username}: password")
            # Also for an account switched off: it cannot sign in until it is switched on.
            store_key_for(self.context, user.username, password)
