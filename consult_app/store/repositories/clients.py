"""Clients: add, read, change with a version check, search."""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from consult_app.domain.client import Client, ClientDetails, ClientListing, ClientMatches
from consult_app.domain.text import fold
from consult_app.errors import NotFoundError, StaleRecordError
from consult_app.store.prepared import fetch_all, fetch_typed
from consult_app.store.repositories.versioned import minutes, new_row_stamp, update_if_current
from consult_app.store.rows import ClientRow
from consult_app.store.search import email_key, paged_search, phone_key, search_statement

_DETAIL_FIELDS = tuple(ClientDetails.__dataclass_fields__)
LIST_COLUMNS = (
    ClientRow.id,
    ClientRow.last_name,
    ClientRow.first_name,
    ClientRow.date_of_birth,
    ClientRow.phone,
    ClientRow.email,
)


def search_columns(details: ClientDetails) -> dict[str, str]:
    """The folded copies kept beside the typed values for searching."""
    return {
        "last_key": fold(details.last_name),
        "first_key": fold(details.first_name),
        "phone_key": phone_key(details.phone),
        "email_key": email_key(details.email),
    }


def _to_client(row: ClientRow) -> Client:
    details = ClientDetails(**{name: getattr(row, name) for name in _DETAIL_FIELDS})
    return Client(row.id, details, row.version, row.updated_at, row.updated_by)


@cache
def client_statement() -> Select[Any]:
    """One client's details, by id (`client_id`), in ClientDetails' order (`get` relies on
    it); built once, as the panel reads it per click."""
    columns = [getattr(ClientRow, name) for name in _DETAIL_FIELDS]
    return select(
        ClientRow.id, *columns, ClientRow.version, ClientRow.updated_at, ClientRow.updated_by
    ).where(ClientRow.id == bindparam("client_id"))


class ClientRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, details: ClientDetails, by: str) -> Client:
        row = ClientRow(**asdict(details), **search_columns(details), **new_row_stamp(by))
        self.session.add(row)
        self.session.flush()
        return _to_client(row)

    def get(self, client_id: int) -> Client:
        # On the driver's cursor (store/prepared.py): the panel reads this at every click and
        # a new draft's save once; no entity to load, track and expire for a read.
        found = fetch_typed(self.session, client_statement(), {"client_id": client_id})
        if not found:
            raise NotFoundError(f"There is no client with number {client_id}.")
        number, *details, version, updated_at, updated_by = found[0]
        return Client(number, ClientDetails(*details), version, updated_at, updated_by)

    def change(
        self, client_id: int, expected_version: int, details: ClientDetails, by: str
    ) -> Client:
        """Save new details only if nobody saved this client since `expected_version` was read."""
        values = {**asdict(details), **search_columns(details)}
        if not update_if_current(self.session, ClientRow, client_id, expected_version, values, by):
            current = self.get(client_id)  # raises NotFoundError when it is gone
            raise StaleRecordError("client", current.updated_by, minutes(current.updated_at))
        return self.get(client_id)

    def search_ids(self, query: str, limit: int | None = None) -> list[int]:
        """Ids of matching clients in list order (surname, first name)."""
        statement, values = search_statement(query)
        if limit is not None:
            statement = statement.limit(limit)
        # Core, not the ORM: ids need no entity loading, and this runs on every keystroke. The
        # ids are read from the driver's own cursor: a Row object each would double the time
        # of the empty search at start (every client, 100,000 in a large clinic).
        result = self.session.connection().execute(statement, values)
        try:
            return [row[0] for row in result.cursor.fetchall()]
        finally:
            result.close()

    def matches(self, query: str, shown: int, counted: int) -> ClientMatches:
        """The first `shown` matching ids in list order, and how many match, counted up to
        `counted` (at least `shown`)."""
        # One more than `counted` is counted, to tell "more than `counted`" from exactly it.
        paged, values = paged_search(query, shown, counted + 1)
        # On the driver's cursor: this runs on every keystroke (see store/prepared.py).
        ids = tuple(row[0] for row in fetch_all(self.session, paged.page, values))
        if len(ids) < shown:  # a page not full is every match: nothing more to count
            return ClientMatches(ids, len(ids))
        [(found,)] = fetch_all(self.session, paged.count, values)
        return ClientMatches(ids, min(found, counted), more_than=found > counted)

    def listings(self, ids: list[int]) -> dict[int, ClientListing]:
        """The columns the client list shows, for one page of ids."""
        rows = self.session.execute(select(*LIST_COLUMNS).where(ClientRow.id.in_(ids)))
        return {row.id: ClientListing(*row) for row in rows}

    def possible_duplicates(
        self, details: ClientDetails, exclude_id: int | None = None
    ) -> list[Client]:
        """Clients with the same folded name and date of birth."""
        statement = select(ClientRow).where(
            ClientRow.last_key == fold(details.last_name),
            ClientRow.first_key == fold(details.first_name),
            ClientRow.date_of_birth == details.date_of_birth,
        )
        if exclude_id is not None:
            statement = statement.where(ClientRow.id != exclude_id)
        return [_to_client(row) for row in self.session.scalars(statement)]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(ClientRow)) or 0
