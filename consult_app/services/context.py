"""What every use case needs: the store, the clinic content, a clock and who is signed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from consult_app.content.bundle import Content
from consult_app.domain.people import User
from consult_app.store.store import Store


@dataclass
class AppContext:
    store: Store
    content: Content
    user: User | None = None
    today: Callable[[], date] = field(default=date.today)

    @property
    def actor(self) -> str:
        """The name written into `updated_by` and the audit trail."""
        return self.user.display_name if self.user else "system"
