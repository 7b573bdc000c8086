"""Treatment plan guidance (depth ranges, sessions) and the plan a practitioner proposes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
