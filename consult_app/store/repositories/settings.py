"""Clinic-wide settings, shared by every workstation on the same database."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from consult_app.store.base import utc_now
from consult_app.store.rows import SettingRow


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: Any = None) -> Any:
        row = self.session.get(SettingRow, key)
        return row.value if row is not None else default

    def put(self, key: str, value: Any) -> None:
        row = self.session.get(SettingRow, key)
        if row is None:
            self.session.add(SettingRow(key=key, value=value, version=1, updated_at=utc_now()))
        else:
            row.value, row.version, row.updated_at = value, row.version + 1, utc_now()
        self.session.flush()
