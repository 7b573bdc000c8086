"""What every use case needs: the store, the clinic content, a clock and who is signed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from consult_app.content.bundle import Content
from consult_app.domain.people import User
from consult_app.store.base import utc_now
from consult_app.store.store import Store

if TYPE_CHECKING:
    from consult_app.store.keyfile import KeyFile
    from consult_app.store.unit_of_work import UnitOfWork


@dataclass
class AppContext:
    store: Store
    content: Content
    user: User | None = None
    today: Callable[[], date] = field(default=date.today)
    # The encrypted SQLite file's key file (None for PostgreSQL and unencrypted test files).
    keys: KeyFile | None = None

    @property
    def actor(self) -> str:
        """The name written into `updated_by`: who saved a record, as people know them."""
        return self.user.display_name if self.user else "system"

    def audit(
        self,
        uow: UnitOfWork,
        action: str,
        entity: str,
        entity_id: int | None = None,
        detail: str = "",
    ) -> None:
        """Add to the audit trail in `uow`'s transaction; `detail` never holds medical content."""
        user = self.user
        uow.audit.record(
            user.username if user else "system",
            action,
            entity,
            entity_id,
            detail,
            user_id=user.id if user else None,
        )

    def audit_alone(
        self, action: str, entity: str, entity_id: int | None = None, detail: str = ""
    ) -> None:
        """An audit row that is the whole write (a view, a refusal), in its own transaction:
        now, or, while writes are held for the check after start, once it has passed, with
        who did it and when as they are now (store/write_hold.py)."""
        user, at, store = self.user, utc_now(), self.store

        def record() -> None:
            with store.writing() as uow:
                uow.audit.record(
                    user.username if user else "system",
                    action,
                    entity,
                    entity_id,
                    detail,
                    user_id=user.id if user else None,
                    at=at,
                )

        store.when_checked(record)
