"""The busy client of the sessions figure: 50 signed consultations with plans and 200
treatment sessions, made as bulk rows in one transaction (the services would take minutes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update

from consult_app.domain.consultation import Status
from consult_app.domain.treatment import SessionStatus
from consult_app.store.rows import ConsentRow, ConsultationRow, TreatmentSessionRow, UserRow

# Four sessions four weeks apart: every course complete, as a long-standing client's are.
_PLAN = {
    "areas": [{"area": "cheeks", "depth_mm": 1.0, "reason": ""}],
    "sessions": 4,
    "interval_weeks": 4,
    "notes": "",
}


def course_rows(
    connection: Connection, consultations: int, sessions: int, username: str, keep: int
) -> int:
    """Make a client with `consultations` signed plans and `sessions` treated sessions (spread
    evenly over the plans) by `username`, taking no consultation of client `keep`; return the
    client's id."""
    # A client with few consultations of their own, so nearly all are moved over.
    client = connection.scalar(
        select(ConsultationRow.client_id)
        .where(ConsultationRow.client_id != keep)
        .group_by(ConsultationRow.client_id)
        .order_by(func.count(), ConsultationRow.client_id)
        .limit(1)
    )
    if client is None:
        raise ValueError("no client has a consultation to build courses on")
    practitioner = connection.scalar(select(UserRow.id).where(UserRow.username == username))
    mine = select(ConsultationRow.id).where(ConsultationRow.client_id == client)
    have = len(connection.scalars(mine).all())
    if have < consultations:
        others = (
            select(ConsultationRow.id)
            .where(ConsultationRow.client_id.not_in((client, keep)))
            .order_by(ConsultationRow.id.desc())
            .limit(consultations - have)
        )
        moved = connection.scalars(others).all()
        connection.execute(
            update(ConsultationRow).where(ConsultationRow.id.in_(moved)).values(client_id=client)
        )
    rows = connection.execute(
        select(ConsultationRow.id, ConsultationRow.consultation_date).where(
            ConsultationRow.client_id == client
        )
    ).all()
    connection.execute(
        update(ConsultationRow)
        .where(ConsultationRow.client_id == client)
        .values(status=str(Status.COMPLETED), plan=_PLAN)
    )
    now = datetime.now(UTC)
    connection.execute(
        insert(ConsentRow),
        [
            {
                "consultation_id": row.id,
                "amendment_reason": "",
                "template_version": "bench",
                "text_sha256": "0" * 64,
                "signed_at": now,
                "client_name": "bench",
                "client_signature": b"",
                "practitioner_name": "bench",
                "practitioner_signature": b"",
                "photo_consent": False,
            }
            for row in rows
        ],
    )
    per = sessions // len(rows)
    connection.execute(
        insert(TreatmentSessionRow),
        [
            {
                "consultation_id": row.id,
                "client_id": client,
                "practitioner_id": practitioner,
                "session_date": row.consultation_date + timedelta(weeks=4 * n),
                "status": str(SessionStatus.TREATED),
                "number": n + 1,
                "outcome": "clear",
                "answers": {},
                "changed": [],
                "findings": [],
                "decisions": {},
                "chart": {},
                "not_treated_reason": "",
                "content_versions": {},
                "wizard_page": "",
                "signed_at": now,
                "signed_by": username,
                "created_at": now,
                "updated_at": now,
                "updated_by": username,
                "version": 1,
            }
            for row in rows
            for n in range(per)
        ],
    )
    return int(client)
