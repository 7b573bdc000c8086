"""Accounts of the people who use Consult."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from consult_app.domain.people import Role, User
from consult_app.errors import NotFoundError
from consult_app.store.base import utc_now
from consult_app.store.prepared import fetch_all
from consult_app.store.rows import UserRow


def _to_user(row: UserRow) -> User:
    return User(row.id, row.username, row.display_name, Role(row.role), row.is_active)


@cache
def account_statement() -> Select[int, str, str, str, bool]:
    """The account as a permission check reads it (every use case, so built once)."""
    return select(
        UserRow.id, UserRow.username, UserRow.display_name, UserRow.role, UserRow.is_active
    ).where(UserRow.id == bindparam("user_id"))


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, username: str, display_name: str, role: Role, password_hash: str | None = None
    ) -> User:
        row = UserRow(
            username=username,
            display_name=display_name,
            role=str(role),
            password_hash=password_hash,
            is_active=True,
            created_at=utc_now(),
            version=1,
        )
        self.session.add(row)
        self.session.flush()
        return _to_user(row)

    def by_username(self, username: str) -> User:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise NotFoundError(f'There is no account called "{username}".')
        return _to_user(row)

    def exists(self, username: str) -> bool:
        return (
            self.session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None
        )

    def get(self, user_id: int) -> User:
        # On the driver's cursor (store/prepared.py): every use case's permission check reads
        # this, search as you type on every keystroke. Changes flushed in this unit of work
        # are in its transaction, so they are read too.
        self.session.flush()
        found = fetch_all(self.session, account_statement(), {"user_id": user_id})
        if not found:
            raise NotFoundError(f"There is no account number {user_id}.")
        [(number, username, display_name, role, is_active)] = found
        return User(number, username, display_name, Role(role), bool(is_active))

    def password_hash(self, username: str) -> str | None:
        return self.session.scalar(
            select(UserRow.password_hash).where(UserRow.username == username)
        )

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        row = self._row(user_id)
        row.password_hash, row.version = password_hash, row.version + 1
        self.session.flush()

    def update(self, user_id: int, display_name: str, role: Role, is_active: bool) -> User:
        row = self._row(user_id)
        row.display_name, row.role, row.is_active = display_name, str(role), is_active
        row.version += 1
        self.session.flush()
        return _to_user(row)

    def _row(self, user_id: int) -> UserRow:
        row = self.session.get(UserRow, user_id)
        if row is None:
            raise NotFoundError(f"There is no account number {user_id}.")
        return row

    def all(self) -> list[User]:
        return [
            _to_user(r)
            for r in self.session.scalars(select(UserRow).order_by(UserRow.display_name))
        ]
