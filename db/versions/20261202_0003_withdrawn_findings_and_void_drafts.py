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


def upgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by")
        batch_op.drop_column("voided_at")
        batch_op.drop_column("withdrawn")
