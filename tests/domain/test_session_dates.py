"""The clinical brief's date boundaries, counted to the day of a treatment session: a waiting
period that was running at the consultation clears on its day, and one that starts after the
consultation (a new toxin, a new pregnancy) is caught at the session."""

import json
from datetime import date
from pathlib import Path

import pytest

from consult_app.content.bundle import default_content
from consult_app.domain.answers import parse_answers
from consult_app.domain.assessment import Assessment
from consult_app.domain.course import COURSE_COMPLETE, SESSION_TOO_SOON, progress
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.screening import Outcome
from consult_app.domain.treatment import rescreen

CONTENT = default_content()
BASE = json.loads((Path(__file__).parents[1] / "data" / "sample_intake.json").read_text())[
    "answers"
]
BASE["cold_sore_history"] = False
BASE["recent_aesthetic_procedures"] = []
CONSULTED = date(2026, 7, 1)
PLAN = Plan((PlannedArea("cheeks", 1.0),), sessions=4, interval_weeks=4)
BORN = date(1990, 5, 24)


def _rules_found(changes: dict, session_day: date, *, born: date = BORN, treated=()) -> set:
    answers = parse_answers(CONTENT.questionnaire, {**BASE, **changes}, complete=True)
    course = progress(1, PLAN, CONSULTED, list(treated))
    result = rescreen(CONTENT.rules, answers, Assessment(fitzpatrick=2), born, session_day, course)
    return {(f.rule, f.severity.value) for f in result.findings if f.severity.value != "note"}


ISO = {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": "2026-03-31"}


@pytest.mark.parametrize(
    ("why", "changes", "session_day", "expected"),
    [
        # Last dose 31 Mar: six months later is 30 Sep (clamped), the day it clears.
        ("isotretinoin the day before", ISO, date(2026, 9, 29), {("isotretinoin", "stop")}),
        ("isotretinoin on its clearing day", ISO, date(2026, 9, 30), set()),
        (
            "toxin 13 days before",
            {"recent_aesthetic_procedures": [{"kind": "toxin", "date": "2026-08-01"}]},
            date(2026, 8, 14),
            {("recent_procedure", "caution")},
        ),
        (
            "toxin 14 days before",
            {"recent_aesthetic_procedures": [{"kind": "toxin", "date": "2026-08-01"}]},
            date(2026, 8, 15),
            set(),
        ),
        (
            "filler 14 days before",
            {"recent_aesthetic_procedures": [{"kind": "filler", "date": "2026-08-01"}]},
            date(2026, 8, 15),
            set(),
        ),
        (
            "peel 27 days before",
            {"recent_aesthetic_procedures": [{"kind": "laser_or_peel", "date": "2026-08-01"}]},
            date(2026, 8, 28),
            {("recent_procedure", "caution")},
        ),
        (
            "peel 28 days before",
            {"recent_aesthetic_procedures": [{"kind": "laser_or_peel", "date": "2026-08-01"}]},
            date(2026, 8, 29),
            set(),
        ),
        # Surgery on 31 Aug: six months later is 28 Feb (no 31st, no leap year in 2027).
        (
            "surgery the day before",
            {"recent_aesthetic_procedures": [{"kind": "facial_surgery", "date": "2026-08-31"}]},
            date(2027, 2, 27),
            {("recent_procedure", "caution")},
        ),
        (
            "surgery on its clearing day",
            {"recent_aesthetic_procedures": [{"kind": "facial_surgery", "date": "2026-08-31"}]},
            date(2027, 2, 28),
            set(),
        ),
        (
            "a new pregnancy",
            {"pregnant_or_breastfeeding": True},
            date(2026, 8, 1),
            {("pregnancy", "stop")},
        ),
    ],
)
def test_waiting_periods_are_counted_to_the_session_day(
    why: str, changes: dict, session_day: date, expected: set
) -> None:
    assert _rules_found(changes, session_day) == expected, why


@pytest.mark.parametrize(
    ("session_day", "expected"),
    [
        (date(2026, 9, 14), {("under_minimum_age", "stop")}),
        (date(2026, 9, 15), set()),  # the 18th birthday itself
    ],
)
def test_minimum_age_on_the_session_day(session_day: date, expected: set) -> None:
    assert _rules_found({}, session_day, born=date(2008, 9, 15)) == expected


@pytest.mark.parametrize(
    ("session_day", "expected"),
    [
        (date(2026, 8, 28), {(SESSION_TOO_SOON, "caution")}),  # 27 days after the last
        (date(2026, 8, 29), set()),  # 4 weeks to the day
    ],
)
def test_a_session_inside_the_plans_interval_is_a_caution(session_day: date, expected: set) -> None:
    assert _rules_found({}, session_day, treated=[date(2026, 8, 1)]) == expected


def test_a_session_after_the_course_is_a_caution_and_never_a_stop() -> None:
    treated = [date(2026, 7, 1), date(2026, 7, 29), date(2026, 8, 26), date(2026, 9, 23)]
    answers = parse_answers(CONTENT.questionnaire, BASE, complete=True)
    course = progress(1, PLAN, CONSULTED, treated)
    result = rescreen(CONTENT.rules, answers, Assessment(2), BORN, date(2026, 11, 1), course)
    assert [f.rule for f in result.findings if f.severity.value == "caution"] == [COURSE_COMPLETE]
    assert result.outcome is Outcome.CAUTION
