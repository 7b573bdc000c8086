"""The accounts in the owner's list: a handful of rows, all held at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from consult_app.domain.people import User
from consult_app.domain.permissions import ROLE_WORDS
from consult_app.gui.models.table import FlatTableModel, Index


class AccountListModel(FlatTableModel):
    """In the service's order: by name."""

    HEADERS = ("Name", "User name", "Role", "Active")

    def __init__(self) -> None:
        super().__init__()
        self._users: list[User] = []

    def set_users(self, users: Sequence[User]) -> None:
        self.beginResetModel()
        self._users = list(users)
        self.endResetModel()

    def user(self, row: int) -> User:
        return self._users[row]

    def row_of(self, user_id: int) -> int:
        """The row showing an account, or -1."""
        return next((row for row, u in enumerate(self._users) if u.id == user_id), -1)

    def _row_count(self) -> int:
        return len(self._users)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        user = self._users[index.row()]
        values = (
            user.display_name,
            user.username,
            ROLE_WORDS[user.role],
            "Yes" if user.is_active else "No (switched off)",
        )
        return values[index.column()]
