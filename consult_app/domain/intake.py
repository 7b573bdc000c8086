"""An intake file (the `screen` contract): client, answers and assessment as JSON; for a
treatment session, also the session's date, what changed since those answers and the course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from consult_app.domain.answers import Answers, answers_to_json, parse_answers
from consult_app.domain.assessment import Assessment, parse_assessment
from consult_app.domain.course import CourseProgress, progress
from consult_app.domain.dates import parse_iso_date
from consult_app.domain.plan import Plan
from consult_app.domain.questionnaire import Questionnaire
from consult_app.domain.treatment import changed_answers
from consult_app.domain.validation import check_date_of_birth, check_name
from consult_app.errors import Problem, ValidationError

_TOP_KEYS = ("consultation_date", "client", "answers", "assessment", "session")
_CLIENT_KEYS = ("first_name", "last_name", "date_of_birth")
_SESSION_KEYS = ("date", "changes", "plan", "treated_on")
_PLAN_LIMITS = {"sessions": 20, "interval_weeks": 52}


@dataclass(frozen=True, slots=True)
class SessionIntake:
    """A treatment session's part of an intake: screened on `session_date` with `answers`
    (the consultation's, `changed` ones replaced) and, given the plan, the course's timing."""

    session_date: date
    answers: Answers
    changed: tuple[str, ...]
    course: CourseProgress | None


@dataclass(frozen=True, slots=True)
class Intake:
    consultation_date: date
    first_name: str
    last_name: str
    date_of_birth: date
    answers: Answers
    assessment: Assessment
    session: SessionIntake | None = None


def _date(raw: Any, field: str, problems: list[Problem]) -> date | None:
    if raw is None:
        problems.append(Problem(field, "is required (YYYY-MM-DD)"))
        return None
    try:
        return parse_iso_date(raw)
    except ValueError as exc:
        problems.append(Problem(field, str(exc)))
        return None


def _collect(problems: list[Problem], parse: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return parse(*args, **kwargs)
    except ValidationError as exc:
        problems.extend(exc.problems)
        return None


def _client(raw: Any, on: date | None, problems: list[Problem]) -> tuple[str, str, date | None]:
    if not isinstance(raw, dict):
        problems.append(
            Problem("client", "is required: an object with first_name, last_name, date_of_birth")
        )
        return "", "", None
    problems.extend(
        Problem(f"client.{k}", "is not a known client field") for k in raw if k not in _CLIENT_KEYS
    )
    names = []
    for key, label in (("first_name", "First name"), ("last_name", "Last name")):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(f"client.{key}", f"must be text, not {value!r}"))
            names.append("")
            continue
        message = check_name(label, value or "", required=True)
        if message:
            problems.append(Problem(f"client.{key}", message))
        names.append((value or "").strip())
    dob = _date(raw.get("date_of_birth"), "client.date_of_birth", problems)
    if dob and on:
        message = check_date_of_birth(dob, on)
        if message:
            problems.append(Problem("client.date_of_birth", message))
    return names[0], names[1], dob


def parse_intake(questionnaire: Questionnaire, raw: Any) -> Intake:
    """Check a whole intake; raise ValidationError listing every problem by field."""
    if not isinstance(raw, dict):
        raise ValidationError(
            [Problem("(file)", "must hold one JSON object with " + ", ".join(_TOP_KEYS))]
        )
    problems = [Problem(k, "is not part of an intake file") for k in raw if k not in _TOP_KEYS]
    on = _date(raw.get("consultation_date"), "consultation_date", problems)
    first, last, dob = _client(raw.get("client"), on, problems)
    raw_answers = raw.get("answers")
    answers = None
    if isinstance(raw_answers, dict):
        answers = _collect(problems, parse_answers, questionnaire, raw_answers, complete=True)
    else:
        problems.append(Problem("answers", "is required: an object of question id → answer"))
    assessment = _collect(
        problems, parse_assessment, questionnaire, raw.get("assessment"), require_fitzpatrick=True
    )
    session = None
    if "session" in raw and on is not None and answers is not None:
        session = _session(questionnaire, raw["session"], answers, on, problems)
    if problems or on is None or dob is None or answers is None or assessment is None:
        raise ValidationError(problems)
    return Intake(on, first, last, dob, answers, assessment, session)


def _plan(raw: Any, problems: list[Problem]) -> Plan | None:
    """The plan's sessions and interval, checked; None (and problems) if unusable."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(Problem("session.plan", "must be an object with sessions, interval_weeks"))
        return None
    numbers = {}
    problems.extend(
        Problem(f"session.plan.{k}", "is not a plan field") for k in raw if k not in _PLAN_LIMITS
    )
    for key, most in _PLAN_LIMITS.items():
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
            problems.append(Problem(f"session.plan.{key}", f"must be a whole number 1 to {most}"))
        else:
            numbers[key] = value
    if len(numbers) < len(_PLAN_LIMITS):
        return None
    return Plan((), numbers["sessions"], numbers["interval_weeks"])


def _treated_on(raw: Any, consulted: date, day: date, problems: list[Problem]) -> list[date]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem("session.treated_on", "must be a list of dates (YYYY-MM-DD)"))
        return []
    found = []
    for index, value in enumerate(raw):
        field = f"session.treated_on.{index}"
        treated = _date(value, field, problems)
        if treated is not None and not consulted <= treated <= day:
            problems.append(
                Problem(field, "must be from the consultation's date to the session's date")
            )
        elif treated is not None:
            found.append(treated)
    return found


def _session(
    questionnaire: Questionnaire,
    raw: Any,
    previous: Answers,
    consulted: date,
    problems: list[Problem],
) -> SessionIntake | None:
    if not isinstance(raw, dict):
        problems.append(Problem("session", "must be an object with date and changes"))
        return None
    problems.extend(
        Problem(f"session.{k}", "is not a session field") for k in raw if k not in _SESSION_KEYS
    )
    day = _date(raw.get("date"), "session.date", problems)
    if day is not None and day < consulted:
        problems.append(Problem("session.date", "cannot be before the consultation_date"))
        day = None
    changes = raw.get("changes", {})
    if not isinstance(changes, dict):
        problems.append(Problem("session.changes", "must be an object of question id → answer"))
        return None
    before = len(problems)
    _collect(
        problems, parse_answers, questionnaire, changes, complete=False, prefix="session.changes"
    )
    if day is None or len(problems) > before:
        return None
    plan = _plan(raw.get("plan"), problems)
    treated = _treated_on(raw.get("treated_on"), consulted, day, problems)
    before_json = answers_to_json(previous)
    answers = _collect(
        problems, parse_answers, questionnaire, {**before_json, **changes}, complete=True
    )
    if answers is None:
        return None
    changed = changed_answers(before_json, answers_to_json(answers))
    course = progress(0, plan, consulted, treated) if plan is not None else None
    return SessionIntake(day, answers, changed, course)
