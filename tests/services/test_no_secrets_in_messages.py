"""What an error or a start-up message shows never carries a password or a client's details."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from consult_app.services.startup import shown_address
from consult_app.store.store import Store


def test_a_database_address_is_shown_without_its_password() -> None:
    shown = shown_address("postgresql+psycopg://consult:s3cret-pw@db.clinic.example/consult")
    assert "s3cret-pw" not in shown and "db.clinic.example" in shown
    assert shown_address("not an address at all") == "(not a database address)"


def test_a_database_error_does_not_carry_the_values_it_was_given(store: Store) -> None:
    with pytest.raises(DBAPIError) as failed, store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": "Zoë Łukasiewicz"}
        )
    assert "Łukasiewicz" not in str(failed.value)
