"""`python -m bench`: demo generation and client search at clinic scale, against the floor.

Each figure is a median over repeated runs; the floor is the bare dependency doing the same
work (sqlite3 inserting the same rows, sqlite3 running the same search query).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from consult_app.content.bundle import default_content
from consult_app.domain.text import fold
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.services.demo import fill_demo
from consult_app.store.store import open_store

OUT = Path(__file__).resolve().parent / "out" / "latest.json"
PREFIXES = ("l", "lu", "luk", "luka", "ng", "nguy", "so", "sør", "smi", "ив", "пап", "müll")


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _floor_insert(path: Path, source: Path, clients: int) -> float:
    """Bare sqlite3 copying the same client rows into an empty table with the same indexes."""
    rows = sqlite3.connect(source).execute("SELECT * FROM clients LIMIT ?", (clients,)).fetchall()
    schema = (
        sqlite3.connect(source)
        .execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'clients' AND sql IS NOT NULL")
        .fetchall()
    )
    connection = sqlite3.connect(path)
    for (sql,) in schema:
        connection.execute(sql)
    marks = ",".join("?" * len(rows[0]))
    start = time.perf_counter()
    with connection:
        connection.executemany(f"INSERT INTO clients VALUES ({marks})", rows)
    connection.close()
    return (time.perf_counter() - start) * 1000


def _raw_search(connection: sqlite3.Connection, prefix: str) -> list[int]:
    key = fold(prefix)
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    sql = (
        "SELECT id FROM (SELECT id, last_key, first_key FROM clients "
        "WHERE last_key >= ? AND last_key < ? UNION SELECT id, last_key, first_key FROM clients "
        "WHERE first_key >= ? AND first_key < ?) ORDER BY last_key, first_key, id"
    )
    return [r[0] for r in connection.execute(sql, (key, upper, key, upper))]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = open_store(f"sqlite:///{path}")
        content = default_content()
        start = time.perf_counter()
        fill_demo(store, content, args.clients, 0, today=date.today())
        demo_ms = (time.perf_counter() - start) * 1000
        floor_ms = _floor_insert(Path(folder) / "floor.db", path, args.clients)
        results.append(("demo: add clients (ms)", demo_ms, floor_ms, 60_000 / floor_ms))
        service = ClientService(AppContext(store=store, content=content))
        raw = sqlite3.connect(path)
        ours = statistics.median(
            _median_ms(lambda p=p: service.search(p), args.repeat) for p in PREFIXES
        )
        floor = statistics.median(
            _median_ms(lambda p=p: _raw_search(raw, p), args.repeat) for p in PREFIXES
        )
        results.append(("search as you type, median prefix (ms)", ours, floor, 2.0))
        store.close()
    print(f"{'figure':44} {'ours':>10} {'floor':>10} {'ratio':>7} {'target':>7}")
    rows = []
    for figure, ours_ms, floor_ms, target in results:
        ratio = ours_ms / floor_ms
        rows.append(
            {
                "figure": figure,
                "ours": round(ours_ms, 3),
                "floor": round(floor_ms, 3),
                "ratio": round(ratio, 2),
                "target": round(target, 2),
            }
        )
        print(f"{figure:44} {ours_ms:10.2f} {floor_ms:10.2f} {ratio:7.2f} {target:7.2f}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
