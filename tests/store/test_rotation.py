"""Backup rotation: 7 daily, 4 weekly, 12 monthly; a pure decision, checked by properties."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from consult_app.store.rotation import backups_to_keep

START = datetime(2024, 1, 1, tzinfo=UTC)
stamps = st.lists(
    st.integers(min_value=0, max_value=3 * 365 * 24 * 3600).map(
        lambda s: START + timedelta(seconds=s)
    ),
    max_size=400,
)


@given(stamps)
def test_the_newest_is_always_kept(found: list[datetime]) -> None:
    kept = backups_to_keep(found)
    if found:
        assert max(found) in kept


@given(stamps)
def test_at_most_23_are_kept_and_only_ones_that_exist(found: list[datetime]) -> None:
    kept = backups_to_keep(found)
    assert len(kept) <= 7 + 4 + 12
    assert kept <= set(found)


@given(stamps, st.randoms(use_true_random=False))
def test_the_decision_depends_only_on_the_stamps(found: list[datetime], rng: random.Random) -> None:
    shuffled = list(found)
    rng.shuffle(shuffled)
    assert backups_to_keep(found) == backups_to_keep(shuffled) == backups_to_keep(found + found)


@given(stamps)
def test_keeping_is_stable(found: list[datetime]) -> None:
    """Rotating what a rotation kept deletes nothing more."""
    kept = backups_to_keep(found)
    assert backups_to_keep(kept) == kept


def test_a_year_of_daily_backups_keeps_days_weeks_and_months() -> None:
    days = [START + timedelta(days=n, hours=9) for n in range(366)]
    kept = sorted(backups_to_keep(days), reverse=True)
    assert kept[:7] == days[::-1][:7]  # the last seven days
    assert len({k.isocalendar()[:2] for k in kept}) >= 4
    assert len({(k.year, k.month) for k in kept}) == 12
    assert len(kept) <= 23


def test_several_backups_a_day_keep_the_newest_of_each_day() -> None:
    day = datetime(2026, 11, 25, 8, tzinfo=UTC)
    found = [day + timedelta(hours=h) for h in range(5)]
    assert backups_to_keep(found) == {found[-1]}
