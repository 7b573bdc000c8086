"""The bench's chain of clinics (python -m bench --chain): the rows it was asked for, one
practitioner per clinic, a client with 50 consultations, and its database gone afterwards."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from bench import chain_data
from bench.chain_data import Chain, chain_database, desk_dataset
from bench.data import psycopg_url
from consult_app.services.clients import ClientService
from tests.conftest import PG_URL

pytestmark = pytest.mark.postgres


def _databases() -> set[str]:
    with psycopg.connect(psycopg_url(PG_URL)) as connection:
        return {name for (name,) in connection.execute("SELECT datname FROM pg_database")}


def _count(url: str, sql: str) -> int:
    with psycopg.connect(psycopg_url(url)) as connection:
        found = connection.execute(sql).fetchone()
    assert found is not None
    return int(found[0])


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> str:
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set CONSULT_TEST_PG_URL (CI always does)")
    monkeypatch.setattr(chain_data, "SLICE", 40)  # several COPY slices, as at full size
    return PG_URL


def test_a_chain_holds_the_clients_and_consultations_asked_for_and_is_dropped(
    server: str,
) -> None:
    before = _databases()
    with chain_database(server, Chain(3, 100, 230), workers=2, today=date(2026, 12, 2)) as (
        url,
        desks,
        busy,
    ):
        name = url.rpartition("/")[2]
        assert name in _databases() - before
        assert _count(url, "SELECT COUNT(*) FROM clients") == 100
        assert _count(url, "SELECT COUNT(DISTINCT id) FROM consultations") == 230
        assert [d.username for d in desks] == [
            "practitioner-01",
            "practitioner-02",
            "practitioner-03",
        ]
        desk_ids = ",".join(str(d.user_id) for d in desks)
        # Every visit was made at one of the clinics, and the chain's clients visit them all.
        assert (
            _count(
                url, f"SELECT COUNT(*) FROM consultations WHERE practitioner_id NOT IN ({desk_ids})"
            )
            == 0
        )
        assert _count(url, "SELECT COUNT(DISTINCT practitioner_id) FROM consultations") == 3
        station = desk_dataset(url, desks[1], busy)
        try:
            service = ClientService(station.context())
            assert len(service.search("")) == 100  # search keys loaded with every client
            assert len(service.history(busy)) == 50
        finally:
            station.store.close()
    assert name not in _databases()


def test_a_chain_that_fails_half_way_is_dropped_too(server: str) -> None:
    made = ""
    with (
        pytest.raises(RuntimeError, match="stopped"),
        chain_database(server, Chain(2, 30, 0), workers=1) as (url, _, _),
    ):
        made = url.rpartition("/")[2]
        assert made in _databases()
        raise RuntimeError("stopped")
    # Other tests make and drop databases of their own meanwhile: only ours is looked for.
    assert made and made not in _databases()
