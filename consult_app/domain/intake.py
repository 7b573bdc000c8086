"""An intake file (the `screen` contract): client, answers and assessment as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from consult_app.domain.answers import Answers, parse_answers
from consult_app.domain.assessment import Assessment, parse_assessment
from consult_app.domain.dates import parse_iso_date
from consult_app.domain.questionnaire import Questionnaire
from consult_app.domain.validation import check_date_of_birth, check_name
from consult_app.errors import Problem, ValidationError

_TOP_KEYS = ("consultation_date", "client", "answers", "assessment")
_CLIENT_KEYS = ("first_name", "last_name", "date_of_birth")


@dataclass(frozen=True, slots=True)
class Intake:
    consultation_date: date
    first_name: str
    last_name: str
    date_of_birth: date
    answers: Answers
    assessment: Assessment


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
    if problems or on is None or dob is None or answers is None or assessment is None:
        raise ValidationError(problems)
    return Intake(on, first, last, dob, answers, assessment)
