"""A client's next session as a calendar file (iCalendar, RFC 5545): when, where and whom to
call to book; never anything clinical, since a calendar is shared, synced and shown on lock
screens."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.course import CourseProgress
from consult_app.errors import NotAvailableError

PRODUCT_ID = "-//Consult//Consult appointments//EN"
LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded
SESSION_MINUTES = 60  # how long a booked session blocks the calendar


@dataclass(frozen=True, slots=True)
class Appointment:
    """One event: all day on `on` when `starts_at` is None (a session due from that day, not
    yet booked), else `minutes` long from `starts_at` (an aware moment)."""

    uid: str
    summary: str
    description: str
    location: str
    on: date
    starts_at: datetime | None = None
    minutes: int = SESSION_MINUTES


def next_session(
    course: CourseProgress,
    clinic: ClinicDetails,
    *,
    today: date | None = None,
    on: date | None = None,
    starts_at: datetime | None = None,
) -> Appointment:
    """The course's next session: on its due date unless another day (`on`) or a booked
    moment (`starts_at`) is given; a session already due by `today` is put on `today`, since
    a reminder in the past is never seen. A complete course has no next session."""
    due = course.next_due_from
    if due is None:
        raise NotAvailableError(
            f"The planned course of {course.planned} sessions is complete, so there is no next "
            "session to add to a calendar."
        )
    overdue = today is not None and due < today
    default_day = today if today is not None and overdue else due
    day = starts_at.date() if starts_at is not None else (on or default_day)
    number = f"session {course.next_number} of {course.planned}"
    summary = f"Micro-needling {number} at {clinic.name}"
    if starts_at is not None:
        booked = clinic.moment(starts_at)
        when = f"Your micro-needling {number} at {clinic.name} is booked for {booked}."
    elif overdue:
        when = (
            f"Your micro-needling {number} at {clinic.name} has been due since "
            f"{clinic.date(due)}: please book it when it suits you."
        )
    else:
        when = f"Your micro-needling {number} at {clinic.name} is due from {clinic.date(due)}."
    book = (
        f"To book or change it, call {clinic.name} on {clinic.phone}."
        if clinic.phone
        else f"To book or change it, contact {clinic.name}."
    )
    return Appointment(
        uid=_uid(clinic.name, course.consultation_id, course.next_number),
        summary=summary,
        description=f"{when}\n{book}",
        location=", ".join(line.strip() for line in clinic.address.splitlines() if line.strip()),
        on=day,
        starts_at=starts_at,
    )


def _uid(clinic: str, consultation_id: int, number: int) -> str:
    """The same for every export of one session, so a calendar updates the event instead of
    adding a second; opaque, so the file names no record."""
    digest = hashlib.sha256(f"{clinic}\x1f{consultation_id}\x1f{number}".encode()).hexdigest()
    return f"{digest[:32]}@consult-app"


def ics(appointment: Appointment, stamp: datetime) -> bytes:
    """The appointment as an iCalendar file: CRLF line ends, text escaped, long lines folded
    at 75 octets; `stamp` (when the file was made) is written in UTC."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{appointment.uid}",
        f"DTSTAMP:{_utc(stamp)}",
    ]
    if appointment.starts_at is None:
        # All day, and free time: the session is due from that day, not booked for it.
        lines += [
            f"DTSTART;VALUE=DATE:{appointment.on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{appointment.on + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ]
    else:
        end = appointment.starts_at + timedelta(minutes=appointment.minutes)
        lines += [
            f"DTSTART:{_utc(appointment.starts_at)}",
            f"DTEND:{_utc(end)}",
            "TRANSP:OPAQUE",
        ]
    lines.append(f"SUMMARY:{escape_text(appointment.summary)}")
    lines.append(f"DESCRIPTION:{escape_text(appointment.description)}")
    if appointment.location:
        lines.append(f"LOCATION:{escape_text(appointment.location)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return b"".join(fold(line) + b"\r\n" for line in lines)


def _utc(moment: datetime) -> str:
    at = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{at:%Y%m%dT%H%M%S}Z"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as
    \\n; other control characters, which TEXT may not hold, dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escaped)
    return text


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded so no physical line is longer than 75 octets
    (continuations start with a space, which counts), never inside a character."""
    out: list[bytes] = []
    current = b""
    limit = LINE_OCTETS
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b" "
            limit = LINE_OCTETS
        current += encoded
    out.append(current)
    return b"\r\n".join(out)
