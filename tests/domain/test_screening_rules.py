"""Every screening rule in rules.toml, fired and not fired, through the real content.

The tables below are the specification: each rule has at least one case that fires it and one
that does not, and a test fails when a rule is added to rules.toml without a row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.assessment import Assessment
from consult_app.domain.rules import SEVERITY_ORDER
from consult_app.domain.screening import Outcome, ScreeningResult, screen
from consult_app.services.screening import screen_intake
from tests.conftest import TODAY, intake

OUTCOME_OF_SEVERITY = {"stop": "stop", "caution": "caution", "note": "clear"}


@dataclass(frozen=True)
class Case:
    """One intake: a clear intake (consultation on TODAY) with these changes."""

    rule: str
    answers: dict[str, Any] = field(default_factory=dict)
    assessment: dict[str, Any] | None = None
    date_of_birth: str | None = None
    on: str | None = None  # consultation date, ISO


@dataclass(frozen=True)
class Fires(Case):
    severity: str = ""
    reassess_on: str | None = None
    count: int = 1


def raw_intake(content: Content, case: Case) -> dict[str, Any]:
    raw = intake(content, **case.answers)
    if case.assessment is not None:
        raw["assessment"] = case.assessment
    if case.date_of_birth is not None:
        raw["client"]["date_of_birth"] = case.date_of_birth
    if case.on is not None:
        raw["consultation_date"] = case.on
    return raw


def run(content: Content, case: Case) -> ScreeningResult:
    return screen_intake(content, raw_intake(content, case))


def fitz(level: int, *concerns: str) -> dict[str, Any]:
    return {"fitzpatrick": level, "concerns": list(concerns)}


def proc(kind: str, day: str) -> dict[str, str]:
    return {"kind": kind, "date": day}


def iso(dose: str, on: str | None = None) -> dict[str, Any]:
    answers = {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": dose}
    return {"answers": answers, "on": on}


def yes(question: str) -> dict[str, Any]:
    return {question: True}


# TODAY is 2026-11-25; the client in intake() was born 1990-05-24.
FIRES = [
    # --- age ---
    pytest.param(
        Fires("under_minimum_age", date_of_birth="2008-11-26", severity="stop"),
        id="age-one-day-before-18th-birthday",
    ),
    pytest.param(
        Fires("under_minimum_age", date_of_birth="2020-01-01", severity="stop"), id="age-child"
    ),
    pytest.param(
        Fires("under_minimum_age", date_of_birth="2008-02-29", on="2026-02-28", severity="stop"),
        id="age-29-feb-birthday-on-28-feb",
    ),
    # --- yes/no stops ---
    pytest.param(
        Fires("pregnancy", yes("pregnant_or_breastfeeding"), severity="stop"), id="pregnancy"
    ),
    pytest.param(
        Fires(
            "active_infection",
            yes("active_infection_in_area"),
            severity="stop",
            reassess_on="2026-12-09",
        ),
        id="active_infection",
    ),
    pytest.param(
        Fires("active_acne", yes("active_acne_in_area"), severity="stop", reassess_on="2027-01-06"),
        id="active_acne",
    ),
    pytest.param(
        Fires("active_herpes", yes("active_cold_sore"), severity="stop", reassess_on="2026-12-09"),
        id="active_herpes",
    ),
    pytest.param(
        Fires(
            "dermatosis_active",
            yes("eczema_psoriasis_flare_in_area"),
            severity="stop",
            reassess_on="2026-12-23",
        ),
        id="dermatosis_active",
    ),
    pytest.param(
        Fires("keloid", yes("keloid_or_hypertrophic_scarring"), severity="stop"), id="keloid"
    ),
    pytest.param(
        Fires("bleeding_disorder", yes("bleeding_disorder"), severity="stop"),
        id="bleeding_disorder",
    ),
    pytest.param(
        Fires("diabetes_uncontrolled", {"diabetes": "poorly_controlled"}, severity="stop"),
        id="diabetes_uncontrolled",
    ),
    pytest.param(
        Fires("immunosuppression", yes("immunosuppressed"), severity="stop"), id="immunosuppression"
    ),
    pytest.param(
        Fires("cancer_treatment", yes("chemo_radiotherapy_last_6_months"), severity="stop"),
        id="cancer_treatment",
    ),
    pytest.param(
        Fires("suspicious_lesion", yes("skin_cancer_or_lesion_in_area"), severity="stop"),
        id="suspicious_lesion",
    ),
    # --- isotretinoin: calendar months from the last dose ---
    pytest.param(
        Fires(
            "isotretinoin", {"isotretinoin_last_6_months": True}, severity="stop", reassess_on=None
        ),
        id="isotretinoin-yes-without-date",
    ),
    pytest.param(
        Fires("isotretinoin", **iso("2026-05-26"), severity="stop", reassess_on="2026-11-26"),
        id="isotretinoin-one-day-short-of-6-months",
    ),
    pytest.param(
        Fires(
            "isotretinoin",
            **iso("2026-05-31", on="2026-11-29"),
            severity="stop",
            reassess_on="2026-11-30",
        ),
        id="isotretinoin-31-may-clamps-to-30-nov",
    ),
    pytest.param(
        Fires(
            "isotretinoin",
            **iso("2026-08-31", on="2027-02-27"),
            severity="stop",
            reassess_on="2027-02-28",
        ),
        id="isotretinoin-31-aug-clamps-to-28-feb",
    ),
    pytest.param(
        Fires(
            "isotretinoin",
            **iso("2027-08-31", on="2028-02-28"),
            severity="stop",
            reassess_on="2028-02-29",
        ),
        id="isotretinoin-31-aug-leap-year-29-feb",
    ),
    # --- cautions ---
    pytest.param(
        Fires("herpes_history", yes("cold_sore_history"), severity="caution"), id="herpes_history"
    ),
    pytest.param(
        Fires("dermatosis_history", {"skin_condition_history": ["rosacea"]}, severity="caution"),
        id="dermatosis_history-rosacea",
    ),
    pytest.param(
        Fires(
            "dermatosis_history",
            {"skin_condition_history": ["eczema", "psoriasis"]},
            severity="caution",
        ),
        id="dermatosis_history-two-conditions-one-finding",
    ),
    pytest.param(
        Fires("koebner_risk", {"skin_condition_history": ["vitiligo"]}, severity="caution"),
        id="koebner_risk",
    ),
    pytest.param(
        Fires("anticoagulants", yes("anticoagulant_medication"), severity="caution"),
        id="anticoagulants",
    ),
    pytest.param(
        Fires("diabetes_controlled", {"diabetes": "controlled"}, severity="caution"),
        id="diabetes_controlled",
    ),
    pytest.param(
        Fires("autoimmune", yes("autoimmune_condition"), severity="caution"), id="autoimmune"
    ),
    pytest.param(
        Fires(
            "recent_actives",
            yes("topical_retinoid_or_acids_last_5_days"),
            severity="caution",
            reassess_on="2026-11-30",
        ),
        id="recent_actives",
    ),
    pytest.param(
        Fires(
            "sun_damage_recent",
            yes("sunburn_or_tan_last_2_weeks"),
            severity="caution",
            reassess_on="2026-12-09",
        ),
        id="sun_damage_recent",
    ),
    pytest.param(
        Fires("anaesthetic_allergy", yes("anaesthetic_allergy"), severity="caution"),
        id="anaesthetic_allergy",
    ),
    pytest.param(
        Fires("metal_allergy", yes("metal_allergy"), severity="caution"), id="metal_allergy"
    ),
    pytest.param(
        Fires("pih_history", yes("pigmentation_after_injury"), severity="caution"), id="pih_history"
    ),
    pytest.param(
        Fires("implants_in_area", yes("gold_threads_or_permanent_filler"), severity="caution"),
        id="implants_in_area",
    ),
    pytest.param(
        Fires("tattoo_in_area", yes("tattoo_or_pmu_in_area"), severity="caution"),
        id="tattoo_in_area",
    ),
    pytest.param(
        Fires(
            "recent_illness", yes("unwell_last_week"), severity="caution", reassess_on="2026-12-02"
        ),
        id="recent_illness",
    ),
    pytest.param(Fires("melasma", assessment=fitz(2, "melasma"), severity="caution"), id="melasma"),
    # --- recent procedures: one finding per procedure still inside its period ---
    pytest.param(
        Fires(
            "recent_procedure",
            {"recent_aesthetic_procedures": [proc("toxin", "2026-11-12")]},
            severity="caution",
            reassess_on="2026-11-26",
        ),
        id="toxin-13-days",
    ),
    pytest.param(
        Fires(
            "recent_procedure",
            {"recent_aesthetic_procedures": [proc("filler", "2026-11-12")]},
            severity="caution",
            reassess_on="2026-11-26",
        ),
        id="filler-13-days",
    ),
    pytest.param(
        Fires(
            "recent_procedure",
            {"recent_aesthetic_procedures": [proc("laser_or_peel", "2026-10-29")]},
            severity="caution",
            reassess_on="2026-11-26",
        ),
        id="laser-27-days",
    ),
    pytest.param(
        Fires(
            "recent_procedure",
            {"recent_aesthetic_procedures": [proc("facial_surgery", "2026-05-26")]},
            severity="caution",
            reassess_on="2026-11-26",
        ),
        id="surgery-one-day-short-of-6-months",
    ),
    pytest.param(
        Fires(
            "recent_procedure",
            {
                "recent_aesthetic_procedures": [
                    proc("toxin", "2026-11-20"),
                    proc("filler", "2026-11-18"),
                    proc("laser_or_peel", "2026-11-01"),
                    proc("facial_surgery", "2026-09-01"),
                    proc("toxin", "2026-10-01"),
                ]
            },
            severity="caution",
            count=4,
        ),
        id="four-inside-one-outside",
    ),
    # --- notes ---
    pytest.param(
        Fires("otc_blood_thinners", yes("blood_thinning_otc"), severity="note"),
        id="otc_blood_thinners",
    ),
    pytest.param(
        Fires("photosensitivity", yes("photosensitising_medication"), severity="note"),
        id="photosensitivity",
    ),
    pytest.param(Fires("smoking", yes("smoker"), severity="note"), id="smoking"),
    pytest.param(
        Fires("fitzpatrick_high", assessment=fitz(4), severity="note"), id="fitzpatrick-4"
    ),
    pytest.param(
        Fires("fitzpatrick_high", assessment=fitz(6), severity="note"), id="fitzpatrick-6"
    ),
]

CLEARS = [
    pytest.param(
        Case("under_minimum_age", date_of_birth="2008-11-25"), id="age-18th-birthday-is-today"
    ),
    pytest.param(
        Case("under_minimum_age", date_of_birth="2008-02-29", on="2026-03-01"),
        id="age-29-feb-birthday-on-1-mar",
    ),
    pytest.param(
        Case("under_minimum_age", date_of_birth="2008-02-29", on="2028-02-29"),
        id="age-29-feb-birthday-in-leap-year",
    ),
    pytest.param(Case("isotretinoin", **iso("2026-05-25")), id="isotretinoin-exactly-6-months"),
    pytest.param(
        Case("isotretinoin", **iso("2026-05-31", on="2026-11-30")),
        id="isotretinoin-31-may-clear-on-30-nov",
    ),
    pytest.param(
        Case("isotretinoin", **iso("2026-08-31", on="2027-02-28")),
        id="isotretinoin-31-aug-clear-on-28-feb",
    ),
    pytest.param(
        Case(
            "isotretinoin",
            {"isotretinoin_last_6_months": False, "isotretinoin_last_dose": "2026-11-01"},
        ),
        id="isotretinoin-no-with-stray-date",
    ),
    pytest.param(
        Case("recent_procedure", {"recent_aesthetic_procedures": [proc("toxin", "2026-11-11")]}),
        id="toxin-exactly-14-days",
    ),
    pytest.param(
        Case("recent_procedure", {"recent_aesthetic_procedures": [proc("filler", "2026-11-11")]}),
        id="filler-exactly-14-days",
    ),
    pytest.param(
        Case(
            "recent_procedure",
            {"recent_aesthetic_procedures": [proc("laser_or_peel", "2026-10-28")]},
        ),
        id="laser-exactly-28-days",
    ),
    pytest.param(
        Case(
            "recent_procedure",
            {"recent_aesthetic_procedures": [proc("facial_surgery", "2026-05-25")]},
        ),
        id="surgery-exactly-6-months",
    ),
    pytest.param(
        Case("dermatosis_history", {"skin_condition_history": ["vitiligo"]}),
        id="dermatosis_history-vitiligo-only",
    ),
    pytest.param(
        Case("koebner_risk", {"skin_condition_history": ["eczema", "rosacea"]}),
        id="koebner_risk-without-vitiligo",
    ),
    pytest.param(
        Case("diabetes_uncontrolled", {"diabetes": "controlled"}),
        id="diabetes_uncontrolled-when-controlled",
    ),
    pytest.param(
        Case("diabetes_controlled", {"diabetes": "poorly_controlled"}),
        id="diabetes_controlled-when-poorly-controlled",
    ),
    pytest.param(Case("fitzpatrick_high", assessment=fitz(3)), id="fitzpatrick-3"),
    pytest.param(Case("fitzpatrick_high", assessment=fitz(1)), id="fitzpatrick-1"),
    pytest.param(
        Case("melasma", assessment=fitz(2, "pigmentation", "texture")), id="melasma-other-concerns"
    ),
    pytest.param(Case("melasma", assessment=fitz(2)), id="melasma-no-concerns"),
] + [
    pytest.param(Case(rule), id=f"{rule}-clear-intake")
    for rule in (
        "under_minimum_age",
        "pregnancy",
        "isotretinoin",
        "active_infection",
        "active_acne",
        "active_herpes",
        "herpes_history",
        "dermatosis_active",
        "dermatosis_history",
        "koebner_risk",
        "keloid",
        "bleeding_disorder",
        "anticoagulants",
        "otc_blood_thinners",
        "diabetes_controlled",
        "diabetes_uncontrolled",
        "immunosuppression",
        "cancer_treatment",
        "suspicious_lesion",
        "autoimmune",
        "recent_actives",
        "sun_damage_recent",
        "recent_procedure",
        "anaesthetic_allergy",
        "metal_allergy",
        "pih_history",
        "photosensitivity",
        "smoking",
        "implants_in_area",
        "tattoo_in_area",
        "recent_illness",
        "fitzpatrick_high",
        "melasma",
    )
]


def _rules_in(table: list[Any]) -> set[str]:
    return {param.values[0].rule for param in table}


def test_every_rule_in_the_content_fires_in_the_table(content: Content) -> None:
    assert {rule.id for rule in content.rules.rules} == _rules_in(FIRES)


def test_every_rule_in_the_content_has_a_case_that_does_not_fire(content: Content) -> None:
    assert {rule.id for rule in content.rules.rules} == _rules_in(CLEARS)


def test_the_content_has_33_rules(content: Content) -> None:
    assert len(content.rules.rules) == 33


@pytest.mark.parametrize("case", FIRES)
def test_rule_fires(content: Content, case: Fires) -> None:
    result = run(content, case)
    found = [f for f in result.findings if f.rule == case.rule]
    assert len(found) == case.count
    assert {f.rule for f in result.findings} == {case.rule}  # nothing else in a clear intake
    assert all(str(f.severity) == case.severity for f in found)
    assert str(result.outcome) == OUTCOME_OF_SEVERITY[case.severity]
    if case.count == 1:
        expected = date.fromisoformat(case.reassess_on) if case.reassess_on else None
        assert found[0].reassess_on == expected
    assert all(f.message.strip() and f.advice.strip() for f in found)


@pytest.mark.parametrize("case", CLEARS)
def test_rule_does_not_fire(content: Content, case: Case) -> None:
    result = run(content, case)
    assert case.rule not in {f.rule for f in result.findings}


def test_clear_intake_is_clear(content: Content) -> None:
    result = run(content, Case(""))
    assert result.outcome is Outcome.CLEAR
    assert result.findings == ()


def test_recent_procedures_one_finding_each_with_its_own_date(content: Content) -> None:
    procedures = [
        proc("facial_surgery", "2026-09-01"),
        proc("toxin", "2026-11-20"),
        proc("laser_or_peel", "2026-11-01"),
        proc("filler", "2026-10-01"),
    ]
    result = run(content, Case("", {"recent_aesthetic_procedures": procedures}))
    found = [f for f in result.findings if f.rule == "recent_procedure"]
    assert [f.reassess_on for f in found] == [
        date(2027, 3, 1),
        date(2026, 12, 4),
        date(2026, 11, 29),
    ]
    assert "1 Sep 2026" in found[0].message
    assert "20 Nov 2026" in found[1].message
    assert "{" not in "".join(f.message for f in found)
    assert result.outcome is Outcome.CAUTION


def test_a_note_alone_never_changes_the_outcome(content: Content) -> None:
    result = run(
        content,
        Case(
            "",
            {"smoker": True, "blood_thinning_otc": True, "photosensitising_medication": True},
            fitz(5),
        ),
    )
    assert {str(f.severity) for f in result.findings} == {"note"}
    assert len(result.findings) == 4
    assert result.outcome is Outcome.CLEAR


def test_cautions_without_a_stop_give_caution(content: Content) -> None:
    result = run(content, Case("", {"metal_allergy": True, "smoker": True}, fitz(2, "melasma")))
    assert result.outcome is Outcome.CAUTION


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"pregnant_or_breastfeeding": True}, id="stop-alone"),
        pytest.param(
            {"keloid_or_hypertrophic_scarring": True, "metal_allergy": True, "smoker": True},
            id="stop-caution-note",
        ),
    ],
)
def test_any_stop_gives_stop(content: Content, changes: dict[str, Any]) -> None:
    assert run(content, Case("", changes)).outcome is Outcome.STOP


def test_findings_come_stop_then_caution_then_note_in_rule_order(content: Content) -> None:
    changes = {
        "smoker": True,
        "metal_allergy": True,
        "pregnant_or_breastfeeding": True,
        "blood_thinning_otc": True,
        "cold_sore_history": True,
        "bleeding_disorder": True,
    }
    result = run(content, Case("", changes, fitz(5, "melasma")))
    severities = [SEVERITY_ORDER[f.severity] for f in result.findings]
    assert severities == sorted(severities)
    rule_index = {rule.id: i for i, rule in enumerate(content.rules.rules)}
    for level in (0, 1, 2):
        same = [rule_index[f.rule] for f in result.findings if SEVERITY_ORDER[f.severity] == level]
        assert same == sorted(same)
    assert [f.rule for f in result.findings] == [
        "pregnancy",
        "bleeding_disorder",
        "herpes_history",
        "metal_allergy",
        "melasma",
        "otc_blood_thinners",
        "smoking",
        "fitzpatrick_high",
    ]


def test_result_reassess_on_is_the_latest_stop_when_all_stops_can_clear(content: Content) -> None:
    both = run(content, Case("", {"active_infection_in_area": True, "active_acne_in_area": True}))
    assert both.reassess_on == date(2027, 1, 6)
    with_open_stop = run(
        content, Case("", {"active_infection_in_area": True, "pregnant_or_breastfeeding": True})
    )
    assert with_open_stop.reassess_on is None


def test_same_input_gives_equal_results(content: Content) -> None:
    case = Case(
        "",
        {
            "smoker": True,
            "isotretinoin_last_6_months": True,
            "isotretinoin_last_dose": "2026-07-01",
            "recent_aesthetic_procedures": [proc("toxin", "2026-11-20")],
        },
        fitz(4),
    )
    first, second = run(content, case), run(content, case)
    assert first == second
    assert [f.to_json() for f in first.findings] == [f.to_json() for f in second.findings]


def test_domain_screen_directly_matches_the_service(content: Content) -> None:
    answers = {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": date(2026, 5, 26)}
    direct = screen(content.rules, answers, Assessment(fitzpatrick=2), date(1990, 5, 24), TODAY)
    assert [(f.rule, f.reassess_on) for f in direct.findings] == [
        ("isotretinoin", date(2026, 11, 26))
    ]
    assert direct.outcome is Outcome.STOP
    assert direct == screen(
        content.rules, answers, Assessment(fitzpatrick=2), date(1990, 5, 24), TODAY
    )
