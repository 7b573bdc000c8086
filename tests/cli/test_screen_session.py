"""`consult-app screen` with a session intake: the consultation's answers, what changed since and
the session's date (and, optionally, the course), screened as the session wizard screens them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from consult_app.content.bundle import Content
from tests.cli.test_screen import (
    Run,
    Screen,
    assert_bad_input,
    assert_contract,
    run_process,
    screen_file,
    write,
)
from tests.conftest import intake

__all__ = ["screen_file"]  # the fixture, used by name

ISO = {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": "2026-05-31"}


def session_intake(content: Content, session: dict[str, Any], **answers: Any) -> dict[str, Any]:
    """An intake consulted on 25 Nov 2026 (clear unless `answers` say otherwise) with `session`."""
    return {**intake(content, **answers), "session": session}


def _found(run: Run) -> tuple[str, list[tuple[str, str, str | None]], list[str]]:
    assert run.code == 0, run.err
    parsed = assert_contract_with_changes(run.out)
    found = [(f["rule"], f["severity"], f["reassess_on"]) for f in parsed["findings"]]
    return parsed["outcome"], found, parsed["changed"]


def assert_contract_with_changes(output: str) -> dict[str, Any]:
    import json

    parsed = json.loads(output)
    changed = parsed.pop("changed")
    assert isinstance(changed, list) and all(isinstance(c, str) for c in changed)
    parsed = assert_contract(json.dumps(parsed))
    return {**parsed, "changed": changed}


def test_isotretinoin_stops_the_consultation_and_clears_on_its_session_day(
    screen_file: Screen, content: Content
) -> None:
    # Last dose 31 May: six months later is 30 Nov (clamped), the day it clears.
    assert assert_contract(screen_file(intake(content, **ISO)).out)["outcome"] == "stop"
    day_before = session_intake(content, {"date": "2026-11-29"}, **ISO)
    assert _found(screen_file(day_before)) == (
        "stop",
        [("isotretinoin", "stop", "2026-11-30")],
        [],
    )
    on_the_day = session_intake(content, {"date": "2026-11-30"}, **ISO)
    assert _found(screen_file(on_the_day)) == ("clear", [], [])


def test_a_change_since_last_time_is_screened_on_the_session_date(
    screen_file: Screen, content: Content
) -> None:
    toxin = [{"kind": "toxin", "date": "2027-01-01"}]
    changes = {"pregnant_or_breastfeeding": True, "recent_aesthetic_procedures": toxin}
    run = screen_file(session_intake(content, {"date": "2027-01-14", "changes": changes}))
    assert _found(run) == (
        "stop",
        [("pregnancy", "stop", None), ("recent_procedure", "caution", "2027-01-15")],
        ["pregnant_or_breastfeeding", "recent_aesthetic_procedures"],
    )
    fourteen_days = session_intake(
        content, {"date": "2027-01-15", "changes": {"recent_aesthetic_procedures": toxin}}
    )
    assert _found(screen_file(fourteen_days)) == ("clear", [], ["recent_aesthetic_procedures"])


@pytest.mark.parametrize(
    ("day", "treated_on", "expected"),
    [
        ("2026-12-22", ["2026-11-25"], [("session_too_soon", "caution", "2026-12-23")]),
        ("2026-12-23", ["2026-11-25"], []),  # on the due day: four weeks later
        ("2027-01-20", ["2026-11-25", "2026-12-23"], [("course_complete", "caution", None)]),
    ],
    ids=["a-day-too-soon", "on-the-due-day", "course-complete"],
)
def test_the_course_timing_is_a_caution(
    screen_file: Screen, content: Content, day: str, treated_on: list[str], expected: list
) -> None:
    plan = {"sessions": 2, "interval_weeks": 4}
    session = {"date": day, "plan": plan, "treated_on": treated_on}
    outcome, found, _ = _found(screen_file(session_intake(content, session)))
    assert found == expected
    assert outcome == ("caution" if expected else "clear")


def test_text_format_says_what_changed(screen_file: Screen, content: Content) -> None:
    session = {"date": "2026-12-30", "changes": {"smoker": True}}
    run = screen_file(session_intake(content, session), "--format", "text")
    assert run.code == 0, run.err
    assert run.out.startswith("Outcome: clear\nChanged since last time: smoker\n")


# fmt: off
BAD_SESSIONS = [
    ({"changes": {}}, ["session.date"]),
    ({"date": "2026-11-24"}, ["session.date"]),
    ({"date": "2026-13-01"}, ["session.date"]),
    ({"date": "2026-12-01", "changes": {"favourite_colour": "blue"}},
     ["session.changes.favourite_colour"]),
    ({"date": "2026-12-01", "changes": {"smoker": "no"}}, ["session.changes.smoker"]),
    ({"date": "2026-12-01", "changes": []}, ["session.changes"]),
    ({"date": "2026-12-01",
      "changes": {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": "soon"}},
     ["session.changes.isotretinoin_last_dose"]),
    ({"date": "2026-12-01", "changes": {"smoker": None}}, ["answers.smoker"]),
    ({"date": "2026-12-01", "plan": {"sessions": 0, "interval_weeks": 4}},
     ["session.plan.sessions"]),
    ({"date": "2026-12-01", "plan": {"sessions": 3}}, ["session.plan.interval_weeks"]),
    ({"date": "2026-12-01", "plan": {"sessions": 3, "interval_weeks": 4, "x": 1}},
     ["session.plan.x"]),
    ({"date": "2026-12-01", "treated_on": ["2026-12-02"]}, ["session.treated_on.0"]),
    ({"date": "2026-12-01", "treated_on": "2026-11-25"}, ["session.treated_on"]),
    ({"date": "2026-12-01", "notes": "hello"}, ["session.notes"]),
    ("2026-12-01", ["session"]),
]
# fmt: on


@pytest.mark.parametrize(("session", "fields"), BAD_SESSIONS)
def test_a_bad_session_part_names_each_problem(
    screen_file: Screen, content: Content, session: Any, fields: list[str]
) -> None:
    assert_bad_input(screen_file(session_intake(content, session)), fields)


def test_a_session_intake_as_a_real_process(tmp_path: Path, content: Content) -> None:
    session = {"date": "2026-12-23", "changes": {"pregnant_or_breastfeeding": True}}
    run = run_process(write(tmp_path, session_intake(content, session)))
    assert _found(run) == ("stop", [("pregnancy", "stop", None)], ["pregnant_or_breastfeeding"])
