"""Search as you type: every prefix of a few surnames, through the service the GUI calls.

Each keystroke lists the first page of matches and, when the page is full, counts the matches
up to a cap (`ClientService.find`); the floor runs the same two statements with the same values
through the bare driver, in one read transaction, and counts only when the page is full too."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from bench.data import Dataset
from bench.measure import Row, alternating_ms
from bench.rawsql import plain
from consult_app.domain.client import ClientMatches
from consult_app.services.clients import COUNTED, PAGE, ClientService
from consult_app.store.search import paged_search

# Surnames of the demo pools in several scripts; "Williams" starts the most common initial.
SURNAMES = ("Williams", "Łukasiewicz", "Nguyễn", "Παπαδοπούλου", "Иванова", "Müller", "Patel")
FRAME_MS = 16.0


def keystrokes() -> list[str]:
    return [name[:end] for name in SURNAMES for end in range(1, len(name) + 1)]


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    service = ClientService(dataset.context())
    dialect = dataset.store.engine.dialect
    raw = dataset.connect_raw()

    # The page and its count are read in one transaction, so they agree, as the service's are:
    # psycopg begins one by itself, the sqlite3-style driver only before a write.
    begin = "BEGIN DEFERRED" if dataset.backend == "SQLite" else None

    def floor(page: tuple[str, object], count: tuple[str, object]) -> ClientMatches:
        cursor = raw.cursor()
        if begin:
            cursor.execute(begin)
        cursor.execute(*page)
        ids = tuple(row[0] for row in cursor.fetchall())
        if len(ids) < PAGE:
            raw.rollback()  # end the read transaction, as the service does
            return ClientMatches(ids, len(ids))
        cursor.execute(*count)
        found = cursor.fetchone()[0]
        raw.rollback()
        return ClientMatches(ids, min(found, COUNTED), more_than=found > COUNTED)

    works: list[Callable[[], object]] = []
    for prefix in keystrokes():
        # The same SQL the service runs, made before the clock starts: the floor only runs it.
        paged, values = paged_search(prefix, PAGE, COUNTED + 1)
        page, count = plain(paged.page, values, dialect), plain(paged.count, values, dialect)
        if service.find(prefix) != floor(page, count):
            raise AssertionError(f"the floor found other clients for {prefix!r}")
        works += [lambda p=prefix: service.find(p), lambda a=page, b=count: floor(a, b)]
    # Every keystroke in turn, ours then the floor, `repeat` times over: a noisy spell of a
    # busy machine then lands on many keystrokes once each, not on all runs of one (which
    # made the slowest keystroke a measure of the machine's worst second, the floor's too).
    medians = alternating_ms(works, repeat)
    timings = list(zip(medians[::2], medians[1::2], strict=True))
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
