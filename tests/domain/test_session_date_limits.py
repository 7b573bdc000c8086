"""Which days a session can be dated on: today or earlier, never before the consultation that
planned the course, nor before it was signed, nor before the course's last session."""

from datetime import UTC, date, datetime, timedelta

import pytest

from consult_app.domain.dates import day_in
from consult_app.domain.session_date import SessionDateLimits, session_date_problems

TODAY = date(2026, 12, 3)
LIMITS = SessionDateLimits(
    today=TODAY,
    consulted_on=date(2026, 10, 1),
    signed_on=date(2026, 10, 5),
    last_session_on=date(2026, 11, 2),
)


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (TODAY, None),
        (date(2026, 11, 2), None),  # the same day as the last session: a second visit
        (date(2026, 11, 20), None),  # a visit written up late
        (TODAY + timedelta(days=1), "4 Dec 2026 is in the future. A session is recorded on the"),
        (date(2026, 11, 1), "1 Nov 2026 is before the last session of this course, on 2 Nov"),
        (date(2026, 10, 4), "4 Oct 2026 is before the consultation was signed, on 5 Oct 2026"),
        (date(2026, 9, 30), "30 Sep 2026 is before the consultation that planned this course"),
    ],
)
def test_session_dates_on_either_side_of_each_limit(day: date, refused: str | None) -> None:
    problems = session_date_problems(day, LIMITS)
    if refused is None:
        assert problems == []
    else:
        [problem] = problems
        assert problem.field == "session_date"
        assert problem.message.startswith(refused)


def test_the_first_session_is_bounded_by_the_signing_only() -> None:
    first = SessionDateLimits(TODAY, date(2026, 10, 1), date(2026, 10, 1), None)
    assert first.earliest == date(2026, 10, 1)
    assert session_date_problems(date(2026, 10, 1), first) == []
    assert LIMITS.earliest == date(2026, 11, 2)


def test_a_signing_moment_falls_on_the_clinics_own_day() -> None:
    late = datetime(2026, 10, 4, 23, 30)  # stored in UTC
    assert day_in(late) == date(2026, 10, 5)  # London is on summer time: 00:30 on the 5th
    assert day_in(late, "America/New_York") == date(2026, 10, 4)
    assert day_in(late.replace(tzinfo=UTC), "Nowhere/Atlantis") == date(2026, 10, 4)
