"""The medical-history questionnaire, the skin-assessment scales and the goals."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class QuestionType(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI = "multi"
    DATE = "date"
    TEXT = "text"
    PROCEDURES = "procedures"


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: QuestionType
    text: str
    required: bool
    help: str = ""
    options: tuple[Option, ...] = ()
    follow_up_of: str | None = None
    shown_when: object = None
    # Made once from `options`: every answer is checked against it at every save of a draft.
    option_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "option_ids", tuple(o.id for o in self.options))

    def option_label(self, option_id: str) -> str:
        return next((o.label for o in self.options if o.id == option_id), option_id)


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    question_ids: tuple[str, ...]
    intro: str = ""


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    level: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class AssessmentScales:
    fitzpatrick: tuple[ScaleLevel, ...]
    glogau: tuple[ScaleLevel, ...]
    concerns: tuple[Option, ...]
    acne_scar_types: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Questionnaire:
    version: str
    sections: tuple[Section, ...]
    questions: dict[str, Question]
    assessment: AssessmentScales
    goals: tuple[Option, ...]

    def follow_ups(self, question_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions.values() if q.follow_up_of == question_id)

    def is_shown(self, question: Question, answers: dict[str, object]) -> bool:
        """A follow-up is asked only when its parent was given the triggering answer."""
        if question.follow_up_of is None:
            return True
        parent = self.questions[question.follow_up_of]
        if not self.is_shown(parent, answers):
            return False
        given = answers.get(parent.id)
        if isinstance(given, (tuple, list)):
            return question.shown_when in given
        return given == question.shown_when
