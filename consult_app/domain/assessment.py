"""The practitioner's skin assessment and the client's goals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from consult_app.domain.questionnaire import Questionnaire
from consult_app.errors import Problem, ValidationError


@dataclass(frozen=True, slots=True)
class Assessment:
    fitzpatrick: int | None = None
    glogau: int | None = None
    concerns: tuple[str, ...] = ()
    acne_scar_types: tuple[str, ...] = ()
    acne_scar_grade: int | None = None  # Goodman & Baron 1–4

    def to_json(self) -> dict[str, Any]:
        return {
            "fitzpatrick": self.fitzpatrick,
            "glogau": self.glogau,
            "concerns": list(self.concerns),
            "acne_scar_types": list(self.acne_scar_types),
            "acne_scar_grade": self.acne_scar_grade,
        }


def _level(
    raw: Mapping[str, Any], key: str, top: int, problems: list[Problem], prefix: str
) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
        problems.append(
            Problem(f"{prefix}.{key}", f"must be a whole number from 1 to {top}; got {value!r}")
        )
        return None
    return value


def _ids(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], problems: list[Problem], prefix: str
) -> tuple[str, ...]:
    value = raw.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        problems.append(Problem(f"{prefix}.{key}", f"must be a list of ids; got {value!r}"))
        return ()
    unknown = [x for x in value if x not in allowed]
    if unknown:
        problems.append(
            Problem(
                f"{prefix}.{key}", f"unknown {', '.join(unknown)} (known: {', '.join(allowed)})"
            )
        )
        return ()
    return tuple(dict.fromkeys(value))


def parse_assessment(
    questionnaire: Questionnaire, raw: Any, *, require_fitzpatrick: bool, prefix: str = "assessment"
) -> Assessment:
    """Check an assessment from JSON; raises ValidationError naming each bad field."""
    if not isinstance(raw, Mapping):
        raise ValidationError([Problem(prefix, "must be an object with fitzpatrick and concerns")])
    scales = questionnaire.assessment
    problems: list[Problem] = []
    known = {"fitzpatrick", "glogau", "concerns", "acne_scar_types", "acne_scar_grade"}
    problems.extend(
        Problem(f"{prefix}.{k}", "is not part of the skin assessment")
        for k in raw
        if k not in known
    )
    assessment = Assessment(
        fitzpatrick=_level(raw, "fitzpatrick", 6, problems, prefix),
        glogau=_level(raw, "glogau", 4, problems, prefix),
        concerns=_ids(raw, "concerns", tuple(c.id for c in scales.concerns), problems, prefix),
        acne_scar_types=_ids(
            raw, "acne_scar_types", tuple(c.id for c in scales.acne_scar_types), problems, prefix
        ),
        acne_scar_grade=_level(raw, "acne_scar_grade", 4, problems, prefix),
    )
    if (
        require_fitzpatrick
        and assessment.fitzpatrick is None
        and f"{prefix}.fitzpatrick" not in {p.field for p in problems}
    ):
        problems.append(
            Problem(f"{prefix}.fitzpatrick", "is required: the Fitzpatrick skin type, 1 to 6")
        )
    if problems:
        raise ValidationError(problems)
    return assessment


def parse_goals(questionnaire: Questionnaire, raw: Any, prefix: str = "goals") -> tuple[str, ...]:
    problems: list[Problem] = []
    goals = _ids({"goals": raw}, "goals", tuple(g.id for g in questionnaire.goals), problems, "")
    if problems:
        raise ValidationError([Problem(prefix, p.message) for p in problems])
    return goals
