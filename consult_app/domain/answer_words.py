"""Answers in words, as a person reads them on a record: "Yes", "Filler on 20 Nov 2026"."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from consult_app.domain.assessment import Assessment
from consult_app.domain.dates import format_date
from consult_app.domain.questionnaire import Question, Questionnaire, QuestionType


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    section: str
    question: str
    answer: str  # already in words: "Yes", "No", "Anti-wrinkle injections on 20 Nov 2026"


def answer_in_words(question: Question, value: Any) -> str:
    if value is None:
        return "Not answered"
    kind = question.type
    if kind is QuestionType.YES_NO:
        return "Yes" if value else "No"
    if kind is QuestionType.CHOICE:
        return question.option_label(value)
    if kind is QuestionType.MULTI:
        return ", ".join(question.option_label(v) for v in value) or "None"
    if kind is QuestionType.DATE:
        return format_iso(value)
    if kind is QuestionType.PROCEDURES:
        items = [f"{question.option_label(i['kind'])} on {format_iso(i['date'])}" for i in value]
        return "; ".join(items) or "None"
    return str(value) or "—"


def format_iso(text: str) -> str:
    try:
        return format_date(date.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def answers_in_words(
    questionnaire: Questionnaire,
    answers_json: dict[str, Any],
    only: Collection[str] | None = None,
) -> tuple[AnsweredQuestion, ...]:
    """Every question asked, section by section, follow-ups after their parent; `only` keeps
    just those question ids (a session's changed answers)."""
    rows = []
    for section in questionnaire.sections:
        for question_id in section.question_ids:
            for question in (
                questionnaire.questions[question_id],
                *questionnaire.follow_ups(question_id),
            ):
                if only is not None and question.id not in only:
                    continue
                if questionnaire.is_shown(question, answers_json):
                    rows.append(
                        AnsweredQuestion(
                            section.title,
                            question.text,
                            answer_in_words(question, answers_json.get(question.id)),
                        )
                    )
    return tuple(rows)


def assessment_in_words(
    questionnaire: Questionnaire, assessment: Assessment
) -> tuple[tuple[str, str], ...]:
    """The skin assessment as labelled lines, the same on screen and on the record."""
    scales = questionnaire.assessment
    words = []
    if assessment.fitzpatrick:
        level = scales.fitzpatrick[assessment.fitzpatrick - 1]
        words.append(("Fitzpatrick", f"{level.label} — {level.description}"))
    if assessment.glogau:
        level = scales.glogau[assessment.glogau - 1]
        words.append(("Glogau", f"{level.label} — {level.description}"))
    concern_labels = {c.id: c.label for c in scales.concerns}
    seen = ", ".join(concern_labels[c] for c in assessment.concerns) or "None"
    words.append(("Concerns seen", seen))
    if assessment.acne_scar_types or assessment.acne_scar_grade:
        scar_labels = {s.id: s.label for s in scales.acne_scar_types}
        types = ", ".join(scar_labels[s] for s in assessment.acne_scar_types) or "not typed"
        grade = assessment.acne_scar_grade
        graded = f", Goodman & Baron grade {grade}" if grade else ""
        words.append(("Acne scars", types + graded))
    return tuple(words)
