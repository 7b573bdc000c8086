"""`python -m bench` (`make bench`): Consult at clinic scale against the bare libraries.

The demo generator makes 100,000 clients and 300,000 consultations once, in a temporary
folder, in an encrypted file with its key file as clinics run it; every figure then reads that
data, signed in as the demo practitioner, and reports the median of repeated runs beside the
floor (the bare library doing the same work) and the ratio the issue sets as its target.
With CONSULT_TEST_PG_URL set, the search and client-panel figures run on PostgreSQL too, in a
database of their own that is dropped afterwards. The table goes to the terminal and to
bench/out/latest.json.

With --chain 20 it runs instead a chain of 20 clinics sharing 1,000,000 clients and
3,000,000 consultations in one PostgreSQL database (bench/chain.py): search and the client
panel from one clinic's desk, written to bench/out/chain.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import chain, client_panel, client_sessions, documents, draft, search, startup
from bench.data import postgres_dataset, sqlite_dataset
from bench.measure import Row
from bench.report import OUT, machine, table, write_json


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--consultations", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=25, help="runs per in-process figure")
    parser.add_argument(
        "--starts", type=int, default=11, help="runs per first-paint figure (each a new process)"
    )
    # Each start until the first page takes about 10 s at clinic scale (the database check at
    # start reads and decrypts the whole file), so fewer runs keep the bench near 5 minutes.
    parser.add_argument(
        "--ready-starts",
        type=int,
        default=5,
        help="runs per first-page figure (each a new process that signs in and opens the file)",
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="skip PostgreSQL even if it is configured"
    )
    parser.add_argument(
        "--chain",
        type=int,
        metavar="CLINICS",
        help="instead, a chain of CLINICS clinics sharing one PostgreSQL database (needs "
        "CONSULT_TEST_PG_URL; at the default size about 6 minutes on a quiet 2-core machine, "
        "half an hour on a busy one)",
    )
    parser.add_argument("--chain-clients", type=int, default=1_000_000)
    parser.add_argument("--chain-consultations", type=int, default=3_000_000)
    parser.add_argument(
        "--chain-workers", type=int, default=2, help="processes making and loading its rows"
    )
    return parser


def _step(name: str) -> None:
    print(f"measuring: {name}", file=sys.stderr, flush=True)


def _sqlite_rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    with (
        tempfile.TemporaryDirectory(prefix="consult-bench-") as folder,
        sqlite_dataset(Path(folder), args.clients, args.consultations) as data,
    ):
        _step("start-up (new processes)")
        rows += startup.figures(data, args.starts, args.ready_starts)
        _step("search as you type")
        rows += search.figures(data, args.repeat)
        _step("client panel")
        rows += client_panel.figures(data, args.repeat)
        rows += client_sessions.figures(data, args.repeat)
        _step("documents")
        rows += documents.figures(data, args.repeat)
        _step("draft saves")
        rows += draft.figures(data, args.repeat)
    return rows


def _postgres_rows(args: argparse.Namespace) -> list[Row]:
    if args.no_postgres:
        return []
    with postgres_dataset(args.clients, args.consultations) as data:
        if data is None:
            return []
        _step("PostgreSQL: search and client panel")
        return (
            search.figures(data, args.repeat)
            + client_panel.figures(data, args.repeat)
            + client_sessions.figures(data, args.repeat)
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    began = time.perf_counter()
    before = machine()
    if args.chain:
        size = chain.Chain(args.chain, args.chain_clients, args.chain_consultations)
        rows = chain.figures(size, args.repeat, args.chain_workers)
        if not rows:
            return 2
        out = chain.OUT_CHAIN
    else:
        rows, out = _sqlite_rows(args) + _postgres_rows(args), OUT
    print(table(rows))
    written = write_json(rows, out)
    print(f"\nmachine: {before} at the start; {machine()} at the end")
    print(f"{sum(r.meets_target for r in rows)} of {len(rows)} figures meet their target")
    print(f"written to {written}; the whole run took {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
