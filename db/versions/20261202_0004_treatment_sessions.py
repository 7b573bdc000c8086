"""Treatment sessions: each visit of a course, its amendments and the batch numbers it used.

A session is saved over while a draft; once treated (or ended not treated) the database
refuses to change or delete it, as it refuses signed consents. Its amendments and batch
numbers are append-only.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 19:30:30.124397
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from consult_app.store.append_only import protect, protect_finished, unprotect, unprotect_finished

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "treatment_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("chart", sa.JSON(), nullable=False),
        sa.Column("not_treated_reason", sa.Text(), nullable=False),
        sa.Column("content_versions", sa.JSON(), nullable=False),
        sa.Column("wizard_page", sa.String(length=32), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_treatment_sessions_client_id_clients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_treatment_sessions_consultation_id_consultations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["users.id"],
            name=op.f("fk_treatment_sessions_practitioner_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_sessions")),
    )
    with op.batch_alter_table("treatment_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_treatment_sessions_client_date", ["client_id", "session_date"], unique=False
        )
        batch_op.create_index(
            "uq_treatment_sessions_consultation_number", ["consultation_id", "number"], unique=True
        )

    op.create_table(
        "session_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_sessions.id"],
            name=op.f("fk_session_amendments_session_id_treatment_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_amendments")),
    )
    with op.batch_alter_table("session_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_amendments_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column(
            "value_key",
            sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_sessions.id"],
            name=op.f("fk_session_lots_session_id_treatment_sessions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_lots")),
    )
    with op.batch_alter_table("session_lots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_lots_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_session_lots_value_key"), ["value_key"], unique=False)

    protect_finished("treatment_sessions")
    protect("session_amendments")
    protect("session_lots")


def downgrade() -> None:
    unprotect("session_lots")
    unprotect("session_amendments")
    unprotect_finished("treatment_sessions")
    with op.batch_alter_table("session_lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_lots_value_key"))
        batch_op.drop_index(batch_op.f("ix_session_lots_session_id"))

    op.drop_table("session_lots")
    with op.batch_alter_table("session_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_amendments_session_id"))

    op.drop_table("session_amendments")
    with op.batch_alter_table("treatment_sessions", schema=None) as batch_op:
        batch_op.drop_index("uq_treatment_sessions_consultation_number")
        batch_op.drop_index("ix_treatment_sessions_client_date")

    op.drop_table("treatment_sessions")
