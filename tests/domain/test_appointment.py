"""The next session as an iCalendar file: RFC 5545 text that calendar apps read back as we meant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from consult_app.domain.appointment import escape_text, fold, ics, next_session
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.course import CourseProgress
from consult_app.errors import NotAvailableError

STAMP = datetime(2026, 12, 2, 19, 30, 5, tzinfo=UTC)
CLINIC = ClinicDetails(
    "Skin; Studio, \\ Harrogate",
    address="12 Parliament Street\nHarrogate HG1 2QU",
    phone="01423 555 010",
)
COURSE = CourseProgress(7, 4, 1, 6, date(2026, 12, 2), date(2027, 1, 13))


def _unfolded(data: bytes) -> list[str]:
    """The content lines, after checking every physical line's ending and length."""
    assert data.endswith(b"\r\n")
    physical = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical), [len(x) for x in physical]
    text = data.decode("utf-8").replace("\r\n ", "")
    return text.split("\r\n")[:-1]


def test_an_all_day_event_on_the_due_date_parses_back() -> None:
    data = ics(next_session(COURSE, CLINIC), STAMP)
    lines = _unfolded(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20270113" in lines and "DTEND;VALUE=DATE:20270114" in lines
    assert "DTSTAMP:20261202T193005Z" in lines
    assert r"SUMMARY:Micro-needling session 2 of 4 at Skin\; Studio\, \\ Harrogate" in lines

    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2027, 1, 13)
    assert event.decoded("DTEND") == date(2027, 1, 14)
    assert event.decoded("DTSTAMP") == STAMP
    assert str(event["SUMMARY"]) == "Micro-needling session 2 of 4 at Skin; Studio, \\ Harrogate"
    assert str(event["DESCRIPTION"]) == (
        "Your micro-needling session 2 of 4 at Skin; Studio, \\ Harrogate is due from "
        "13 Jan 2027.\nTo book or change it, call Skin; Studio, \\ Harrogate on 01423 555 010."
    )
    assert str(event["LOCATION"]) == "12 Parliament Street, Harrogate HG1 2QU"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["UID"]).endswith("@consult-app")


def test_a_booked_time_in_the_clinic_zone_is_written_in_utc() -> None:
    at = datetime(2027, 7, 14, 15, 30, tzinfo=ZoneInfo("Europe/London"))  # 14:30 UTC in summer
    data = ics(next_session(COURSE, CLINIC, starts_at=at), STAMP)
    lines = _unfolded(data)
    assert "DTSTART:20270714T143000Z" in lines and "DTEND:20270714T153000Z" in lines
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert "booked for 14 Jul 2027, 15:30 BST" in str(event["DESCRIPTION"])


def test_the_uid_is_the_same_on_every_export_of_one_session_and_differs_for_the_next() -> None:
    first = next_session(COURSE, CLINIC)
    assert next_session(COURSE, CLINIC, on=date(2027, 2, 1)).uid == first.uid
    later = CourseProgress(7, 4, 2, 6, date(2027, 1, 13), date(2027, 2, 24))
    assert next_session(later, CLINIC).uid != first.uid
    local = first.uid.split("@")[0]  # opaque: a digest, not the record's number
    assert len(local) == 32 and int(local, 16) >= 0


def test_long_and_non_ascii_lines_fold_at_75_octets_never_inside_a_character() -> None:
    clinic = ClinicDetails("Clínica Dermatológica Łukasiewicz — Ünter den Linden " * 3)
    data = ics(next_session(COURSE, clinic), STAMP)
    _unfolded(data)  # lengths and line ends checked there
    data.decode("utf-8")  # every physical line boundary falls between characters
    for physical in data.split(b"\r\n"):
        physical.decode("utf-8")
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Micro-needling session 2 of 4 at {clinic.name}"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("one\r\ntwo\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
        ("bell\x07 and \u202eoverride", "bell and override"),
    ],
)
def test_text_is_escaped(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_fold_keeps_a_75_octet_line_whole_and_folds_the_76th() -> None:
    assert fold("x" * 75) == b"x" * 75
    assert fold("x" * 76) == b"x" * 75 + b"\r\n x"
    assert fold("é" * 40).split(b"\r\n")[0] == "é".encode() * 37  # 74 octets, not 75 split


def test_no_clinical_content_and_no_next_session_once_the_course_is_complete() -> None:
    text = ics(next_session(COURSE, CLINIC), STAMP).decode()
    for clinical in ("depth", " mm", "caution", "numbing", "isotretinoin", "lot"):
        assert clinical not in text.lower()
    done = CourseProgress(7, 4, 4, 6, date(2027, 3, 1), None)
    with pytest.raises(NotAvailableError, match="course of 4 sessions is complete"):
        next_session(done, CLINIC)


def test_a_session_already_due_goes_on_today_and_says_since_when() -> None:
    """A calendar reminder in the past is never seen: an overdue session lands on today."""
    today = date(2027, 2, 1)  # COURSE's next session was due from 13 Jan 2027
    event = icalendar.Calendar.from_ical(ics(next_session(COURSE, CLINIC, today=today), STAMP))
    (found,) = event.walk("VEVENT")
    assert found.decoded("DTSTART") == today
    assert str(found["DESCRIPTION"]).startswith(
        "Your micro-needling session 2 of 4 at Skin; Studio, \\ Harrogate has been due since "
        "13 Jan 2027: please book it when it suits you."
    )


def test_a_session_not_yet_due_stays_on_its_due_date() -> None:
    for today in (date(2027, 1, 13), date(2026, 12, 20)):  # the day itself, and before it
        appointment = next_session(COURSE, CLINIC, today=today)
        assert appointment.on == date(2027, 1, 13) and "is due from 13 Jan 2027" in (
            appointment.description
        )
