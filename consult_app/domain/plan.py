"""Treatment plan guidance (depth ranges, sessions) and the plan a practitioner proposes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from consult_app.errors import Problem


@dataclass(frozen=True, slots=True)
class Indication:
    """A wider depth allowed for an area when the client has this concern."""

    concern: str
    depth_max: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class AreaGuidance:
    id: str
    label: str
    depth_min: float
    depth_max: float
    source: str
    clinic_default: bool = False
    indications: tuple[Indication, ...] = ()

    def range_for(self, concerns: tuple[str, ...]) -> tuple[float, float]:
        """The guided range in mm, widened by any indication the client's concerns call for."""
        top = max(
            [self.depth_max] + [i.depth_max for i in self.indications if i.concern in concerns]
        )
        return self.depth_min, top


@dataclass(frozen=True, slots=True)
class SessionGuidance:
    min: int
    max: int
    interval_weeks_min: int
    interval_weeks_max: int
    guidance: str = ""


@dataclass(frozen=True, slots=True)
class DepthPolicy:
    darker_skin_from_fitzpatrick: int = 4
    darker_skin_lower_half: bool = True


@dataclass(frozen=True, slots=True)
class PlanGuidance:
    version: str
    sessions: SessionGuidance
    policy: DepthPolicy
    areas: tuple[AreaGuidance, ...]

    def area(self, area_id: str) -> AreaGuidance:
        return next(a for a in self.areas if a.id == area_id)

    def depth_concern(
        self, area_id: str, depth_mm: float, concerns: tuple[str, ...], fitzpatrick: int | None
    ) -> str | None:
        """Why this depth needs a stated reason, or None when it is within guidance."""
        area = self.area(area_id)
        low, high = area.range_for(concerns)
        if depth_mm < low or depth_mm > high:
            guided = f"{low:g}–{high:g} mm"
            return f"{depth_mm:g} mm is outside the guided {guided} for {area.label.lower()}."
        darker = fitzpatrick is not None and fitzpatrick >= self.policy.darker_skin_from_fitzpatrick
        midpoint = (low + high) / 2
        if darker and self.policy.darker_skin_lower_half and depth_mm > midpoint:
            return (
                f"For Fitzpatrick {fitzpatrick} skin the clinic keeps to the lower half of the "
                f"range (up to {midpoint:g} mm) to lower the risk of pigmentation."
            )
        return None


@dataclass(frozen=True, slots=True)
class PlannedArea:
    area: str
    depth_mm: float
    reason: str = ""  # required when depth_concern() is not None


@dataclass(frozen=True, slots=True)
class Plan:
    areas: tuple[PlannedArea, ...]
    sessions: int
    interval_weeks: int
    notes: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "areas": [
                {"area": a.area, "depth_mm": a.depth_mm, "reason": a.reason} for a in self.areas
            ],
            "sessions": self.sessions,
            "interval_weeks": self.interval_weeks,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(
            areas=tuple(
                PlannedArea(a["area"], float(a["depth_mm"]), a.get("reason", ""))
                for a in data.get("areas", [])
            ),
            sessions=int(data["sessions"]),
            interval_weeks=int(data["interval_weeks"]),
            notes=data.get("notes", ""),
        )


def plan_problems(plan: Plan, guidance: PlanGuidance, assessment: Any) -> list[Problem]:
    """What must be fixed before this plan can be consented to, each naming its field."""
    problems: list[Problem] = []
    known = {a.id for a in guidance.areas}
    if not plan.areas:
        problems.append(Problem("plan.areas", "choose at least one area to treat"))
    for planned in plan.areas:
        field = f"plan.{planned.area}"
        if planned.area not in known:
            problems.append(Problem(field, "is not an area of the plan guidance"))
            continue
        if not 0 < planned.depth_mm <= 3.0:
            problems.append(Problem(field, "needle depth must be more than 0 and at most 3 mm"))
            continue
        concern = guidance.depth_concern(
            planned.area, planned.depth_mm, assessment.concerns, assessment.fitzpatrick
        )
        if concern and not planned.reason.strip():
            problems.append(Problem(field, f"{concern} Give a reason, or change the depth."))
    if not 1 <= plan.sessions <= 20:
        problems.append(Problem("plan.sessions", "must be from 1 to 20"))
    if not 1 <= plan.interval_weeks <= 52:
        problems.append(Problem("plan.interval_weeks", "must be from 1 to 52 weeks"))
    return problems
