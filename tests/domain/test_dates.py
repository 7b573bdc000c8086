"""Calendar arithmetic every workstation must agree on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from consult_app.domain.dates import Period, add_months, age_on, format_date, parse_iso_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("14 days", Period(14, "days"), id="days"),
        pytest.param("1 day", Period(1, "days"), id="one-day"),
        pytest.param("2 weeks", Period(14, "days"), id="weeks-are-days"),
        pytest.param("1 week", Period(7, "days"), id="one-week"),
        pytest.param("6 months", Period(6, "months"), id="months"),
        pytest.param("1 month", Period(1, "months"), id="one-month"),
        pytest.param("  28 days ", Period(28, "days"), id="surrounding-spaces"),
    ],
)
def test_period_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "14",
        "days",
        "fourteen days",
        "14 fortnights",
        "-1 days",
        "1.5 months",
        "14days",
        "6 months ago",
        "12345 days",
        "2 weeks 3 days",
        "six months",
    ],
)
def test_period_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="is not a period"):
        Period.parse(text)


@pytest.mark.parametrize("text", ["0 days", "0 weeks", "0 months"])
def test_period_parse_refuses_no_time_at_all(text: str) -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        Period.parse(text)


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(14, "days"), "14 days"),
        (Period(1, "days"), "1 day"),
        (Period(6, "months"), "6 months"),
        (Period(1, "months"), "1 month"),
    ],
)
def test_period_reads_back(period: Period, text: str) -> None:
    assert str(period) == text
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    ("period", "start", "expected"),
    [
        pytest.param("14 days", date(2026, 11, 11), date(2026, 11, 25), id="14-days"),
        pytest.param("2 weeks", date(2026, 12, 25), date(2027, 1, 8), id="over-new-year"),
        pytest.param("28 days", date(2028, 2, 1), date(2028, 2, 29), id="leap-february"),
        pytest.param("6 months", date(2026, 5, 25), date(2026, 11, 25), id="6-months"),
        pytest.param("6 months", date(2026, 5, 31), date(2026, 11, 30), id="6-months-clamped"),
    ],
)
def test_period_after(period: str, start: date, expected: date) -> None:
    assert Period.parse(period).after(start) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 5, 25), 6, date(2026, 11, 25), id="same-day-number"),
        pytest.param(date(2026, 5, 31), 6, date(2026, 11, 30), id="31-may-to-30-nov"),
        pytest.param(date(2026, 8, 31), 6, date(2027, 2, 28), id="31-aug-to-28-feb"),
        pytest.param(date(2027, 8, 31), 6, date(2028, 2, 29), id="31-aug-to-29-feb-leap"),
        pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="31-jan-plus-1"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31-jan-plus-1-leap"),
        pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="29-feb-plus-a-year"),
        pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="29-feb-plus-4-years"),
        pytest.param(date(2026, 12, 15), 1, date(2027, 1, 15), id="december-to-january"),
        pytest.param(date(2026, 7, 10), 18, date(2028, 1, 10), id="over-two-year-ends"),
        pytest.param(date(2026, 3, 31), 0, date(2026, 3, 31), id="zero-months"),
        pytest.param(date(2026, 1, 15), -1, date(2025, 12, 15), id="backwards-over-year"),
        pytest.param(date(2026, 3, 31), -1, date(2026, 2, 28), id="backwards-clamped"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        pytest.param(date(2008, 11, 25), date(2026, 11, 25), 18, id="birthday-today-counts"),
        pytest.param(date(2008, 11, 26), date(2026, 11, 25), 17, id="birthday-tomorrow"),
        pytest.param(date(2008, 11, 24), date(2026, 11, 25), 18, id="birthday-yesterday"),
        pytest.param(date(2008, 12, 1), date(2026, 11, 30), 17, id="earlier-month"),
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), 17, id="29-feb-on-28-feb"),
        pytest.param(date(2008, 2, 29), date(2026, 3, 1), 18, id="29-feb-on-1-mar"),
        pytest.param(date(2008, 2, 29), date(2028, 2, 29), 20, id="29-feb-in-leap-year"),
        pytest.param(date(2026, 11, 25), date(2026, 11, 25), 0, id="born-today"),
        pytest.param(date(1906, 11, 25), date(2026, 11, 25), 120, id="120"),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2026, 11, 24), "24 Nov 2026"),
        (date(2027, 1, 1), "1 Jan 2027"),
        (date(2028, 2, 29), "29 Feb 2028"),
        (date(2026, 9, 9), "9 Sep 2026"),
        (date(2026, 12, 31), "31 Dec 2026"),
    ],
)
def test_format_date(value: date, text: str) -> None:
    assert format_date(value) == text


def test_format_date_names_every_month() -> None:
    names = [format_date(date(2026, month, 1)).split()[1] for month in range(1, 13)]
    assert names == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25", date(2026, 11, 25)),
        ("2028-02-29", date(2028, 2, 29)),
        (" 1990-05-24\n", date(1990, 5, 24)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2199-12-31", date(2199, 12, 31)),
    ],
)
def test_parse_iso_date(text: str, expected: date) -> None:
    assert parse_iso_date(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "25/11/2026",
        "2026-11-5",
        "20261125",
        "2026-W48-3",
        "2026-11-25T10:00",
        "26-11-25",
        "yesterday",
        "２０２６-１１-２５",
        None,
        20261125,
        ["2026-11-25"],
    ],
)
def test_parse_iso_date_refuses_other_shapes(value: Any) -> None:
    with pytest.raises(ValueError, match=r"date"):
        parse_iso_date(value)


@pytest.mark.parametrize(
    "text", ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01"]
)
def test_parse_iso_date_refuses_days_not_on_the_calendar(text: str) -> None:
    with pytest.raises(ValueError, match="not a real calendar date"):
        parse_iso_date(text)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_parse_iso_date_refuses_implausible_years(text: str) -> None:
    with pytest.raises(ValueError, match="not a plausible date; check the year"):
        parse_iso_date(text)


def test_parse_iso_date_message_shows_the_expected_form() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_date("25/11/2026")
