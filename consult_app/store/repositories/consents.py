"""Signed consents and amendments: rows are added, never changed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult_app.domain.consent import Amendment, ConsentRecord
from consult_app.store.base import utc_now
from consult_app.store.rows import AmendmentRow, ConsentRow


def _to_record(row: ConsentRow) -> ConsentRecord:
    return ConsentRecord(
        id=row.id,
        consultation_id=row.consultation_id,
        template_version=row.template_version,
        text_sha256=row.text_sha256,
        signed_at=row.signed_at,
        client_name=row.client_name,
        practitioner_name=row.practitioner_name,
        photo_consent=row.photo_consent,
        client_signature=row.client_signature,
        practitioner_signature=row.practitioner_signature,
        pdf_sha256=row.pdf_sha256,
    )


class ConsentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: ConsentRecord, pdf: bytes | None = None) -> ConsentRecord:
        row = ConsentRow(
            consultation_id=record.consultation_id,
            template_version=record.template_version,
            text_sha256=record.text_sha256,
            signed_at=record.signed_at,
            client_name=record.client_name,
            client_signature=record.client_signature,
            practitioner_name=record.practitioner_name,
            practitioner_signature=record.practitioner_signature,
            photo_consent=record.photo_consent,
            pdf=pdf,
            pdf_sha256=record.pdf_sha256,
        )
        self.session.add(row)
        self.session.flush()
        return _to_record(row)

    def pdf(self, record_id: int) -> bytes | None:
        return self.session.scalar(select(ConsentRow.pdf).where(ConsentRow.id == record_id))

    def for_consultation(self, consultation_id: int) -> list[ConsentRecord]:
        rows = self.session.scalars(
            select(ConsentRow)
            .where(ConsentRow.consultation_id == consultation_id)
            .order_by(ConsentRow.id)
        )
        return [_to_record(row) for row in rows]

    def amend(self, consultation_id: int, reason: str, change: str, by: str) -> Amendment:
        row = AmendmentRow(
            consultation_id=consultation_id,
            created_at=utc_now(),
            created_by=by,
            reason=reason,
            change=change,
        )
        self.session.add(row)
        self.session.flush()
        return Amendment(
            row.id, row.consultation_id, row.created_at, row.created_by, row.reason, row.change
        )

    def amendments(self, consultation_id: int) -> list[Amendment]:
        rows = self.session.scalars(
            select(AmendmentRow)
            .where(AmendmentRow.consultation_id == consultation_id)
            .order_by(AmendmentRow.id)
        )
        return [
            Amendment(r.id, r.consultation_id, r.created_at, r.created_by, r.reason, r.change)
            for r in rows
        ]
