"""Amendments: corrections to completed consultations, each with its reason (append-only).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:55:52.695856
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from consult_app.store.append_only import protect, unprotect

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_amendments_consultation_id_consultations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_amendments_consultation_id"), ["consultation_id"], unique=False
        )
    protect("amendments")


def downgrade() -> None:
    unprotect("amendments")

    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_consultation_id"))

    op.drop_table("amendments")
