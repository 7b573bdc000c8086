"""Clients in a real database: saved, found the way reception types, never overwritten stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from consult_app.domain.client import ClientDetails
from consult_app.errors import NotFoundError, StaleRecordError, ValidationError
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext

NAMES = [
    ("Zoë", "Łukasiewicz", date(1990, 5, 24), "+44 7700 900123", "zoe@example.com"),
    ("Ngọc Anh", "Nguyễn", date(1985, 1, 2), "07700 900456", "anh.nguyen@example.org"),
    ("Søren", "Sørensen", date(1977, 7, 7), "", ""),
    ("Ελένη", "Παπαδοπούλου", date(1969, 3, 3), "", ""),
    ("Иван", "Иванов", date(2000, 12, 31), "", ""),
    ("Ann", "Smith", date(1990, 5, 24), "0117 496 0000", "ann@smith.example"),
    ("Anna", "Smithers", date(1991, 6, 1), "", ""),
]


def _add_all(service: ClientService) -> dict[str, int]:
    ids = {}
    for first, last, born, phone, email in NAMES:
        details = ClientDetails(first, last, born, phone=phone, email=email)
        ids[last] = service.add(details).id
    return ids


@pytest.fixture
def service(context: AppContext) -> ClientService:
    return ClientService(context)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lukasiewicz", ["Łukasiewicz"]),
        ("LUKA", ["Łukasiewicz"]),
        ("nguyen", ["Nguyễn"]),
        ("sorensen", ["Sørensen"]),
        ("søren", ["Sørensen"]),
        ("παπα", ["Παπαδοπούλου"]),
        ("иван", ["Иванов"]),
        ("smith", ["Smith", "Smithers"]),
        ("ann smi", ["Smith", "Smithers"]),
        ("anna smi", ["Smithers"]),
        ("zoe", ["Łukasiewicz"]),
        ("1990-05-24", ["Smith", "Łukasiewicz"]),
        ("24/05/1990", ["Smith", "Łukasiewicz"]),
        ("24 May 1990", ["Smith", "Łukasiewicz"]),
        ("07700 900123", ["Łukasiewicz"]),
        ("+44 7700 900456", ["Nguyễn"]),
        ("0117", ["Smith"]),
        ("ANH.NGUYEN@", ["Nguyễn"]),
        ("nobody", []),
    ],
)
def test_search_finds_clients_as_reception_types(
    service: ClientService, typed: str, expected: list[str]
) -> None:
    ids = _add_all(service)
    found = service.search(typed)
    assert found == [ids[name] for name in sorted(expected, key=lambda n: _fold_key(n))]


def _fold_key(last_name: str) -> str:
    from consult_app.domain.text import fold

    return fold(last_name)


def test_empty_search_lists_everyone_by_surname(service: ClientService) -> None:
    ids = _add_all(service)
    everyone = service.search("")
    assert sorted(everyone) == sorted(ids.values())
    listings = service.listings(everyone)
    keys = [(_fold_key(listings[i].last_name), _fold_key(listings[i].first_name)) for i in everyone]
    assert keys == sorted(keys)


def test_add_then_read_back_every_field(service: ClientService) -> None:
    details = ClientDetails(
        "Zoë",
        "Łukasiewicz",
        date(1990, 5, 24),
        preferred_name="Zo",
        sex="female",
        phone="07700 900123",
        email="zoe@example.com",
        address="1 High St\nBristol",
        gp_name="Dr Ng",
        gp_practice="Harbourside",
        emergency_contact_name="Piotr",
        emergency_contact_phone="07700 900999",
    )
    stored = service.add(details)
    again = service.get(stored.id)
    assert again.details == details
    assert again.version == 1


def test_invalid_details_are_refused_and_nothing_is_stored(service: ClientService) -> None:
    with pytest.raises(ValidationError) as refused:
        service.add(ClientDetails("", "X" * 101, date(2090, 1, 1), email="nope"))
    fields = {p.field for p in refused.value.problems}
    assert fields == {"first_name", "last_name", "date_of_birth", "email"}
    assert service.search("") == []


def test_stale_save_is_refused_and_changes_nothing(
    service: ClientService, context: AppContext
) -> None:
    client = service.add(ClientDetails("Ann", "Smith", date(1990, 5, 24)))
    first_desk = service.change(
        client.id, client.version, replace(client.details, phone="0117 496 0000")
    )
    with pytest.raises(StaleRecordError) as refused:
        service.change(client.id, client.version, replace(client.details, email="ann@example.com"))
    assert "changed by" in str(refused.value)
    assert "Reload" in str(refused.value)
    kept = service.get(client.id)
    assert kept.details.phone == "0117 496 0000"
    assert kept.details.email == ""
    assert kept.version == first_desk.version == 2


def test_change_of_a_missing_client_says_so(service: ClientService) -> None:
    with pytest.raises(NotFoundError):
        service.change(999, 1, ClientDetails("Ann", "Smith", date(1990, 5, 24)))


def test_possible_duplicate_is_found_by_folded_name_and_birth_date(service: ClientService) -> None:
    first = service.add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    same = ClientDetails("zoe", "LUKASIEWICZ", date(1990, 5, 24))
    assert [c.id for c in service.possible_duplicates(same)] == [first.id]
    assert service.possible_duplicates(same, exclude_id=first.id) == []
    assert service.possible_duplicates(replace(same, date_of_birth=date(1990, 5, 25))) == []
