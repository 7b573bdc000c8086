"""The clinic's time zone and out-of-hours line: kept with its details, checked when saved."""

from __future__ import annotations

import pytest

from consult_app.domain.clinic import ClinicDetails
from consult_app.errors import ValidationError


def test_a_clinic_is_in_london_time_unless_it_says_otherwise() -> None:
    clinic = ClinicDetails.from_json({"name": "Willow Skin Clinic"})
    assert clinic.time_zone == "Europe/London" and clinic.out_of_hours_phone == ""


def test_the_zone_and_out_of_hours_line_survive_a_round_trip() -> None:
    clinic = ClinicDetails(
        "Willow", out_of_hours_phone="07700 900999", time_zone="America/New_York"
    ).validated()
    assert ClinicDetails.from_json(clinic.to_json()) == clinic


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        # The workstation's own zone: two desks would print the same record differently.
        ({"time_zone": "localtime"}, "time_zone"),
        ({"time_zone": "Factory"}, "time_zone"),
        ({"out_of_hours_phone": "ring us"}, "out_of_hours_phone"),
    ],
)
def test_an_unknown_zone_or_a_wrong_number_is_refused_by_name(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        ClinicDetails("Willow", **changes).validated()
    assert [p.field for p in refused.value.problems] == [field]


@pytest.mark.parametrize("typed", ["Europe/", "Europe", "America/Argentina", "/", "Europe//London"])
def test_a_zone_typed_half_way_is_no_zone_rather_than_an_error(typed: str) -> None:
    """A folder of the zone data (tzdata's, as the Windows bundle uses) is not a zone."""
    from consult_app.domain.dates import time_zone

    assert time_zone(typed) is None
