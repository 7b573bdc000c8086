"""The sessions figure's busy client really has 50 signed consultations with plans and 200
treatment sessions, as the app reads them (small scale), on the encrypted SQLite file and on
PostgreSQL; and the figure's floor replays the statements ours ran, fetching the same rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import client_sessions
from bench.data import HISTORY, SESSIONS, Dataset, postgres_dataset, sqlite_dataset
from consult_app.domain.treatment import SessionStatus
from consult_app.services.clients import ClientService
from consult_app.services.treatments import TreatmentService


@pytest.fixture(params=["sqlite", "postgresql"])
def dataset(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Dataset]:
    if request.param == "sqlite":
        with sqlite_dataset(tmp_path, 120, 300) as data:
            yield data
        return
    with postgres_dataset(120, 300) as data:
        if data is None:
            pytest.skip("CONSULT_TEST_PG_URL is not set")
        yield data


def test_the_course_client_has_50_signed_plans_and_200_sessions(dataset: Dataset) -> None:
    context = dataset.context()
    client = dataset.course_client
    assert client != dataset.busy_client
    _, history = ClientService(context).with_history(client)
    assert len(history) == HISTORY and all(line.is_signed for line in history)
    treatments = TreatmentService(context)
    courses = treatments.courses(client)
    assert len(courses) == HISTORY and all(c.complete for c in courses)
    sessions = treatments.sessions(client)
    assert len(sessions) == SESSIONS == 200
    assert {s.status for s in sessions} == {SessionStatus.TREATED}
    assert {s.practitioner for s in sessions} == {context.user.display_name}
    # The client-panel figure's client keeps their 50 consultations.
    _, busy = ClientService(context).with_history(dataset.busy_client)
    assert len(busy) == HISTORY


def test_the_floor_replays_what_ours_ran(dataset: Dataset, qapp: object) -> None:
    context = dataset.context()
    client = dataset.course_client
    clients, treatments = ClientService(context), TreatmentService(context)

    def ours() -> None:
        clients.with_history(client), treatments.course_view(client)

    statements = client_sessions.captured(dataset.store.engine, ours)
    assert sum(sql.lstrip().upper().startswith("INSERT INTO AUDIT") for sql, _ in statements) == 1
    assert sum(sql in ("COMMIT", "ROLLBACK") for sql, _ in statements) >= 1
    floor, raw = client_sessions.replay(dataset, statements)
    try:
        fetched = floor()
    finally:
        raw.close()
    # The client, their 50 consultations, 50 plans, 200 sessions and the account re-reads.
    assert fetched >= 1 + HISTORY + HISTORY + SESSIONS
    (row,) = client_sessions.figures(dataset, 1)
    assert "50 consultations and 200 sessions" in row.figure and row.ours > 0 and row.floor > 0
