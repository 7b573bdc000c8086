"""Which days a treatment session can be recorded on: a visit written up late is dated on the
day it happened, but never in the future, never before its course was planned and signed, and
never before the course's last session (the course's order of visits is its history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from consult_app.domain.dates import format_date
from consult_app.errors import Problem

FIELD = "session_date"


@dataclass(frozen=True, slots=True)
class SessionDateLimits:
    """The days around a course that bound its next session's date."""

    today: date  # the clinic's today
    consulted_on: date  # the consultation that planned the course
    signed_on: date  # the clinic's day the consultation was signed (its consent)
    last_session_on: date | None  # the course's latest session, treated or not; None if none

    @property
    def earliest(self) -> date:
        return max(self.consulted_on, self.signed_on, self.last_session_on or date.min)


def session_date_problems(session_date: date, limits: SessionDateLimits) -> list[Problem]:
    """Nothing if a session can be recorded on `session_date`; else what is wrong, in words
    that say which days can be chosen."""
    day = format_date(session_date)
    if session_date > limits.today:
        message = (
            f"{day} is in the future. A session is recorded on the day it happened: choose "
            f"today, {format_date(limits.today)}, or an earlier day."
        )
    elif session_date < limits.consulted_on:
        message = (
            f"{day} is before the consultation that planned this course, on "
            f"{format_date(limits.consulted_on)}: choose that day or a later one."
        )
    elif session_date < limits.signed_on:
        message = (
            f"{day} is before the consultation was signed, on "
            f"{format_date(limits.signed_on)}: choose that day or a later one."
        )
    elif limits.last_session_on is not None and session_date < limits.last_session_on:
        message = (
            f"{day} is before the last session of this course, on "
            f"{format_date(limits.last_session_on)}: choose that day or a later one."
        )
    else:
        return []
    return [Problem(FIELD, message)]
