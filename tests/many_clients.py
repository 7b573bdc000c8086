"""A clinic with more clients starting with W than a search lists at once, for the search tests.

1,260 surnames start with W (more than the 1,000 a search counts), 18 clients have a first name
starting with W but not their surname (they sort among the others by surname), and a few
names need folding (Łukasiewicz, Nguyễn, Wójcik). Inserted in one bulk write, as the demo
generator does, with the search keys the repository keeps.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from itertools import product

from sqlalchemy import insert, select

from consult_app.domain.client import ClientDetails
from consult_app.domain.text import fold
from consult_app.store.repositories.clients import search_columns
from consult_app.store.repositories.versioned import new_row_stamp
from consult_app.store.rows import ClientRow
from consult_app.store.store import Store

BORN = date(1990, 5, 24)
SURNAMES_ELSEWHERE = ("Abbott", "Ng", "Zeller", "Ōta", "Smith", "Baker", "Evans", "Park", "Quinn")


def _names() -> list[tuple[str, str]]:
    surnames = ["W" + "".join(p) + "ton" for p in product("aeiouy", "bdfgklmnprstvz", "aeiou")]
    names = [(first, last) for last in surnames for first in ("Cara", "Ann", "Ben")]
    names += [(first, last) for first in ("Wanda", "Will") for last in SURNAMES_ELSEWHERE]
    names += [("Zoë", "Łukasiewicz"), ("Ngọc Anh", "Nguyễn"), ("Ela", "Wójcik")]
    return names


NAMES = _names()


def add_many(store: Store) -> dict[int, tuple[str, str]]:
    """Add every NAMES client; their (first name, surname) by id."""
    rows = []
    for first, last in NAMES:
        details = ClientDetails(first, last, BORN)
        rows.append({**asdict(details), **search_columns(details), **new_row_stamp("test")})
    with store.bulk() as connection:
        connection.execute(insert(ClientRow), rows)
    with store.reading() as uow:
        found = uow.session.execute(
            select(ClientRow.id, ClientRow.first_name, ClientRow.last_name)
        ).all()
    return {row.id: (row.first_name, row.last_name) for row in found}


def in_list_order(clients: dict[int, tuple[str, str]], word: str) -> list[int]:
    """The ids of clients whose surname or first name starts with `word` (folded), ordered as
    the list orders them: surname, first name, then id, compared as folded text."""
    key = fold(word)
    found = [
        (fold(last), fold(first), client_id)
        for client_id, (first, last) in clients.items()
        if fold(last).startswith(key) or fold(first).startswith(key)
    ]
    return [client_id for *_, client_id in sorted(found)]
