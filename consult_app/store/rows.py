"""ORM rows. Repositories turn them into domain values; nothing above store/ sees a row.

No `from __future__ import annotations` here: SQLAlchemy reads each `Mapped[...]` annotation
to map its column, and given the annotations as strings it evaluates every one of them, which
made mapping these rows (part of every start, before the first page) about a quarter slower.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, configure_mappers, mapped_column

from consult_app.store.base import Base, UtcDateTime, search_key


class SettingRow(Base):
    """Clinic-wide settings shared by every workstation (clinic name, phone, policies)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # owner | practitioner | reception
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ClientRow(Base):
    __tablename__ = "clients"
    __table_args__ = (
        Index("ix_clients_last_first", "last_key", "first_key", "id"),
        Index("ix_clients_first_last", "first_key", "last_key", "id"),
        Index("ix_clients_date_of_birth", "date_of_birth"),
        Index("ix_clients_phone_key", "phone_key"),
        Index("ix_clients_email_key", "email_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    gp_name: Mapped[str] = mapped_column(String(100), default="")
    gp_practice: Mapped[str] = mapped_column(String(100), default="")
    emergency_contact_name: Mapped[str] = mapped_column(String(100), default="")
    emergency_contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # Folded copies for search as a receptionist types: no case, no accents.
    last_key: Mapped[str] = mapped_column(search_key(100))
    first_key: Mapped[str] = mapped_column(search_key(100))
    phone_key: Mapped[str] = mapped_column(search_key(40), default="")
    email_key: Mapped[str] = mapped_column(search_key(254), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)


class ConsultationRow(Base):
    __tablename__ = "consultations"
    __table_args__ = (Index("ix_consultations_client_date", "client_id", "consultation_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    consultation_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # draft | completed | void
    outcome: Mapped[str | None] = mapped_column(String(16))  # stop | caution | clear
    answers: Mapped[Any] = mapped_column(JSON)
    assessment: Mapped[Any] = mapped_column(JSON)
    goals: Mapped[Any] = mapped_column(JSON)
    findings: Mapped[Any] = mapped_column(JSON)
    decisions: Mapped[Any] = mapped_column(JSON)
    plan: Mapped[Any | None] = mapped_column(JSON)
    content_versions: Mapped[Any] = mapped_column(JSON)
    wizard_page: Mapped[str] = mapped_column(String(32), default="")
    reassess_on: Mapped[date | None] = mapped_column(Date)
    # Stops and cautions shown once, then removed by a changed answer, with the reason (NULL: none).
    withdrawn: Mapped[Any | None] = mapped_column(JSON)
    # A voided draft stays (status "void") with who voided it, when and why.
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    void_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)


class ConsentRow(Base):
    """A signed consent: written once, never updated or deleted (the database refuses)."""

    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="RESTRICT"), index=True
    )
    amends_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent_records.id", ondelete="RESTRICT")
    )
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    template_version: Mapped[str] = mapped_column(String(32))
    text_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    client_name: Mapped[str] = mapped_column(String(201))
    client_signature: Mapped[bytes] = mapped_column(LargeBinary)
    practitioner_name: Mapped[str] = mapped_column(String(100))
    practitioner_signature: Mapped[bytes] = mapped_column(LargeBinary)
    photo_consent: Mapped[bool] = mapped_column(Boolean)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))


class AmendmentRow(Base):
    """A correction to a completed consultation, with its reason. Append-only."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    """Who did what to which record, when; never the medical content itself. Append-only."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class TreatmentSessionRow(Base):
    """One visit of a course. Once treated or ended not treated, the database refuses any
    change or deletion (see append_only.protect_finished); corrections are amendments."""

    __tablename__ = "treatment_sessions"
    __table_args__ = (
        Index("ix_treatment_sessions_client_date", "client_id", "session_date"),
        # Also the lookup by consultation; two sign-offs can never take the same number.
        Index(
            "uq_treatment_sessions_consultation_number", "consultation_id", "number", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="RESTRICT")
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    session_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # draft | treated | not_treated
    number: Mapped[int | None] = mapped_column(Integer)  # its place in the course, once treated
    outcome: Mapped[str | None] = mapped_column(String(16))  # stop | caution | clear
    answers: Mapped[Any] = mapped_column(JSON)  # every answer as of the day
    changed: Mapped[Any] = mapped_column(JSON)  # question ids changed since last time
    findings: Mapped[Any] = mapped_column(JSON)
    decisions: Mapped[Any] = mapped_column(JSON)
    chart: Mapped[Any] = mapped_column(JSON)
    not_treated_reason: Mapped[str] = mapped_column(Text, default="")
    content_versions: Mapped[Any] = mapped_column(JSON)
    wizard_page: Mapped[str] = mapped_column(String(32), default="")
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    signed_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)


class SessionAmendmentRow(Base):
    """A correction to a finished treatment session, with its reason. Append-only."""

    __tablename__ = "session_amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_sessions.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)


class SessionLotRow(Base):
    """A batch or serial number used in a treated session, written at sign-off, for tracing.
    Append-only."""

    __tablename__ = "session_lots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_sessions.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # cartridge | device | product
    value: Mapped[str] = mapped_column(String(100))  # as typed
    # domain.chart.lot_key(value): no case, accents, spaces or dashes, so any spelling matches.
    value_key: Mapped[str] = mapped_column(search_key(100), index=True)


def map_every_row() -> None:
    """Set up every row's mapping now (SQLAlchemy does it at the first query otherwise)."""
    configure_mappers()
