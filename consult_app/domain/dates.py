"""Calendar arithmetic shared by every workstation, so all of them decide the same."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_PERIOD = re.compile(r"^\s*(\d{1,4})\s+(day|days|week|weeks|month|months)\s*$")
# Dates a consultation can sensibly mention; also keeps waiting-period sums inside the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
# A British clinic unless it says otherwise (a clinic setting, see domain/clinic.py).
DEFAULT_TIME_ZONE = "Europe/London"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DateStyle(StrEnum):
    """How a clinic's documents write a date; the month is always a word, never ambiguous."""

    DAY_MONTH_YEAR = "day_month_year"  # 24 Nov 2026 (British, the default)
    MONTH_DAY_YEAR = "month_day_year"  # Nov 24, 2026 (US)


@dataclass(frozen=True, slots=True)
class Period:
    """A waiting period: a number of days or of calendar months."""

    count: int
    unit: str  # "days" or "months"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "14 days", "2 weeks" or "6 months"; raise ValueError for anything else."""
        match = _PERIOD.match(text)
        if not match:
            raise ValueError(
                f'"{text}" is not a period; write it like "14 days", "2 weeks" or "6 months"'
            )
        count, unit = int(match[1]), match[2]
        if count == 0:
            raise ValueError(f'"{text}" is no time at all; give a period of at least 1 day')
        if unit.startswith("week"):
            return cls(count * 7, "days")
        return cls(count, "days" if unit.startswith("day") else "months")

    def after(self, start: date) -> date:
        if self.unit == "days":
            return start + timedelta(days=self.count)
        return add_months(start, self.count)

    def __str__(self) -> str:
        unit = self.unit if self.count != 1 else self.unit[:-1]
        return f"{self.count} {unit}"


def add_months(start: date, months: int) -> date:
    """The same day number `months` later, clamped to the last day of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years completed on `on`; a birthday on `on` counts as completed."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


def format_date(value: date, style: DateStyle = DateStyle.DAY_MONTH_YEAR) -> str:
    """Never ambiguous: 24 Nov 2026 (British clinic style), or Nov 24, 2026 (US)."""
    month = _MONTHS[value.month - 1]
    if style is DateStyle.MONTH_DAY_YEAR:
        return f"{month} {value.day}, {value.year}"
    return f"{value.day} {month} {value.year}"


# "localtime" is the workstation's own zone, which documents must never depend on (two desks
# would print the same record differently); "Factory" is no place.
NOT_CLINIC_ZONES = frozenset({"localtime", "Factory"})


def time_zone(name: str) -> ZoneInfo | None:
    """The zone an IANA name such as "Europe/London" stands for, or None if there is none (or
    it is not a place's zone: NOT_CLINIC_ZONES)."""
    if name.strip() in NOT_CLINIC_ZONES:
        return None
    # Here, not above: the window's first paint shows dates but no time zone.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    # ValueError: a name such as "../etc"; OSError: a folder of the zone data, such as
    # "Europe/" typed half-way, when the zones come from the tzdata package (as on Windows).
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def format_moment(
    moment: datetime,
    zone: str = DEFAULT_TIME_ZONE,
    style: DateStyle = DateStyle.DAY_MONTH_YEAR,
) -> str:
    """A stored (UTC) moment in the clinic's own time: "2 Dec 2026, 10:06 GMT".

    The one format for times on every document. The zone is the clinic's setting, never the
    workstation's, so every computer prints the same record with the same bytes; a zone this
    computer does not know prints the moment in UTC rather than failing.
    """
    at = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    local = at.astimezone(time_zone(zone) or UTC)
    return f"{format_date(local.date(), style)}, {local:%H:%M} {local.tzname()}"


def day_in(moment: datetime, zone: str = DEFAULT_TIME_ZONE) -> date:
    """The clinic's calendar day at a stored (UTC) moment: a consent signed at 23:30 UTC is
    signed the next day in a clinic east of Greenwich."""
    at = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return at.astimezone(time_zone(zone) or UTC).date()


def parse_iso_date(text: str) -> date:
    """Parse YYYY-MM-DD strictly; raise ValueError with a message a person can act on."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, for example 1990-05-24")
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"{text!r} is not a plausible date; check the year")
    return value
