"""The audit trail: appended to, never changed (the database refuses updates and deletes)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consult_app.store.base import utc_now
from consult_app.store.rows import AuditRow


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        username: str,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str = "",
        user_id: int | None = None,
    ) -> None:
        """Note who did what to which record; `detail` must never hold medical content."""
        self.session.add(
            AuditRow(
                at=utc_now(),
                user_id=user_id,
                username=username,
                action=action,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
        )
