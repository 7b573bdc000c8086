"""Withdrawn findings and voided drafts on consultations.

A stop or caution shown once and then removed by a changed answer is kept with its reason
(``withdrawn``, a JSON list); a draft voided by a practitioner keeps who, when and why.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 14:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not batch mode: SQLite (3.35+) adds and drops columns in place, whereas a batch
# copy-and-move drops "consultations" and the consent and amendment rows' foreign keys refuse it.
_COLUMNS = (
    ("withdrawn", sa.JSON()),
    ("voided_at", sa.DateTime()),
    ("voided_by", sa.String(length=100)),
    ("void_reason", sa.Text()),
)


def upgrade() -> None:
    for name, type_ in _COLUMNS:
        op.add_column("consultations", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        op.drop_column("consultations", name)
