"""Which backups to keep: the newest of each of the last days, weeks and months (pure)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

DAILY = 7
WEEKLY = 4
MONTHLY = 12


def _day(stamp: datetime) -> Hashable:
    return stamp.date()


def _week(stamp: datetime) -> Hashable:
    return stamp.isocalendar()[:2]


def _month(stamp: datetime) -> Hashable:
    return (stamp.year, stamp.month)


def backups_to_keep(
    stamps: Iterable[datetime],
    *,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> set[datetime]:
    """The newest backup of each of the `daily` newest days that have one, likewise for weeks
    and months; everything else may go.

    Periods are counted only where a backup exists (a clinic closed for a fortnight keeps its
    last seven working days), so at most daily + weekly + monthly are kept, the newest always
    among them. The answer depends only on the set of time stamps, not on their order.
    """
    newest_first = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set()
    rules: tuple[tuple[Callable[[datetime], Hashable], int], ...] = (
        (_day, daily),
        (_week, weekly),
        (_month, monthly),
    )
    for period, count in rules:
        seen: set[Hashable] = set()
        for stamp in newest_first:
            if len(seen) >= count:
                break
            key = period(stamp)
            if key not in seen:
                seen.add(key)
                keep.add(stamp)
    return keep
