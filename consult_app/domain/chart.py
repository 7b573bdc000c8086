"""The micro-needling chart of one treatment session: what was used and done, area by area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from consult_app.domain.dates import format_date
from consult_app.domain.plan import PlanGuidance
from consult_app.domain.text import fold
from consult_app.domain.validation import check_text
from consult_app.errors import Problem

MAX_DEPTH_MM = 3.0
MAX_PASSES = 10
MAX_NEEDLES = 200
MAX_CONTACT_MINUTES = 240  # a topical anaesthetic left on longer than this is a typing slip
MAX_PATCH_READ_DAYS = 14


class Endpoint(StrEnum):
    """What the skin showed when the practitioner stopped."""

    EVEN_ERYTHEMA = "even_erythema"
    PINPOINT_BLEEDING = "pinpoint_bleeding"


ENDPOINT_WORDS = {
    Endpoint.EVEN_ERYTHEMA: "Even redness",
    Endpoint.PINPOINT_BLEEDING: "Pinpoint bleeding",
}


class PatchResult(StrEnum):
    NOT_READ = "not_read"  # applied today, read at a later visit
    NO_REACTION = "no_reaction"
    REACTION = "reaction"


PATCH_RESULT_WORDS = {
    PatchResult.NOT_READ: "Not read yet",
    PatchResult.NO_REACTION: "No reaction",
    PatchResult.REACTION: "Reaction",
}


@dataclass(frozen=True, slots=True)
class Numbing:
    """A topical anaesthetic, with when it went on and came off on the session's day."""

    product: str
    applied_at: time
    removed_at: time

    @property
    def contact_minutes(self) -> int:
        """Minutes on the skin; negative when removal is typed before application."""
        day = date(2000, 1, 1)
        span = datetime.combine(day, self.removed_at) - datetime.combine(day, self.applied_at)
        return int(span.total_seconds() // 60)

    @property
    def contact_words(self) -> str:
        """ "35 minutes", or "1 minute": the contact time as the chart and the record say it."""
        minutes = self.contact_minutes
        return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Device:
    """One of the clinic's devices (the owner keeps the list)."""

    make: str
    model: str
    serial: str

    @property
    def label(self) -> str:
        return f"{self.make} {self.model} (serial {self.serial})"

    def to_json(self) -> dict[str, str]:
        return {"make": self.make, "model": self.model, "serial": self.serial}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Device:
        return cls(data["make"], data["model"], data["serial"])


MAX_DEVICES = 50
DEVICE_FIELD_MAX = 80


def device_list_problems(devices: list[Device]) -> list[Problem]:
    """What is wrong with the owner's device list: a blank make, model or serial, text that
    cannot be printed, or one serial twice (tracing could not tell the devices apart)."""
    problems: list[Problem] = []
    if len(devices) > MAX_DEVICES:
        problems.append(Problem("devices", f"At most {MAX_DEVICES} devices can be listed."))
    seen: dict[str, int] = {}
    for number, device in enumerate(devices, start=1):
        field = f"device {number}"
        for label, value in (
            ("make", device.make),
            ("model", device.model),
            ("serial", device.serial),
        ):
            if not value.strip():
                problems.append(Problem(field, f"Device {number} needs its {label}."))
                continue
            found = check_text(f"Device {number}'s {label}", value, limit=DEVICE_FIELD_MAX)
            if found:
                problems.append(Problem(field, found))
        key = lot_key(device.serial)
        if key and key in seen:
            problems.append(
                Problem(
                    field,
                    f"Device {number} has the same serial number as device {seen[key]}; "
                    "each device's serial is its own.",
                )
            )
        seen.setdefault(key, number)
    return problems


@dataclass(frozen=True, slots=True)
class Cartridge:
    needles: int
    lot: str
    expiry: date


@dataclass(frozen=True, slots=True)
class TreatedArea:
    area: str
    depth_mm: float
    passes: int
    reason: str = ""  # required when the depth is outside the guided range


@dataclass(frozen=True, slots=True)
class ProductUsed:
    """A serum or other product applied during or after needling, with its batch."""

    name: str
    lot: str


@dataclass(frozen=True, slots=True)
class PatchTest:
    tested_on: date
    site: str
    read_after_days: int
    result: PatchResult = PatchResult.NOT_READ


class LotKind(StrEnum):
    """What a traced batch number belongs to."""

    CARTRIDGE = "cartridge"
    DEVICE = "device"  # a device's serial number
    PRODUCT = "product"


# Dashes and spaces inside a batch or serial number are typed one way and printed another
# ("AB-1234", "ab 1234"): tracing must find every client whichever way it was written.
_LOT_SEPARATORS = str.maketrans("", "", " \t-\u2010\u2011\u2012\u2013\u2014\u2212")


def lot_key(value: str) -> str:
    """A batch or serial number as tracing compares it: no case, accents, spaces or dashes."""
    return fold(value).translate(_LOT_SEPARATORS)


@dataclass(frozen=True, slots=True)
class Chart:
    """What the practitioner records during treatment. Every part may still be missing in a
    draft; `chart_problems` says what signing off needs."""

    numbing: Numbing | None = None
    no_numbing: bool = False  # chosen "none", as opposed to not filled in yet
    device: Device | None = None
    cartridge: Cartridge | None = None
    areas: tuple[TreatedArea, ...] = ()
    products: tuple[ProductUsed, ...] = ()
    endpoint: Endpoint | None = None
    reaction: str = ""  # any immediate reaction, in the practitioner's words
    patch_test: PatchTest | None = None
    notes: str = ""

    def lots(self) -> tuple[tuple[LotKind, str], ...]:
        """The batch and serial numbers in this chart, for tracing."""
        found: list[tuple[LotKind, str]] = []
        if self.cartridge and self.cartridge.lot.strip():
            found.append((LotKind.CARTRIDGE, self.cartridge.lot.strip()))
        if self.device and self.device.serial.strip():
            found.append((LotKind.DEVICE, self.device.serial.strip()))
        found += [(LotKind.PRODUCT, p.lot.strip()) for p in self.products if p.lot.strip()]
        return tuple(dict.fromkeys(found))

    def to_json(self) -> dict[str, Any]:
        numbing = self.numbing
        cartridge = self.cartridge
        patch = self.patch_test
        return {
            "numbing": None
            if numbing is None
            else {
                "product": numbing.product,
                "applied_at": numbing.applied_at.isoformat("minutes"),
                "removed_at": numbing.removed_at.isoformat("minutes"),
            },
            "no_numbing": self.no_numbing,
            "device": self.device.to_json() if self.device else None,
            "cartridge": None
            if cartridge is None
            else {
                "needles": cartridge.needles,
                "lot": cartridge.lot,
                "expiry": cartridge.expiry.isoformat(),
            },
            "areas": [
                {"area": a.area, "depth_mm": a.depth_mm, "passes": a.passes, "reason": a.reason}
                for a in self.areas
            ],
            "products": [{"name": p.name, "lot": p.lot} for p in self.products],
            "endpoint": str(self.endpoint) if self.endpoint else None,
            "reaction": self.reaction,
            "patch_test": None
            if patch is None
            else {
                "tested_on": patch.tested_on.isoformat(),
                "site": patch.site,
                "read_after_days": patch.read_after_days,
                "result": str(patch.result),
            },
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chart:
        numbing = data.get("numbing")
        cartridge = data.get("cartridge")
        patch = data.get("patch_test")
        device = data.get("device")
        endpoint = data.get("endpoint")
        return cls(
            numbing=None
            if numbing is None
            else Numbing(
                numbing["product"],
                time.fromisoformat(numbing["applied_at"]),
                time.fromisoformat(numbing["removed_at"]),
            ),
            no_numbing=bool(data.get("no_numbing", False)),
            device=Device.from_json(device) if device else None,
            cartridge=None
            if cartridge is None
            else Cartridge(
                int(cartridge["needles"]), cartridge["lot"], date.fromisoformat(cartridge["expiry"])
            ),
            areas=tuple(
                TreatedArea(a["area"], float(a["depth_mm"]), int(a["passes"]), a.get("reason", ""))
                for a in data.get("areas", [])
            ),
            products=tuple(ProductUsed(p["name"], p["lot"]) for p in data.get("products", [])),
            endpoint=Endpoint(endpoint) if endpoint else None,
            reaction=data.get("reaction", ""),
            patch_test=None
            if patch is None
            else PatchTest(
                date.fromisoformat(patch["tested_on"]),
                patch["site"],
                int(patch["read_after_days"]),
                PatchResult(patch.get("result", PatchResult.NOT_READ)),
            ),
            notes=data.get("notes", ""),
        )


def _text(problems: list[Problem], field: str, label: str, value: str) -> None:
    if not value.strip():
        problems.append(Problem(field, f"{label} is needed"))
        return
    message = check_text(label, value, limit=100)
    if message:
        problems.append(Problem(field, message))


def _numbing_problems(chart: Chart) -> list[Problem]:
    problems: list[Problem] = []
    numbing = chart.numbing
    if numbing is None:
        if not chart.no_numbing:
            problems.append(
                Problem("chart.numbing", 'say which numbing cream was used, or choose "None"')
            )
        return problems
    _text(problems, "chart.numbing.product", "The numbing product", numbing.product)
    minutes = numbing.contact_minutes
    if minutes <= 0:
        problems.append(
            Problem("chart.numbing.removed_at", "must be after the time it was applied")
        )
    elif minutes > MAX_CONTACT_MINUTES:
        problems.append(
            Problem(
                "chart.numbing.removed_at",
                f"is {minutes} minutes after it was applied; check both times",
            )
        )
    return problems


def _kit_problems(chart: Chart, session_date: date) -> list[Problem]:
    problems: list[Problem] = []
    if chart.device is None:
        problems.append(Problem("chart.device", "choose the device used"))
    cartridge = chart.cartridge
    if cartridge is None:
        problems.append(Problem("chart.cartridge", "give the cartridge's needles, lot and expiry"))
        return problems
    if not 1 <= cartridge.needles <= MAX_NEEDLES:
        problems.append(
            Problem("chart.cartridge.needles", f"must be from 1 to {MAX_NEEDLES} needles")
        )
    _text(problems, "chart.cartridge.lot", "The cartridge lot number", cartridge.lot)
    if cartridge.expiry < session_date:
        problems.append(
            Problem(
                "chart.cartridge.expiry",
                f"this cartridge expired on {format_date(cartridge.expiry)}: it cannot be used. "
                "Open a cartridge that is in date.",
            )
        )
    for index, product in enumerate(chart.products):
        _text(problems, f"chart.products.{index}.name", "The product's name", product.name)
        _text(problems, f"chart.products.{index}.lot", "The product's lot number", product.lot)
    return problems


def _area_problems(
    chart: Chart, guidance: PlanGuidance, concerns: tuple[str, ...], fitzpatrick: int | None
) -> list[Problem]:
    problems: list[Problem] = []
    known = {a.id for a in guidance.areas}
    if not chart.areas:
        problems.append(Problem("chart.areas", "mark at least one area treated"))
    for treated in chart.areas:
        field = f"chart.{treated.area}"
        if treated.area not in known:
            problems.append(Problem(field, "is not an area of the plan guidance"))
            continue
        if not 0 < treated.depth_mm <= MAX_DEPTH_MM:
            problems.append(Problem(field, "needle depth must be more than 0 and at most 3 mm"))
            continue
        if not 1 <= treated.passes <= MAX_PASSES:
            problems.append(Problem(field, f"passes must be from 1 to {MAX_PASSES}"))
        concern = guidance.depth_concern(treated.area, treated.depth_mm, concerns, fitzpatrick)
        if concern and not treated.reason.strip():
            problems.append(Problem(field, f"{concern} Give a reason, or change the depth."))
    return problems


def _patch_problems(chart: Chart, session_date: date) -> list[Problem]:
    patch = chart.patch_test
    if patch is None:
        return []
    problems: list[Problem] = []
    if patch.tested_on > session_date:
        problems.append(Problem("chart.patch_test.tested_on", "cannot be after the session"))
    _text(problems, "chart.patch_test.site", "Where the patch test was done", patch.site)
    if not 1 <= patch.read_after_days <= MAX_PATCH_READ_DAYS:
        problems.append(
            Problem(
                "chart.patch_test.read_after_days",
                f"must be from 1 to {MAX_PATCH_READ_DAYS} days",
            )
        )
    return problems


def chart_problems(
    chart: Chart,
    *,
    session_date: date,
    guidance: PlanGuidance,
    concerns: tuple[str, ...],
    fitzpatrick: int | None,
) -> list[Problem]:
    """What must be put right before the practitioner can sign this chart off, by field."""
    problems = _numbing_problems(chart) + _kit_problems(chart, session_date)
    problems += _area_problems(chart, guidance, concerns, fitzpatrick)
    if chart.endpoint is None:
        problems.append(Problem("chart.endpoint", "say what the skin showed at the end"))
    if chart.reaction.strip():
        message = check_text("The reaction", chart.reaction)
        if message:
            problems.append(Problem("chart.reaction", message))
    if chart.notes.strip():
        message = check_text("The notes", chart.notes)
        if message:
            problems.append(Problem("chart.notes", message))
    return problems + _patch_problems(chart, session_date)
