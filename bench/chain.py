"""`python -m bench --chain 20`: a chain of 20 clinics sharing 1,000,000 clients on one server.

One PostgreSQL database (bench/chain_data.py) holds the chain's clients and consultations;
every clinic's workstation connects to it with a connection pool of its own and signs in as
that clinic's practitioner. Clinic 1's desk then types and opens clients while the other
desks stay connected, and the figures are the same as the 100,000-client PostgreSQL rows
(bench/search.py and bench/client_panel.py, against the bare psycopg driver running our exact
SQL), named for the chain. The table goes to the terminal and to bench/out/chain.json.
"""

from __future__ import annotations

import dataclasses
import os

from bench import client_panel, search
from bench.chain_data import Chain, chain_database, desk_dataset
from bench.data import PG_ENV, say
from bench.measure import Row
from bench.report import OUT

OUT_CHAIN = OUT.with_name("chain.json")


def _named(rows: list[Row], chain: Chain) -> list[Row]:
    """The rows' figures say it is the chain: '(PostgreSQL)' becomes '(PostgreSQL, a chain of
    20 clinics, 1,000,000 clients)'."""
    where = f"PostgreSQL, a chain of {chain.clinics} clinics, {chain.clients:,} clients"
    named = []
    for row in rows:
        figure = row.figure.replace("(PostgreSQL)", f"({where})")
        if figure == row.figure:
            figure = f"{row.figure} ({where})"
        named.append(dataclasses.replace(row, figure=figure))
    return named


def figures(chain: Chain, repeat: int, workers: int) -> list[Row]:
    """The chain's search and client-panel rows; [] when CONSULT_TEST_PG_URL is unset."""
    server = os.environ.get(PG_ENV, "")
    if not server:
        say(f"--chain needs a PostgreSQL server: set {PG_ENV}")
        return []
    with chain_database(server, chain, workers=workers) as (url, desks, busy):
        # Every clinic's workstation connected and signed in, as in opening hours.
        stations = [desk_dataset(url, desk, busy) for desk in desks]
        try:
            for station in stations:
                station.context()
            measured = stations[0]
            say(f"measuring: clinic 1's desk ({measured.username}) searching")
            rows = search.figures(measured, repeat)
            say("measuring: clinic 1's desk opening a client with 50 consultations")
            rows += client_panel.figures(measured, repeat)
        finally:
            for station in stations:
                station.store.close()
    return _named(rows, chain)
