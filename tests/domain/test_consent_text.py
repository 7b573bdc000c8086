"""The consent a client signs carries their own plan, cautions and decisions; its hash is stable."""

from __future__ import annotations

from consult_app.content.bundle import Content
from consult_app.domain.consent_text import (
    DECISION_OPTIONS,
    build_consent_text,
    consent_plain,
    consent_sha256,
    decision_note_hint,
    decision_option,
    decision_options,
)
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.course import COURSE_COMPLETE, SESSION_TOO_SOON
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding

CAUTION = Finding("herpes_history", Severity.CAUTION, "Cold sores may come back.", "Antivirals.")
NOTE = Finding("smoking", Severity.NOTE, "Smoking slows healing.", "Practitioner-only advice.")
PLAN = Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6)


def test_the_clients_plan_cautions_and_decisions_are_in_the_text(content: Content) -> None:
    decision = Decision("herpes_history", DecisionChoice.REFER_GP, "GP to prescribe antivirals")
    text = consent_plain(
        build_consent_text(content.consent, content.plan, (CAUTION, NOTE), (decision,), PLAN)
    )
    assert "Cheeks: needle depth 0.75 mm" in text
    assert "4 sessions, about 6 weeks apart." in text
    assert (
        "Cold sores may come back. Decision: Check with your GP first. GP to prescribe antivirals"
        in text
    )
    assert "Smoking slows healing." in text
    assert "Practitioner-only advice." not in text
    assert f"(version {content.consent.version})" in text
    for declaration in content.consent.declarations:
        assert declaration in text


def test_an_undecided_caution_says_so(content: Content) -> None:
    text = consent_plain(build_consent_text(content.consent, content.plan, (CAUTION,), (), PLAN))
    assert "Decision: not yet recorded." in text


def test_the_hash_is_stable_and_changes_with_any_word(content: Content) -> None:
    first = build_consent_text(content.consent, content.plan, (CAUTION,), (), PLAN)
    again = build_consent_text(content.consent, content.plan, (CAUTION,), (), PLAN)
    other = build_consent_text(
        content.consent, content.plan, (CAUTION,), (), Plan(PLAN.areas, 5, 6)
    )
    assert consent_sha256(first) == consent_sha256(again)
    assert consent_sha256(first) != consent_sha256(other)
    assert len(consent_sha256(first)) == 64


def test_timing_cautions_offer_the_same_choices_worded_for_a_booking() -> None:
    for rule in (SESSION_TOO_SOON, COURSE_COMPLETE):
        options = decision_options(rule)
        assert list(options) == list(DECISION_OPTIONS), "the same stored choices, in order"
        assert "settled" not in options[DecisionChoice.DEFER]
    assert decision_options("cold_sores") == DECISION_OPTIONS
    late = Decision(SESSION_TOO_SOON, DecisionChoice.DEFER, "Booked for the 24th")
    assert decision_option(late) == "Wait: book the session for when the interval has passed"


def test_a_timing_cautions_note_hint_asks_for_a_date_or_a_reason_not_a_plan_change() -> None:
    for rule in (SESSION_TOO_SOON, COURSE_COMPLETE):
        hint = decision_note_hint(rule)
        assert "plan" not in hint and "reason" in hint, rule
    assert "date booked" in decision_note_hint(SESSION_TOO_SOON)
    assert "results" in decision_note_hint(COURSE_COMPLETE)
    assert decision_note_hint("herpes_history") == "What was agreed, e.g. the change to the plan"
