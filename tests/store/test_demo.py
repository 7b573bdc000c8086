"""The demo clinic: realistic, screened, searchable, loaded all at once."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consult_app.content.bundle import Content
from consult_app.domain.screening import Outcome
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import Store
from tests.conftest import TODAY


def test_demo_fills_clients_consultations_accounts_and_clinic(
    store: Store, content: Content, context: AppContext
) -> None:
    seen: list[tuple[int, int]] = []
    assert _clients(store) == 0
    fill_demo(store, content, 300, 600, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert _clients(store) > 0
    assert seen[-1] == (900, 900)
    with store.reading() as uow:
        assert uow.clients.count() == 300
        assert {"owner", "practitioner", "reception"} <= {u.username for u in uow.users.all()}
        assert uow.settings.get("clinic")["name"]
    clients = ClientService(context)
    histories = [clients.history(i) for i in clients.search("")]
    outcomes = {h.outcome for history in histories for h in history}
    assert sum(len(h) for h in histories) == 600
    assert outcomes >= {Outcome.CLEAR, Outcome.CAUTION}


def test_demo_names_come_from_many_scripts(
    store: Store, content: Content, context: AppContext
) -> None:
    fill_demo(store, content, 400, 0, today=TODAY)
    clients = ClientService(context)
    listings = clients.listings(clients.search(""))
    letters = "".join(c.last_name + c.first_name for c in listings.values())
    assert any("\u0370" <= ch <= "\u03ff" for ch in letters), "Greek"
    assert any("\u0400" <= ch <= "\u04ff" for ch in letters), "Cyrillic"
    assert any(ch in "ễặọ" or "\u1e00" <= ch <= "\u1eff" for ch in letters), "Vietnamese"
    assert clients.search("nguyen"), "accent-free search finds Vietnamese names"


def test_demo_surnames_and_sexes_go_with_the_first_names(
    store: Store, content: Content, context: AppContext
) -> None:
    """No "Paweł Kowalska" or "Zofia Zieliński": a surname with a man's and a woman's form
    takes the one the first name calls for, and the sex recorded fits the name."""
    from consult_app.services import demo_people

    fill_demo(store, content, 1500, 0, today=TODAY)
    with store.reading() as uow:
        rows = uow.session.execute(text("SELECT first_name, last_name, sex FROM clients")).all()
    assert len(rows) == 1500  # as many clients as asked for, as before
    mens = [(first, last) for first, last, _ in rows if first in demo_people.MENS_NAMES]
    womens = [(first, last) for first, last, _ in rows if first not in demo_people.MENS_NAMES]
    womans_endings = ("ska", "ova", "dóttir", "ούλου", "ιάννη", "Begum")
    mans_endings = ("ski", "ov", "Jónsson", "Þórsson", "ουλος", "ιάννης")  # not Åkesson
    assert mens and womens
    assert not [name for name in mens if name[1].endswith(womans_endings)]
    assert not [name for name in womens if name[1].endswith(mans_endings)]
    assert any(last.endswith("ski") for _, last in mens)  # "Paweł Kowalski"
    for first, _last, sex in rows:
        assert sex in ("prefer_not_to_say", "male" if first in demo_people.MENS_NAMES else "female")


def test_demo_twice_appends_with_fresh_ids(
    store: Store, content: Content, context: AppContext
) -> None:
    fill_demo(store, content, 50, 50, today=TODAY)
    fill_demo(store, content, 50, 50, today=TODAY, seed=7)
    with store.reading() as uow:
        assert uow.clients.count() == 100
    # a normal insert after the bulk load must not collide with the bulk ids (PostgreSQL sequences)
    from datetime import date

    from consult_app.domain.client import ClientDetails

    added = ClientService(context).add(ClientDetails("New", "Person", date(1980, 1, 1)))
    assert added.id == 101


@pytest.mark.parametrize("clients", [0])
def test_an_empty_demo_is_allowed(store: Store, content: Content, clients: int) -> None:
    fill_demo(store, content, clients, 10, today=TODAY)
    assert _clients(store) == 0


def _clients(store: Store) -> int:
    with store.reading() as uow:
        return uow.clients.count()


def test_after_a_demo_load_postgresql_plans_with_statistics_of_the_new_rows(
    store: Store, content: Content
) -> None:
    if store.backend != "postgresql":
        pytest.skip("SQLite plans these searches from the indexes alone")
    fill_demo(store, content, 200, 100, today=TODAY)
    with store.bulk() as connection:
        known = connection.execute(
            text("SELECT tablename FROM pg_stats WHERE tablename IN ('clients', 'consultations')")
        )
        assert {row[0] for row in known} == {"clients", "consultations"}
