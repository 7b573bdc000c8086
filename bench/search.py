"""Search as you type: every prefix of a few surnames, through the service the GUI calls."""

from __future__ import annotations

import statistics

from bench.data import Dataset
from bench.measure import Row, paired_ms
from bench.rawsql import plain
from consult_app.services.clients import ClientService
from consult_app.store.search import search_statement

# Surnames of the demo pools in several scripts; "Williams" starts the most common initial.
SURNAMES = ("Williams", "Łukasiewicz", "Nguyễn", "Παπαδοπούλου", "Иванова", "Müller", "Patel")
FRAME_MS = 16.0


def keystrokes() -> list[str]:
    return [name[:end] for name in SURNAMES for end in range(1, len(name) + 1)]


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    service = ClientService(dataset.context())
    dialect = dataset.store.engine.dialect
    raw = dataset.connect_raw()

    def floor(sql: str, params: object) -> list[int]:
        cursor = raw.cursor()
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
        raw.rollback()  # end the read transaction, as the service does
        return ids

    timings = []
    for prefix in keystrokes():
        # The same SQL the service runs, made before the clock starts: the floor only runs it.
        sql, params = plain(*search_statement(prefix), dialect)
        if service.search(prefix) != floor(sql, params):
            raise AssertionError(f"the floor found other clients for {prefix!r}")
        timings.append(
            paired_ms(
                lambda p=prefix: service.search(p), lambda s=sql, a=params: floor(s, a), repeat
            )
        )
    raw.close()
    where = f" ({dataset.backend})"
    ours = [o for o, _ in timings]
    floors = [f for _, f in timings]
    return [
        Row(
            f"search as you type, median keystroke, ms{where}",
            statistics.median(ours),
            statistics.median(floors),
            2.0,
        ),
        Row(f"search as you type, slowest keystroke, ms{where}", max(ours), max(floors), 2.0),
        # "Every keystroke well under one frame": here the floor column holds the frame, and
        # "well under" is read as at most half of it.
        Row(
            f"search as you type, slowest keystroke vs a 16 ms frame{where}",
            max(ours),
            FRAME_MS,
            0.5,
        ),
    ]
