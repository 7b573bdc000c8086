"""Search as you type lists a page and a count: on the encrypted file and on PostgreSQL, a
one-letter search lists the first 100 in list order and says there are more than 1,000, and
listing more reaches every match in order, nothing twice, nothing left out."""

from __future__ import annotations

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails, ClientMatches
from consult_app.domain.people import Role
from consult_app.services.clients import COUNTED, PAGE, ClientService
from consult_app.services.context import AppContext
from consult_app.store.store import Store
from tests.accounts import signed_in
from tests.conftest import TODAY
from tests.many_clients import BORN, add_many, in_list_order


@pytest.fixture
def clinic(encrypted_context: AppContext) -> tuple[ClientService, dict[int, tuple[str, str]]]:
    clients = add_many(encrypted_context.store)
    return ClientService(encrypted_context), clients


def test_one_letter_lists_the_first_page_and_counts_up_to_a_cap(clinic) -> None:  # type: ignore[no-untyped-def]
    service, clients = clinic
    everyone = in_list_order(clients, "w")
    assert len(everyone) > COUNTED
    found = service.find("w")
    assert list(found.ids) == everyone[:PAGE]
    assert (found.total, found.more_than, found.complete) == (COUNTED, True, False)
    assert found.summary() == "More than 1,000 clients"
    assert found.shown_note() == (
        "Showing the first 100 of more than 1,000 — keep typing to narrow it"
    )
    # Capital letters and the surname's own accents find the same.
    assert service.find("W") == found


def test_showing_more_reaches_every_match_in_list_order(clinic) -> None:  # type: ignore[no-untyped-def]
    service, clients = clinic
    everyone = in_list_order(clients, "w")
    shown = PAGE
    found = service.find("w", shown)
    while not found.complete:
        shown += PAGE
        more = service.find("w", shown)
        assert more.ids[: len(found.ids)] == found.ids  # more are added after, never between
        found = more
    assert list(found.ids) == everyone
    assert (found.total, found.more_than) == (len(everyone), False)
    assert list(found.ids) == service.search("w")


def test_a_narrower_search_is_counted_exactly(clinic) -> None:  # type: ignore[no-untyped-def]
    service, clients = clinic
    expected = in_list_order(clients, "wa")
    assert PAGE < len(expected) < COUNTED
    found = service.find("wa")
    assert list(found.ids) == expected[:PAGE]
    assert (found.total, found.more_than) == (len(expected), False)
    assert found.shown_note() == (
        f"Showing the first 100 of {len(expected):,} — keep typing to narrow it"
    )


def test_first_names_are_listed_among_surnames_in_list_order(clinic) -> None:  # type: ignore[no-untyped-def]
    """ "wan" finds Wanda Abbott (her first name) before the Wan… surnames, as the list sorts."""
    service, clients = clinic
    expected = in_list_order(clients, "wan")
    found = service.find("wan")
    assert list(found.ids) == expected and found.complete
    assert clients[found.ids[0]] == ("Wanda", "Abbott")
    both = service.find("wanda ōta")  # two words: each starts a name, accents folded
    assert [clients[i] for i in both.ids] == [("Wanda", "Ōta")]
    assert service.find("WANDA OTA") == both


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("luka", ("Zoë", "Łukasiewicz")),
        ("ŁUKASIEWICZ", ("Zoë", "Łukasiewicz")),
        ("zoe", ("Zoë", "Łukasiewicz")),
        ("nguyen ngoc", ("Ngọc Anh", "Nguyễn")),
        ("wojc", ("Ela", "Wójcik")),
    ],
)
def test_folded_searches_still_match(clinic, typed: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    service, clients = clinic
    found = service.find(typed)
    assert [clients[i] for i in found.ids] == [expected]
    assert found == ClientMatches(found.ids, 1) and found.summary() == "1 client"
    assert found.shown_note() == ""


def test_an_empty_search_and_a_date_list_a_page_too(clinic) -> None:  # type: ignore[no-untyped-def]
    service, clients = clinic
    found = service.find("")
    assert found.more_than and len(found.ids) == PAGE
    assert found.shown_note(typed=False) == (
        "Showing the first 100 of more than 1,000 — type in Find to narrow it"
    )
    assert list(found.ids) == service.search("")[:PAGE]
    assert set(service.find("", len(clients)).ids) == set(clients)
    by_day = service.find(BORN.strftime("%d/%m/%Y"))
    assert by_day.more_than and list(by_day.ids) == service.search(BORN.isoformat())[:PAGE]


def test_reception_gets_the_same_list(clinic, encrypted_store: Store, content: Content) -> None:  # type: ignore[no-untyped-def]
    service, _ = clinic
    desk = signed_in(
        AppContext(store=encrypted_store, content=content, today=lambda: TODAY), Role.RECEPTION
    )
    assert ClientService(desk).find("w") == service.find("w")
    assert ClientService(desk).find("wa", 300) == service.find("wa", 300)


def test_a_client_added_since_is_in_the_longer_list(clinic) -> None:  # type: ignore[no-untyped-def]
    """Listing more runs the search again: a client added meanwhile is in place, not lost."""
    service, _ = clinic
    before = service.find("wab")
    added = service.add(ClientDetails("Aaron", "Wab", BORN))
    after = service.find("wab", PAGE * 2)
    assert after.ids[0] == added.id and after.ids[1:] == before.ids
