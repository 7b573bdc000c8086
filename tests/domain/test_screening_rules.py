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
    """A clear intake (consultation on TODAY) with these changes, and what it should give."""

    rule: str
    answers: dict[str, Any] = field(default_factory=dict)
    assessment: dict[str, Any] | None = None
    date_of_birth: str | None = None
    on: str | None = None  # consultation date, ISO
    severity: str = ""  # expected, when the case fires the rule
    reassess_on: str | None = None  # expected, when the case fires the rule once
    count: int = 1  # expected number of findings of the rule


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


def procs(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"recent_aesthetic_procedures": [proc(kind, day) for kind, day in pairs]}


def iso(dose: str | None) -> dict[str, Any]:
    answers: dict[str, Any] = {"isotretinoin_last_6_months": True}
    if dose:
        answers["isotretinoin_last_dose"] = dose
    return answers


def yes(question: str) -> dict[str, Any]:
    return {question: True}


def row(
    rule: str,
    severity: str = "",
    answers: dict[str, Any] | None = None,
    *,
    name: str = "",
    **options: Any,
) -> Any:
    """One table row: pytest.param of a Case, its id the rule id unless `name` is given."""
    return pytest.param(Case(rule, answers or {}, severity=severity, **options), id=name or rule)


# TODAY is 2026-11-25; the client in intake() was born 1990-05-24.
# fmt: off
FIRES = [
    # --- age: a client whose 18th birthday is the consultation date may be treated ---
    row("under_minimum_age", "stop", date_of_birth="2008-11-26", name="age-day-before-18"),
    row("under_minimum_age", "stop", date_of_birth="2020-01-01", name="age-child"),
    row("under_minimum_age", "stop", date_of_birth="2008-02-29", on="2026-02-28",
        name="age-born-29-feb-on-28-feb"),
    # --- stops ---
    row("pregnancy", "stop", yes("pregnant_or_breastfeeding")),
    row("active_infection", "stop", yes("active_infection_in_area"), reassess_on="2026-12-09"),
    row("active_acne", "stop", yes("active_acne_in_area"), reassess_on="2027-01-06"),
    row("active_herpes", "stop", yes("active_cold_sore"), reassess_on="2026-12-09"),
    row("dermatosis_active", "stop", yes("eczema_psoriasis_flare_in_area"),
        reassess_on="2026-12-23"),
    row("keloid", "stop", yes("keloid_or_hypertrophic_scarring")),
    row("bleeding_disorder", "stop", yes("bleeding_disorder")),
    row("diabetes_uncontrolled", "stop", {"diabetes": "poorly_controlled"}),
    row("immunosuppression", "stop", yes("immunosuppressed")),
    row("cancer_treatment", "stop", yes("chemo_radiotherapy_last_6_months")),
    row("suspicious_lesion", "stop", yes("skin_cancer_or_lesion_in_area")),
    # --- isotretinoin: 6 calendar months after the last dose, clamped to the month's end ---
    row("isotretinoin", "stop", iso(None), reassess_on=None, name="iso-yes-without-date"),
    row("isotretinoin", "stop", iso("2026-05-26"), reassess_on="2026-11-26",
        name="iso-one-day-short-of-6-months"),
    row("isotretinoin", "stop", iso("2026-05-31"), on="2026-11-29", reassess_on="2026-11-30",
        name="iso-31-may-clears-30-nov"),
    row("isotretinoin", "stop", iso("2026-08-31"), on="2027-02-27", reassess_on="2027-02-28",
        name="iso-31-aug-clears-28-feb"),
    row("isotretinoin", "stop", iso("2027-08-31"), on="2028-02-28", reassess_on="2028-02-29",
        name="iso-31-aug-clears-29-feb-leap"),
    # --- cautions ---
    row("herpes_history", "caution", yes("cold_sore_history")),
    row("dermatosis_history", "caution", {"skin_condition_history": ["rosacea"]}),
    row("dermatosis_history", "caution", {"skin_condition_history": ["eczema", "psoriasis"]},
        name="dermatosis_history-two-conditions-one-finding"),
    row("koebner_risk", "caution", {"skin_condition_history": ["vitiligo"]}),
    row("anticoagulants", "caution", yes("anticoagulant_medication")),
    row("diabetes_controlled", "caution", {"diabetes": "controlled"}),
    row("autoimmune", "caution", yes("autoimmune_condition")),
    row("recent_actives", "caution", yes("topical_retinoid_or_acids_last_5_days"),
        reassess_on="2026-11-30"),
    row("sun_damage_recent", "caution", yes("sunburn_or_tan_last_2_weeks"),
        reassess_on="2026-12-09"),
    row("anaesthetic_allergy", "caution", yes("anaesthetic_allergy")),
    row("metal_allergy", "caution", yes("metal_allergy")),
    row("pih_history", "caution", yes("pigmentation_after_injury")),
    row("implants_in_area", "caution", yes("gold_threads_or_permanent_filler")),
    row("tattoo_in_area", "caution", yes("tattoo_or_pmu_in_area")),
    row("recent_illness", "caution", yes("unwell_last_week"), reassess_on="2026-12-02"),
    row("melasma", "caution", assessment=fitz(2, "melasma")),
    # --- recent procedures: one finding per procedure still inside its period ---
    row("recent_procedure", "caution", procs(("toxin", "2026-11-12")),
        reassess_on="2026-11-26", name="toxin-13-days"),
    row("recent_procedure", "caution", procs(("filler", "2026-11-12")),
        reassess_on="2026-11-26", name="filler-13-days"),
    row("recent_procedure", "caution", procs(("laser_or_peel", "2026-10-29")),
        reassess_on="2026-11-26", name="laser-27-days"),
    row("recent_procedure", "caution", procs(("facial_surgery", "2026-05-26")),
        reassess_on="2026-11-26", name="surgery-one-day-short-of-6-months"),
    row("recent_procedure", "caution", procs(
        ("toxin", "2026-11-20"), ("filler", "2026-11-18"), ("laser_or_peel", "2026-11-01"),
        ("facial_surgery", "2026-09-01"), ("toxin", "2026-10-01")),
        count=4, name="four-inside-one-outside"),
    # --- notes ---
    row("otc_blood_thinners", "note", yes("blood_thinning_otc")),
    row("photosensitivity", "note", yes("photosensitising_medication")),
    row("smoking", "note", yes("smoker")),
    row("fitzpatrick_high", "note", assessment=fitz(4), name="fitzpatrick-4"),
    row("fitzpatrick_high", "note", assessment=fitz(5), name="fitzpatrick-5"),
    row("fitzpatrick_high", "note", assessment=fitz(6), name="fitzpatrick-6"),
]

