"""plan.toml → PlanGuidance."""

from __future__ import annotations

from typing import Any

from consult_app.content.entry import Entry, entry_name, unique
from consult_app.domain.plan import (
    AreaGuidance,
    DepthPolicy,
    Indication,
    PlanGuidance,
    SessionGuidance,
)
from consult_app.domain.questionnaire import Questionnaire

DEEPEST_MM = 3.0  # no micro-needling guidance goes deeper; a larger number is a typo


def _depth_range(entry: Entry, low: float, high: float) -> None:
    if not 0 < low <= high <= DEEPEST_MM:
        raise entry.error(
            f"depth range {low:g}–{high:g} mm is not valid: "
            f"it needs 0 < depth_min ≤ depth_max ≤ {DEEPEST_MM:g}"
        )


def _area(file: str, raw: Any, index: int, concerns: set[str]) -> AreaGuidance:
    name = entry_name("area", raw, index)
    keys = {"id", "label", "depth_min", "depth_max", "source", "clinic_default", "indications"}
    entry = Entry(file, name, raw, keys, {"id", "label", "depth_min", "depth_max", "source"})
    low, high = entry.number("depth_min"), entry.number("depth_max")
    _depth_range(entry, low, high)
    indications = []
    for i, item_raw in enumerate(entry.tables("indications"), start=1):
        item = entry.child(
            f"indication {i}", item_raw, {"concern", "depth_max", "note"}, {"concern", "depth_max"}
        )
        concern = item.text("concern")
        if concern not in concerns:
            raise item.error(f"concern '{concern}' is not a concern of the skin assessment")
        top = item.number("depth_max")
        _depth_range(item, high, top)
        indications.append(Indication(concern, top, item.text("note", "")))
    return AreaGuidance(
        id=entry.identifier(),
        label=entry.text("label"),
        depth_min=low,
        depth_max=high,
        source=entry.text("source"),
        clinic_default=entry.flag("clinic_default", False),
        indications=tuple(indications),
    )


def load_plan(file: str, data: dict[str, Any], questionnaire: Questionnaire) -> PlanGuidance:
    top = Entry(
        file,
        "top level",
        data,
        {"version", "sessions", "policy", "area"},
        {"version", "sessions", "area"},
    )
    sessions_entry = top.child(
        "sessions",
        data["sessions"],
        {"min", "max", "interval_weeks_min", "interval_weeks_max", "guidance"},
        {"min", "max", "interval_weeks_min", "interval_weeks_max"},
    )
    sessions = SessionGuidance(
        sessions_entry.whole("min", 1, 20),
        sessions_entry.whole("max", 1, 20),
        sessions_entry.whole("interval_weeks_min", 1, 52),
        sessions_entry.whole("interval_weeks_max", 1, 52),
        sessions_entry.text("guidance", ""),
    )
    if sessions.min > sessions.max or sessions.interval_weeks_min > sessions.interval_weeks_max:
        raise sessions_entry.error("each minimum must not be larger than its maximum")
    policy_entry = top.child(
        "policy",
        data.get("policy", {}),
        {"darker_skin_from_fitzpatrick", "darker_skin_lower_half"},
        set(),
    )
    policy = DepthPolicy(
        policy_entry.whole("darker_skin_from_fitzpatrick", 1, 6)
        if "darker_skin_from_fitzpatrick" in policy_entry.data
        else 4,
        policy_entry.flag("darker_skin_lower_half", True),
    )
    concerns = {c.id for c in questionnaire.assessment.concerns}
    areas = [
        _area(file, raw, i, concerns)
        for i, raw in enumerate(top.tables("area", required=True), start=1)
    ]
    unique(file, "area", [a.id for a in areas])
    return PlanGuidance(top.text("version"), sessions, policy, tuple(areas))
