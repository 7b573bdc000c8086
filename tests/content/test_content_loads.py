"""The shipped clinic content loads and says what the clinical brief says it must."""

from __future__ import annotations

import pytest

from consult_app.content.bundle import FILES, Content, load_content
from consult_app.paths import content_dir

# The medical-history table of the clinical brief: question id → type.
QUESTION_TYPES = {
    "pregnant_or_breastfeeding": "yes_no",
    "isotretinoin_last_6_months": "yes_no",
    "isotretinoin_last_dose": "date",
    "active_infection_in_area": "yes_no",
    "active_acne_in_area": "yes_no",
    "active_cold_sore": "yes_no",
    "cold_sore_history": "yes_no",
    "eczema_psoriasis_flare_in_area": "yes_no",
    "skin_condition_history": "multi",
    "keloid_or_hypertrophic_scarring": "yes_no",
    "bleeding_disorder": "yes_no",
    "anticoagulant_medication": "yes_no",
    "blood_thinning_otc": "yes_no",
    "diabetes": "choice",
    "immunosuppressed": "yes_no",
    "chemo_radiotherapy_last_6_months": "yes_no",
    "skin_cancer_or_lesion_in_area": "yes_no",
    "autoimmune_condition": "yes_no",
    "topical_retinoid_or_acids_last_5_days": "yes_no",
    "sunburn_or_tan_last_2_weeks": "yes_no",
    "recent_aesthetic_procedures": "procedures",  # "multi, each with a date" in the brief
    "anaesthetic_allergy": "yes_no",
    "metal_allergy": "yes_no",
    "pigmentation_after_injury": "yes_no",
    "photosensitising_medication": "yes_no",
    "smoker": "yes_no",
    "gold_threads_or_permanent_filler": "yes_no",
    "tattoo_or_pmu_in_area": "yes_no",
    "unwell_last_week": "yes_no",
    "other_conditions": "text",
    "other_medications": "text",
}

# The same table's rule column, plus the age and skin-assessment rules: rule id → severity.
RULE_SEVERITIES = {
    "under_minimum_age": "stop",
    "pregnancy": "stop",
    "isotretinoin": "stop",
    "active_infection": "stop",
    "active_acne": "stop",
    "active_herpes": "stop",
    "herpes_history": "caution",
    "dermatosis_active": "stop",
    "dermatosis_history": "caution",
    "koebner_risk": "caution",
    "keloid": "stop",
    "bleeding_disorder": "stop",
    "anticoagulants": "caution",
    "otc_blood_thinners": "note",
    "diabetes_controlled": "caution",
    "diabetes_uncontrolled": "stop",
    "immunosuppression": "stop",
    "cancer_treatment": "stop",
    "suspicious_lesion": "stop",
    "autoimmune": "caution",
    "recent_actives": "caution",
    "sun_damage_recent": "caution",
    "recent_procedure": "caution",
    "anaesthetic_allergy": "caution",
    "metal_allergy": "caution",
    "pih_history": "caution",
    "photosensitivity": "note",
    "smoking": "note",
    "implants_in_area": "caution",
    "tattoo_in_area": "caution",
    "recent_illness": "caution",
    "fitzpatrick_high": "note",
    "melasma": "caution",
}

# The plan guidance of the brief: area id → typical depth range in mm.
AREA_DEPTHS = {
    "forehead": (0.25, 0.5),
    "periorbital": (0.25, 0.5),
    "nose": (0.25, 0.5),
    "perioral": (0.25, 0.75),
    "cheeks": (0.5, 1.5),
    "jawline_chin": (0.5, 1.0),
    "neck": (0.25, 0.75),
    "decolletage": (0.25, 0.75),
    "scalp": (0.5, 1.5),
    "hands": (0.25, 0.5),
    "body": (1.5, 2.0),
}

# The brief's risks to disclose, by group: words the consent must contain (lower case).
CONSENT_RISKS = {
    "expected": ["redness", "swelling", "tender", "bleeding", "dryness", "flaking"],
    "less_common": ["bruising", "milia", "hyperpigmentation", "cold sore"],
    "rare": ["infection", "scarring", "track marks", "allergic", "granuloma"],
    "alternatives": ["chemical peel", "laser", "retinoid", "not to have any treatment"],
}


def test_the_shipped_folder_loads(content: Content) -> None:
    loaded = load_content(content_dir())
    assert loaded.versions == content.versions
    assert len(loaded.questionnaire.questions) == len(content.questionnaire.questions)


def test_every_question_of_the_brief_is_asked_with_its_type(content: Content) -> None:
    questions = content.questionnaire.questions
    actual = {qid: str(questions[qid].type) for qid in QUESTION_TYPES if qid in questions}
    assert actual == QUESTION_TYPES


def test_every_question_is_on_a_page_or_follows_one(content: Content) -> None:
    questionnaire = content.questionnaire
    listed = {qid for section in questionnaire.sections for qid in section.question_ids}
    for question in questionnaire.questions.values():
        assert question.id in listed or question.follow_up_of in listed, question.id


def test_choice_and_multi_questions_offer_the_briefs_options(content: Content) -> None:
    questions = content.questionnaire.questions
    assert questions["diabetes"].option_ids == ("no", "controlled", "poorly_controlled")
    conditions = {"eczema", "psoriasis", "rosacea", "dermatitis", "vitiligo"}
    assert conditions <= set(questions["skin_condition_history"].option_ids)
    kinds = {"toxin", "filler", "laser_or_peel", "facial_surgery"}
    assert kinds <= set(questions["recent_aesthetic_procedures"].option_ids)


