"""A PostgreSQL server across the network must be reached with TLS unless told otherwise."""

from __future__ import annotations

import pytest

from consult_app.errors import StorageError
from consult_app.services.signin import Gate, Kind


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://consult@db.clinic.example/consult",
        "postgresql+psycopg://consult@192.168.1.20:5432/consult?sslmode=prefer",
        "postgresql+psycopg://consult@db.clinic.example/consult?sslmode=disable",
    ],
)
def test_a_remote_server_without_tls_is_refused_with_what_to_do(url: str) -> None:
    with pytest.raises(StorageError) as refused:
        Gate(url)
    message = str(refused.value)
    assert "without TLS" in message and "sslmode=verify-full" in message
    assert "CONSULT_ALLOW_INSECURE_DB=1" in message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://consult@db.clinic.example/consult?sslmode=verify-full",
        "postgresql+psycopg://consult@db.clinic.example/consult?sslmode=require",
        "postgresql+psycopg://consult@localhost/consult",
        "postgresql+psycopg://consult@127.0.0.1/consult",
        "postgresql+psycopg://consult@/consult?host=/var/run/postgresql",
        "postgresql://consult@[::1]/consult",
    ],
)
def test_tls_or_a_server_on_this_computer_is_accepted(url: str) -> None:
    assert Gate(url).kind() is Kind.SERVER


def test_a_trusted_network_can_be_allowed_explicitly() -> None:
    url = "postgresql+psycopg://consult@db.clinic.example/consult"
    assert Gate(url, allow_insecure=True).kind() is Kind.SERVER
