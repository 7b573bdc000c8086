"""What signing off a session's chart needs, and the chart kept whole through JSON."""

from datetime import date, time

from consult_app.content.bundle import default_content
from consult_app.domain.chart import (
    Cartridge,
    Chart,
    Device,
    Endpoint,
    LotKind,
    Numbing,
    PatchTest,
    ProductUsed,
    TreatedArea,
    chart_problems,
)

DAY = date(2027, 1, 13)
FULL = Chart(
    numbing=Numbing("Lidocaine 5% cream", time(9, 5), time(9, 40)),
    device=Device("Dermapen", "4", "DP4-0031"),
    cartridge=Cartridge(16, "LOT-77A", date(2027, 1, 13)),
    areas=(TreatedArea("cheeks", 1.0, 3), TreatedArea("forehead", 0.75, 2, "deep lines")),
    products=(ProductUsed("Hyaluronic serum", "HA-2291"),),
    endpoint=Endpoint.EVEN_ERYTHEMA,
    patch_test=PatchTest(DAY, "behind the left ear", 2),
)


def _fields(chart: Chart, fitzpatrick: int | None = 2) -> list[str]:
    guidance = default_content().plan
    problems = chart_problems(
        chart, session_date=DAY, guidance=guidance, concerns=(), fitzpatrick=fitzpatrick
    )
    return [p.field for p in problems]


def test_a_full_chart_can_be_signed_off_and_survives_json() -> None:
    assert _fields(FULL) == []
    assert Chart.from_json(FULL.to_json()) == FULL
    assert FULL.numbing is not None and FULL.numbing.contact_minutes == 35


def test_an_expired_cartridge_is_refused() -> None:
    expired = Chart(**{**_as_dict(FULL), "cartridge": Cartridge(16, "LOT-77A", date(2027, 1, 12))})
    assert _fields(expired) == ["chart.cartridge.expiry"]


def test_an_empty_chart_names_everything_it_needs() -> None:
    assert _fields(Chart()) == [
        "chart.numbing",
        "chart.device",
        "chart.cartridge",
        "chart.areas",
        "chart.endpoint",
    ]


def test_numbing_removed_before_it_was_applied_is_refused() -> None:
    backwards = Chart(**{**_as_dict(FULL), "numbing": Numbing("EMLA", time(10, 0), time(9, 0))})
    assert _fields(backwards) == ["chart.numbing.removed_at"]


def test_a_depth_outside_the_guided_range_needs_a_reason() -> None:
    deep = Chart(**{**_as_dict(FULL), "areas": (TreatedArea("forehead", 1.5, 2),)})
    assert _fields(deep) == ["chart.forehead"]


def test_lots_name_the_cartridge_the_device_and_each_product() -> None:
    assert FULL.lots() == (
        (LotKind.CARTRIDGE, "LOT-77A"),
        (LotKind.DEVICE, "DP4-0031"),
        (LotKind.PRODUCT, "HA-2291"),
    )


def _as_dict(chart: Chart) -> dict[str, object]:
    return {name: getattr(chart, name) for name in Chart.__slots__}
