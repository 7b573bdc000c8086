"""A course of treatment: how far a signed plan has got, when the next session is due, and the
cautions a session's timing raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from consult_app.domain.dates import DateStyle, format_date
from consult_app.domain.plan import Plan
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding

# Rule ids of the cautions a session's timing raises; decided like any other caution.
SESSION_TOO_SOON = "session_too_soon"
COURSE_COMPLETE = "course_complete"
# A session not had this long after it was due counts as overdue on the recall list.
OVERDUE_AFTER = timedelta(days=14)
# The recall list at first: everyone due up to two weeks ahead, overdue however long ago.
RECALL_AHEAD = timedelta(weeks=2)


def session_of(number: int, planned: int | None) -> str:
    """ "2 of 4": a session's place in its course, as the recall list, a traced batch and the
    records write it; the number alone if the plan's count is not known."""
    return f"{number} of {planned}" if planned else str(number)


class DueStatus(StrEnum):
    NOT_DUE = "not_due"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETE = "complete"


DUE_STATUS_WORDS = {
    DueStatus.NOT_DUE: "Not due yet",
    DueStatus.DUE: "Due",
    DueStatus.OVERDUE: "Overdue",
    DueStatus.COMPLETE: "Course complete",
}


@dataclass(frozen=True, slots=True)
class CourseProgress:
    """Where one signed plan stands: sessions planned and treated, and the next due date."""

    consultation_id: int
    planned: int
    treated: int
    interval_weeks: int
    last_treated_on: date | None
    next_due_from: date | None  # None once the course is complete

    @property
    def complete(self) -> bool:
        return self.treated >= self.planned

    @property
    def next_number(self) -> int:
        return self.treated + 1

    def due_status(self, today: date) -> DueStatus:
        if self.next_due_from is None:
            return DueStatus.COMPLETE
        if today < self.next_due_from:
            return DueStatus.NOT_DUE
        if today > self.next_due_from + OVERDUE_AFTER:
            return DueStatus.OVERDUE
        return DueStatus.DUE

    def words(self, style: DateStyle = DateStyle.DAY_MONTH_YEAR) -> str:
        """ "2 of 4 sessions done, next due from 13 Jan 2027", as the client panel says it."""
        done = f"{self.treated} of {self.planned} session{'s' if self.planned != 1 else ''} done"
        if self.next_due_from is None:
            return f"{done}: the course is complete"
        return f"{done}, next due from {format_date(self.next_due_from, style)}"


def progress(
    consultation_id: int, plan: Plan, consultation_date: date, treated_on: list[date]
) -> CourseProgress:
    """The course a signed plan sets, after the sessions treated on `treated_on`. The first
    session is due from the consultation's day; each later one `interval_weeks` after the
    last treated session."""
    last = max(treated_on) if treated_on else None
    return progress_after(consultation_id, plan, consultation_date, len(treated_on), last)


def progress_after(
    consultation_id: int, plan: Plan, consultation_date: date, done: int, last: date | None
) -> CourseProgress:
    """`progress` from the count of treated sessions and the latest one's date, as a query
    over a whole clinic reads them (the recall list)."""
    return course_after(
        consultation_id, plan.sessions, plan.interval_weeks, consultation_date, done, last
    )


def course_after(
    consultation_id: int,
    planned: int,
    interval_weeks: int,
    consultation_date: date,
    done: int,
    last: date | None,
) -> CourseProgress:
    """`progress_after` from the plan's two numbers alone, as the database reads them out of
    the plan for the client panel (no whole plan decoded)."""
    if done >= planned:
        due = None
    elif last is None:
        due = consultation_date
    else:
        due = last + timedelta(weeks=interval_weeks)
    return CourseProgress(consultation_id, planned, done, interval_weeks, last, due)


def course_cautions(course: CourseProgress, session_date: date) -> list[Finding]:
    """Cautions from when this session falls: sooner than the plan's interval after the last
    one, or after the planned course is complete. Each needs a decision."""
    if course.complete:
        return [
            Finding(
                COURSE_COMPLETE,
                Severity.CAUTION,
                f"The planned course of {course.planned} sessions is already complete.",
                "Check the results with the client and agree whether another session is right; "
                "record why, or plan a new course at a new consultation.",
            )
        ]
    due = course.next_due_from
    if course.last_treated_on is not None and due is not None and session_date < due:
        days = (session_date - course.last_treated_on).days
        # A second session on the same day read "Only 0 days since the last session"; and a
        # visit written up later is not "today".
        since = (
            f"The last session was the same day, {format_date(course.last_treated_on)}"
            if days == 0
            else f"Only {days} day{'s' if days != 1 else ''} since the last session on "
            f"{format_date(course.last_treated_on)}"
        )
        return [
            Finding(
                SESSION_TOO_SOON,
                Severity.CAUTION,
                f"{since}; the plan spaces sessions "
                f"{course.interval_weeks} weeks apart, so the next is due from {format_date(due)}.",
                "Skin needs this time to repair and build collagen between sessions. Wait until "
                "the due date, or record why treating sooner is right for this client.",
                reassess_on=due,
            )
        ]
    return []


@dataclass(frozen=True, slots=True)
class RecallLine:
    """One client due for their next session: what reception needs to call them, no more."""

    client_id: int
    client_name: str
    phone: str
    consultation_id: int
    next_number: int
    planned: int
    due_from: date
    status: DueStatus

    def row(self, style: DateStyle = DateStyle.DAY_MONTH_YEAR) -> tuple[str, ...]:
        """The line as the recall dialog and `consult-app recall` show it (RECALL_HEADER)."""
        return (
            self.client_name,
            self.phone,
            session_of(self.next_number, self.planned),
            format_date(self.due_from, style),
            DUE_STATUS_WORDS[self.status],
        )


RECALL_HEADER = ("Client", "Phone", "Session", "Due from", "Status")
# How a count of each status reads after the number, most urgent first.
_COUNT_WORDS = (
    (DueStatus.OVERDUE, "overdue"),
    (DueStatus.DUE, "due"),
    (DueStatus.NOT_DUE, "not due yet"),
)


def recall_count_words(lines: list[RecallLine] | tuple[RecallLine, ...]) -> str:
    """ "3 clients: 1 overdue, 1 due, 1 not due yet." under the recall list, so the count
    says what the Status column says rather than calling everyone due."""
    count = len(lines)
    if not count:
        return "Nobody."
    clients = f"{count:,} client{'s' if count != 1 else ''}"
    statuses = [line.status for line in lines]
    parts = [f"{statuses.count(s):,} {words}" for s, words in _COUNT_WORDS if s in statuses]
    if len(parts) == 1:  # all alike: "2 clients, all overdue."
        alike = parts[0].split(" ", 1)[1]
        return f"{clients}, {'both ' if count == 2 else 'all ' if count > 2 else ''}{alike}."
    return f"{clients}: {', '.join(parts)}."
