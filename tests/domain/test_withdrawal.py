"""Which shown stops and cautions a changed answer removes, and which answer it was."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from consult_app.content.bundle import Content
from consult_app.domain.answers import answers_to_json, parse_answers
from consult_app.domain.assessment import Assessment
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding, screen
from consult_app.domain.withdrawal import (
    ALL_SHOWN,
    DATE_OF_BIRTH,
    AnswerChange,
    Withdrawal,
    facts_json,
    rule_subjects,
    shown_after,
    withdrawn_by,
)
from tests.conftest import TODAY, clear_answers

ADULT = date(1990, 5, 24)
SKIN = Assessment(fitzpatrick=2, concerns=("fine_lines",))


def _screen(
    content: Content, born: date | None = ADULT, assessment: Assessment = SKIN, **changes: Any
) -> tuple[tuple[Finding, ...], dict[str, Any]]:
    raw = {**clear_answers(content), **changes}
    answers = parse_answers(content.questionnaire, raw, complete=False)
    findings = screen(content.rules, answers, assessment, born, TODAY).findings
    return findings, facts_json(answers_to_json(answers), assessment, born)


def test_the_findings_shown_keep_the_answers_they_rested_on(content: Content) -> None:
    findings, facts = _screen(content, pregnant_or_breastfeeding=True, blood_thinning_otc=True)
    shown = shown_after((), findings, content.rules, facts, shown_now=ALL_SHOWN)
    assert [s.finding.rule for s in shown] == ["pregnancy"], "a note may come and go freely"
    assert shown[0].basis == {"pregnant_or_breastfeeding": True}
    assert shown_after((), findings, content.rules, facts, shown_now=()) == ()


def test_a_stop_answered_away_names_the_answer_before_and_after(content: Content) -> None:
    findings, facts = _screen(content, pregnant_or_breastfeeding=True)
    shown = shown_after((), findings, content.rules, facts, shown_now=ALL_SHOWN)
    later, facts_later = _screen(content, pregnant_or_breastfeeding=False)
    [gone] = withdrawn_by(shown, later, facts_later, content.questionnaire)
    assert (gone.rule, gone.severity, gone.kind) == ("pregnancy", Severity.STOP, "Stop")
    assert gone.message == findings[0].message
    assert gone.changes == (
        AnswerChange(
            "pregnant_or_breastfeeding", "Are you pregnant or breastfeeding at the moment?", "Yes",
            "No",
        ),
    )  # fmt: skip
    assert gone.cause() == (
        "Are you pregnant or breastfeeding at the moment? changed from Yes to No"
    )
    assert shown_after(shown, later, content.rules, facts_later, shown_now=()) == ()


def test_nothing_is_withdrawn_while_the_finding_is_still_found_or_was_never_shown(
    content: Content,
) -> None:
    findings, facts = _screen(content, pregnant_or_breastfeeding=True)
    shown = shown_after((), findings, content.rules, facts, shown_now=ALL_SHOWN)
    again, facts_again = _screen(content, pregnant_or_breastfeeding=True, smoker=True)
    assert withdrawn_by(shown, again, facts_again, content.questionnaire) == ()
    kept = shown_after(shown, again, content.rules, facts_again, shown_now=())
    assert [s.finding.rule for s in kept] == ["pregnancy"], "seen once stays seen"
    cleared, facts_cleared = _screen(content)
    unseen = shown_after((), findings, content.rules, facts, shown_now=())
    assert withdrawn_by(unseen, cleared, facts_cleared, content.questionnaire) == ()


def test_a_date_of_birth_moving_the_client_over_18_withdraws_the_age_stop(
    content: Content,
) -> None:
    assert rule_subjects(next(r for r in content.rules.rules if r.id == "under_minimum_age")) == (
        DATE_OF_BIRTH,
    )
    findings, facts = _screen(content, born=date(2012, 3, 14))
    shown = shown_after((), findings, content.rules, facts, shown_now=ALL_SHOWN)
    assert [s.finding.rule for s in shown] == ["under_minimum_age"]
    later, facts_later = _screen(content, born=date(2002, 3, 14))
    [gone] = withdrawn_by(shown, later, facts_later, content.questionnaire)
    assert gone.changes == (
        AnswerChange(DATE_OF_BIRTH, "The client's date of birth", "14 Mar 2012", "14 Mar 2002"),
    )


def test_a_caution_from_the_skin_assessment_names_what_was_seen(content: Content) -> None:
    melasma = Assessment(fitzpatrick=2, concerns=("fine_lines", "melasma"))
    findings, facts = _screen(content, assessment=melasma)
    shown = shown_after((), findings, content.rules, facts, shown_now=ALL_SHOWN)
    later, facts_later = _screen(content)
    [gone] = withdrawn_by(shown, later, facts_later, content.questionnaire)
    assert (gone.rule, gone.kind) == ("melasma", "Caution")
    [change] = gone.changes
    assert change.label == "Skin concerns seen"
    assert "Melasma" in change.before and "Melasma" not in change.after, "labels, not ids"


def test_a_withdrawal_reads_back_as_it_was_kept() -> None:
    kept = Withdrawal(
        "pregnancy",
        Severity.STOP,
        "Not during pregnancy.",
        (AnswerChange("pregnant_or_breastfeeding", "Pregnant?", "Yes", "No"),),
        "Misread the question",
        "Dr Sam Patel",
        datetime(2026, 11, 25, 14, 2),
    )
    assert Withdrawal.from_json(kept.to_json()) == kept
