"""Plan progress and the cautions a session's timing raises, on calendar boundaries."""

from datetime import date

import pytest

from consult_app.domain.course import (
    COURSE_COMPLETE,
    SESSION_TOO_SOON,
    DueStatus,
    course_cautions,
    progress,
)
from consult_app.domain.plan import Plan, PlannedArea

PLAN = Plan((PlannedArea("cheeks", 1.0),), sessions=4, interval_weeks=4)
CONSULTED = date(2026, 11, 2)


def test_first_session_is_due_from_the_consultation_day() -> None:
    course = progress(1, PLAN, CONSULTED, [])
    assert (course.treated, course.next_number, course.next_due_from) == (0, 1, CONSULTED)
    assert course_cautions(course, CONSULTED) == []


def test_the_next_session_is_due_the_plans_interval_after_the_last_one() -> None:
    course = progress(1, PLAN, CONSULTED, [date(2026, 11, 16), date(2026, 12, 16)])
    assert course.next_due_from == date(2027, 1, 13)
    assert course.words() == "2 of 4 sessions done, next due from 13 Jan 2027"


@pytest.mark.parametrize(
    ("session_day", "too_soon"),
    [(date(2027, 1, 12), True), (date(2027, 1, 13), False), (date(2027, 2, 1), False)],
)
def test_a_session_before_the_due_day_is_a_caution(session_day: date, too_soon: bool) -> None:
    course = progress(1, PLAN, CONSULTED, [date(2026, 12, 16)])
    rules = [f.rule for f in course_cautions(course, session_day)]
    assert rules == ([SESSION_TOO_SOON] if too_soon else [])


@pytest.mark.parametrize(
    ("session_day", "opening"),
    [
        (date(2026, 12, 16), "The last session was the same day, 16 Dec 2026;"),
        (date(2026, 12, 17), "Only 1 day since the last session on 16 Dec 2026;"),
        (date(2026, 12, 30), "Only 14 days since the last session on 16 Dec 2026;"),
    ],
)
def test_a_session_too_soon_says_how_soon_in_words(session_day: date, opening: str) -> None:
    course = progress(1, PLAN, CONSULTED, [date(2026, 12, 16)])
    (finding,) = course_cautions(course, session_day)
    assert finding.message.startswith(opening)  # never "Only 0 days"
    assert finding.message.endswith("so the next is due from 13 Jan 2027.")


def test_a_session_after_the_course_is_complete_is_a_caution() -> None:
    treated = [date(2026, 11, 2), date(2026, 11, 30), date(2026, 12, 28), date(2027, 1, 25)]
    course = progress(1, PLAN, CONSULTED, treated)
    assert course.complete and course.next_due_from is None
    assert [f.rule for f in course_cautions(course, date(2027, 6, 1))] == [COURSE_COMPLETE]
    assert course.due_status(date(2027, 6, 1)) is DueStatus.COMPLETE


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2027, 1, 12), DueStatus.NOT_DUE),
        (date(2027, 1, 13), DueStatus.DUE),
        (date(2027, 1, 27), DueStatus.DUE),
        (date(2027, 1, 28), DueStatus.OVERDUE),
    ],
)
def test_due_status_on_its_boundaries(today: date, status: DueStatus) -> None:
    assert progress(1, PLAN, CONSULTED, [date(2026, 12, 16)]).due_status(today) is status


def test_progress_from_a_count_and_the_latest_date_is_progress_from_the_dates() -> None:
    from consult_app.domain.course import progress, progress_after
    from consult_app.domain.plan import Plan

    plan = Plan((), sessions=3, interval_weeks=4)
    day = date(2026, 11, 2)
    treated = [date(2026, 11, 2), date(2026, 12, 7)]
    assert progress_after(5, plan, day, 2, date(2026, 12, 7)) == progress(5, plan, day, treated)
    assert progress_after(5, plan, day, 0, None).next_due_from == day
    assert progress_after(5, plan, day, 3, date(2027, 1, 4)).next_due_from is None


def test_a_recall_line_reads_as_reception_calls_from_it() -> None:
    from consult_app.domain.course import RECALL_HEADER, DueStatus, RecallLine
    from consult_app.domain.dates import DateStyle

    line = RecallLine(4, "Zoë Adams", "07700 900123", 9, 2, 4, date(2027, 1, 13), DueStatus.OVERDUE)
    assert dict(zip(RECALL_HEADER, line.row(), strict=True)) == {
        "Client": "Zoë Adams",
        "Phone": "07700 900123",
        "Session": "2 of 4",
        "Due from": "13 Jan 2027",
        "Status": "Overdue",
    }
    assert line.row(DateStyle.MONTH_DAY_YEAR)[3] == "Jan 13, 2027"


def test_the_recall_lists_count_says_how_many_of_each_status() -> None:
    from consult_app.domain.course import DueStatus, RecallLine, recall_count_words

    def line(status: DueStatus) -> RecallLine:
        return RecallLine(1, "Zoë Adams", "", 9, 2, 4, date(2027, 1, 13), status)

    overdue, due, later = (line(s) for s in (DueStatus.OVERDUE, DueStatus.DUE, DueStatus.NOT_DUE))
    assert recall_count_words([later, overdue]) == "2 clients: 1 overdue, 1 not due yet."
    assert recall_count_words([due, later, overdue, due]) == (
        "4 clients: 1 overdue, 2 due, 1 not due yet."
    )
    assert recall_count_words([overdue]) == "1 client, overdue."
    assert recall_count_words([later, later]) == "2 clients, both not due yet."
    assert recall_count_words([due] * 3) == "3 clients, all due."
    assert recall_count_words([]) == "Nobody."
