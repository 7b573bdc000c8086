"""Medical-history answers: checked against the questionnaire, to and from JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from consult_app.domain.dates import parse_iso_date
from consult_app.domain.questionnaire import Question, Questionnaire, QuestionType
from consult_app.domain.validation import check_text
from consult_app.errors import Problem, ValidationError

Answers = dict[str, Any]
"""Question id → bool, str, tuple[str, ...], date or tuple[ProcedureEntry, ...]."""


@dataclass(frozen=True, slots=True)
class ProcedureEntry:
    kind: str
    date: date


def _parse_one(question: Question, raw: Any, field: str) -> tuple[Any, list[Problem]]:
    kind = question.type
    if kind is QuestionType.YES_NO:
        if isinstance(raw, bool):
            return raw, []
        return None, [Problem(field, f"must be true or false (yes/no), not {raw!r}")]
    if kind is QuestionType.CHOICE:
        if isinstance(raw, str) and raw in question.option_ids:
            return raw, []
        return None, [
            Problem(field, f"must be one of {', '.join(question.option_ids)}; got {raw!r}")
        ]
    if kind is QuestionType.MULTI:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            return None, [Problem(field, f"must be a list of choices, not {raw!r}")]
        unknown = [x for x in raw if x not in question.option_ids]
        if unknown:
            allowed = ", ".join(question.option_ids)
            return None, [Problem(field, f"{', '.join(unknown)} not among the choices ({allowed})")]
        return tuple(dict.fromkeys(raw)), []
    if kind is QuestionType.DATE:
        try:
            return parse_iso_date(raw), []
        except ValueError as exc:
            return None, [Problem(field, str(exc))]
    if kind is QuestionType.TEXT:
        if not isinstance(raw, str):
            return None, [Problem(field, f"must be text, not {raw!r}")]
        problem = check_text("The answer", raw)
        return raw.strip(), [Problem(field, problem)] if problem else []
    return _parse_procedures(question, raw, field)


def _parse_procedures(question: Question, raw: Any, field: str) -> tuple[Any, list[Problem]]:
    if not isinstance(raw, list):
        return None, [Problem(field, 'must be a list of {"kind": ..., "date": "YYYY-MM-DD"}')]
    entries: list[ProcedureEntry] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(item, dict) or set(item) != {"kind", "date"}:
            problems.append(Problem(where, 'must have exactly "kind" and "date"'))
            continue
        if item["kind"] not in question.option_ids:
            allowed = ", ".join(question.option_ids)
            problems.append(
                Problem(f"{where}.kind", f"must be one of {allowed}; got {item['kind']!r}")
            )
            continue
        try:
            entries.append(ProcedureEntry(item["kind"], parse_iso_date(item["date"])))
        except ValueError as exc:
            problems.append(Problem(f"{where}.date", str(exc)))
    return tuple(entries), problems


def parse_answers(
    questionnaire: Questionnaire, raw: Mapping[str, Any], *, complete: bool, prefix: str = "answers"
) -> Answers:
    """Check raw JSON answers; with `complete`, every shown required question must be answered.

    Raises ValidationError naming each problem's field.
    """
    answers: Answers = {}
    problems: list[Problem] = []
    for question_id, value in raw.items():
        question = questionnaire.questions.get(question_id)
        field = f"{prefix}.{question_id}"
        if question is None:
            problems.append(Problem(field, "is not a question of this questionnaire"))
            continue
        if value is None:
            continue
        parsed, found = _parse_one(question, value, field)
        problems.extend(found)
        if not found:
            answers[question_id] = parsed
    for question_id in [
        q for q in answers if not questionnaire.is_shown(questionnaire.questions[q], answers)
    ]:
        del answers[question_id]  # a follow-up whose parent answer no longer asks for it
    if complete:
        problems.extend(
            Problem(f"{prefix}.{q.id}", "is required; please answer it")
            for q in missing_answers(questionnaire, answers)
            if not _reported(problems, f"{prefix}.{q.id}")
        )
    if problems:
        raise ValidationError(problems)
    return answers


def _reported(problems: list[Problem], field: str) -> bool:
    """A problem was already given for this field or a part of it (field[0].kind)."""
    return any(p.field == field or p.field.startswith((f"{field}[", f"{field}.")) for p in problems)


def missing_answers(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """Required questions, asked given these answers, that have no answer yet."""
    return [
        q
        for q in questionnaire.questions.values()
        if q.required and q.id not in answers and questionnaire.is_shown(q, answers)
    ]


def answers_to_json(answers: Answers) -> dict[str, Any]:
    """The JSON form stored and exchanged: dates as ISO strings, tuples as lists."""
    out: dict[str, Any] = {}
    for question_id, value in answers.items():
        if isinstance(value, date):
            out[question_id] = value.isoformat()
        elif isinstance(value, tuple):
            out[question_id] = [
                {"kind": x.kind, "date": x.date.isoformat()} if isinstance(x, ProcedureEntry) else x
                for x in value
            ]
        else:
            out[question_id] = value
    return out