def test_last_isotretinoin_dose_is_asked_after_a_yes(content: Content) -> None:
    follow_up = content.questionnaire.questions["isotretinoin_last_dose"]
    assert follow_up.follow_up_of == "isotretinoin_last_6_months"
    assert follow_up.shown_when is True
    assert follow_up.required is False  # "yes without a date" must be possible


def test_every_rule_of_the_brief_has_its_severity_and_a_source(content: Content) -> None:
    rules = {rule.id: rule for rule in content.rules.rules}
    actual = {rid: str(rules[rid].severity) for rid in RULE_SEVERITIES if rid in rules}
    assert actual == RULE_SEVERITIES
    assert all(rule.source for rule in rules.values())


def test_waiting_periods_match_the_brief(content: Content) -> None:
    rules = {rule.id: rule for rule in content.rules.rules}
    isotretinoin = rules["isotretinoin"].wait
    assert isotretinoin is not None
    assert (isotretinoin.since, str(isotretinoin.period)) == ("isotretinoin_last_dose", "6 months")
    each = rules["recent_procedure"].each
    assert each is not None
    periods = {kind: str(period) for kind, period in each.periods.items()}
    expected = {"toxin": "14 days", "filler": "14 days", "laser_or_peel": "28 days"}
    assert periods == {**expected, "facial_surgery": "6 months"}


def test_every_file_has_a_version_and_all_six_are_recorded(content: Content) -> None:
    assert len(FILES) == 6
    assert set(content.versions) == {name.removesuffix(".toml") for name in FILES}
    for name, version in content.versions.items():
        assert isinstance(version, str) and version.strip(), name


def test_every_area_has_the_briefs_depth_range(content: Content) -> None:
    actual = {area.id: (area.depth_min, area.depth_max) for area in content.plan.areas}
    assert actual == AREA_DEPTHS


def test_areas_without_a_published_depth_are_marked_clinic_default(content: Content) -> None:
    defaults = {area.id for area in content.plan.areas if area.clinic_default}
    assert defaults == {"neck", "decolletage", "hands"}


@pytest.mark.parametrize(
    ("area", "concern", "top"),
    [
        ("cheeks", "acne_scars", 2.0),
        ("cheeks", "surgical_scars", 2.0),
        ("body", "stretch_marks", 2.0),
    ],
)
def test_scar_and_stretch_mark_indications_widen_the_range(
    content: Content, area: str, concern: str, top: float
) -> None:
    guidance = content.plan.area(area)
    assert guidance.range_for((concern,)) == (guidance.depth_min, top)


def test_cheeks_are_not_widened_without_a_scar_concern(content: Content) -> None:
    assert content.plan.area("cheeks").range_for(("fine_lines",)) == (0.5, 1.5)


def test_sessions_and_darker_skin_policy(content: Content) -> None:
    sessions, policy = content.plan.sessions, content.plan.policy
    assert (sessions.min, sessions.max) == (3, 6)
    assert (sessions.interval_weeks_min, sessions.interval_weeks_max) == (4, 6)
    assert policy.darker_skin_from_fitzpatrick == 4
    assert policy.darker_skin_lower_half is True


def _consent_text(content: Content) -> str:
    consent = content.consent
    parts = [consent.intro]
    for section in consent.sections:
        parts += [section.heading, *section.paragraphs, *section.bullets]
    return " ".join(parts).lower()


@pytest.mark.parametrize("group", sorted(CONSENT_RISKS))
def test_consent_mentions_each_risk_group(content: Content, group: str) -> None:
    text = _consent_text(content)
    missing = [word for word in CONSENT_RISKS[group] if word not in text]
    assert missing == []


def test_consent_has_declarations_withdrawal_and_photo_consent(content: Content) -> None:
    consent = content.consent
    assert len(consent.declarations) >= 3
    assert any("true" in d.lower() for d in consent.declarations)
    assert any("consent" in d.lower() for d in consent.declarations)
    assert "marketing" in consent.photo_consent.lower()
    assert "change your mind" in _consent_text(content)


def test_aftercare_has_the_five_timeline_stages_in_order(content: Content) -> None:
    stages = content.aftercare.stages
    assert [stage.id for stage in stages] == [
        "first_hours",
        "first_24h",
        "48_72h",
        "first_week",
        "until_next_session",
    ]
    assert all(stage.items for stage in stages)


def test_aftercare_says_when_to_contact_the_clinic(content: Content) -> None:
    reasons = " ".join(content.aftercare.contact.reasons).lower()
    for word in ("pain", "pus", "fever", "blisters", "cold sore", "5 days", "rash"):
        assert word in reasons, word
    contact = content.aftercare.contact
    assert "{phone}" in contact.call and "{phone}" in contact.out_of_hours
    assert "NHS 111" in contact.no_out_of_hours and "999" in contact.emergency


def test_aftercare_says_when_make_up_and_exercise_are_fine_again(content: Content) -> None:
    back = content.aftercare.back_to_normal
    assert back is not None
    lines = " ".join(back.items)
    assert "Make-up" in lines and "Exercise" in lines and "24 hours" in lines


def test_preparation_handout_has_sections(content: Content) -> None:
    assert content.preparation.title
    assert all(s.paragraphs or s.bullets for s in content.preparation.sections)
