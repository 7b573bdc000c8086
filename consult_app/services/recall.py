"""After the consultation: who is due for their next session (the recall list reception
prints), and a client's next session as a calendar file. Dates, numbers and phone numbers
only: nothing clinical, so reception may use all of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from consult_app.domain.appointment import ics, next_session
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.course import CourseProgress, RecallLine, progress_after
from consult_app.domain.dates import time_zone
from consult_app.domain.permissions import Permission
from consult_app.errors import NotAvailableError, Problem, ValidationError
from consult_app.services.access import require, use_case
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.store.repositories.recall import CourseFacts

Progress = Callable[[int, int], None]  # (courses read, courses to read)
PROGRESS_EVERY = 1000


def client_name(first: str, last: str) -> str:
    return ClientDetails(first, last, None).full_name


def _course(facts: CourseFacts) -> CourseProgress:
    return progress_after(
        facts.consultation_id,
        facts.plan,
        facts.consultation_date,
        facts.treated,
        facts.last_treated_on,
    )


class RecallService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    @use_case(write=False)
    def due(
        self, start: date | None, end: date, progress: Progress | None = None
    ) -> list[RecallLine]:
        """Clients whose next session is due from a day between `start` and `end` (both
        included), soonest first. Without `start`, everyone due by `end`, however long ago
        (the overdue are the ones reception most needs to call).

        A client's newest signed plan is their course: a later consultation replaces an
        earlier plan. Complete courses are left out. One query, read in batches.
        """
        require(self.context, Permission.SEE_APPOINTMENTS, "recall")
        if start is not None and end < start:
            raise ValidationError(
                [Problem("end", "The last date is before the first; change one of them.")]
            )
        today = self.context.today()
        lines: list[RecallLine] = []
        with self.context.store.reading() as uow:
            repository = uow.recall
            total = repository.count_courses(end) if progress is not None else 0
            newest: CourseFacts | None = None
            read = 0
            for facts in repository.courses(end):
                # In order of client, then consultation: a client's last row is their course.
                if newest is not None and facts.client_id != newest.client_id:
                    self._add_if_due(lines, newest, start, end, today)
                newest = facts
                read += 1
                if progress is not None and read % PROGRESS_EVERY == 0:
                    progress(read, max(total, read))
            if newest is not None:
                self._add_if_due(lines, newest, start, end, today)
        if progress is not None:
            progress(read, read)
        return sorted(lines, key=lambda line: (line.due_from, line.client_name.casefold()))

    @staticmethod
    def _add_if_due(
        lines: list[RecallLine], facts: CourseFacts, start: date | None, end: date, today: date
    ) -> None:
        course = _course(facts)
        due = course.next_due_from
        if due is None or due > end or (start is not None and due < start):
            return
        lines.append(
            RecallLine(
                facts.client_id,
                client_name(facts.first_name, facts.last_name),
                facts.phone,
                facts.consultation_id,
                course.next_number,
                course.planned,
                due,
                course.due_status(today),
            )
        )

    @use_case()
    def appointment_ics(
        self, consultation_id: int, *, starts_at: datetime | None = None, on: date | None = None
    ) -> bytes:
        """The consultation's next session as an iCalendar file: all day on its due date (or
        on `on`), or at `starts_at` (a time without a zone is the clinic's). Audited."""
        require(self.context, Permission.SEE_APPOINTMENTS, "consultation", consultation_id)
        with self.context.store.writing() as uow:
            facts = uow.recall.course(consultation_id)
            if facts is None:
                raise NotAvailableError(
                    "This consultation has no signed treatment plan, so there is no next "
                    "session to add to a calendar."
                )
            clinic = ClinicService(self.context).details() or ClinicDetails("Consult")
            at = _in_clinic_time(starts_at, clinic) if starts_at is not None else None
            today = self.context.today()
            appointment = next_session(_course(facts), clinic, today=today, on=on, starts_at=at)
            self.context.audit(
                uow, "export", "consultation", consultation_id, "next session as a calendar file"
            )
        return ics(appointment, datetime.now(UTC))


def _in_clinic_time(moment: datetime, clinic: ClinicDetails) -> datetime:
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=time_zone(clinic.time_zone) or ZoneInfo("UTC"))