CLEARS = [
    row("under_minimum_age", date_of_birth="2008-11-25", name="age-18th-birthday-today"),
    row("under_minimum_age", date_of_birth="2008-02-29", on="2026-03-01",
        name="age-born-29-feb-on-1-mar"),
    row("under_minimum_age", date_of_birth="2008-02-29", on="2028-02-29",
        name="age-born-29-feb-in-leap-year"),
    row("isotretinoin", answers=iso("2026-05-25"), name="iso-exactly-6-months"),
    row("isotretinoin", answers=iso("2026-05-31"), on="2026-11-30", name="iso-31-may-on-30-nov"),
    row("isotretinoin", answers=iso("2026-08-31"), on="2027-02-28", name="iso-31-aug-on-28-feb"),
    row("isotretinoin", answers={"isotretinoin_last_6_months": False,
                                 "isotretinoin_last_dose": "2026-11-01"},
        name="iso-no-with-stray-date"),
    row("recent_procedure", answers=procs(("toxin", "2026-11-11")), name="toxin-14-days"),
    row("recent_procedure", answers=procs(("filler", "2026-11-11")), name="filler-14-days"),
    row("recent_procedure", answers=procs(("laser_or_peel", "2026-10-28")),
        name="laser-28-days"),
    row("recent_procedure", answers=procs(("facial_surgery", "2026-05-25")),
        name="surgery-exactly-6-months"),
    row("dermatosis_history", answers={"skin_condition_history": ["vitiligo"]},
        name="dermatosis_history-vitiligo-only"),
    row("koebner_risk", answers={"skin_condition_history": ["eczema", "rosacea"]},
        name="koebner_risk-without-vitiligo"),
    row("diabetes_uncontrolled", answers={"diabetes": "controlled"},
        name="diabetes_uncontrolled-when-controlled"),
    row("diabetes_controlled", answers={"diabetes": "poorly_controlled"},
        name="diabetes_controlled-when-poorly-controlled"),
    row("fitzpatrick_high", assessment=fitz(3), name="fitzpatrick-3"),
    row("fitzpatrick_high", assessment=fitz(1), name="fitzpatrick-1"),
    row("melasma", assessment=fitz(2, "pigmentation", "texture"), name="melasma-other-concerns"),
    row("melasma", assessment=fitz(2), name="melasma-no-concerns"),
] + [
    row(rule, name=f"{rule}-clear-intake")
    for rule in (
        "under_minimum_age", "pregnancy", "isotretinoin", "active_infection", "active_acne",
        "active_herpes", "herpes_history", "dermatosis_active", "dermatosis_history",
        "koebner_risk", "keloid", "bleeding_disorder", "anticoagulants", "otc_blood_thinners",
        "diabetes_controlled", "diabetes_uncontrolled", "immunosuppression", "cancer_treatment",
        "suspicious_lesion", "autoimmune", "recent_actives", "sun_damage_recent",
        "recent_procedure", "anaesthetic_allergy", "metal_allergy", "pih_history",
        "photosensitivity", "smoking", "implants_in_area", "tattoo_in_area", "recent_illness",
        "fitzpatrick_high", "melasma",
    )
]
# fmt: on


def _rules_in(table: list[Any]) -> set[str]:
    return {param.values[0].rule for param in table}


def test_every_rule_in_the_content_fires_in_the_table(content: Content) -> None:
    assert {rule.id for rule in content.rules.rules} == _rules_in(FIRES)


def test_every_rule_in_the_content_has_a_case_that_does_not_fire(content: Content) -> None:
    assert {rule.id for rule in content.rules.rules} == _rules_in(CLEARS)


def test_the_content_has_33_rules(content: Content) -> None:
    assert len(content.rules.rules) == 33


@pytest.mark.parametrize("case", FIRES)
def test_rule_fires(content: Content, case: Case) -> None:
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
