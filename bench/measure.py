"""What every figure reports, and timing that holds on a noisy machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: our figure, the floor's, and the ratio the issue asks for."""

    figure: str
    ours: float
    floor: float
    target: float
    # What else the reader needs to weigh the ratio, measured in the same run (another floor).
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def meets_target(self) -> bool:
        return self.ratio <= self.target

    def as_json(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            "ours": round(self.ours, 3),
            "floor": round(self.floor, 3),
            "ratio": round(self.ratio, 2),
            "target": self.target,
            **({"note": self.note} if self.note else {}),
        }


def once_ms(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def paired_ms(
    ours: Callable[[], object], floor: Callable[[], object], repeat: int, warm_up: int = 1
) -> tuple[float, float]:
    """Medians of `ours` and `floor`, run alternately, so a noisy spell hits both alike."""
    ours_ms, floor_ms = alternating_ms((ours, floor), repeat, warm_up)
    return ours_ms, floor_ms


def alternating_ms(
    works: Sequence[Callable[[], object]], repeat: int, warm_up: int = 1
) -> list[float]:
    """The median of each of `works`, run in turn, so a noisy spell hits them all alike."""
    for _ in range(warm_up):
        for work in works:
            work()
    runs: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for work, times in zip(works, runs, strict=True):
            times.append(once_ms(work))
    return [statistics.median(times) for times in runs]
