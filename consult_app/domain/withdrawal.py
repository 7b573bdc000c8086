"""Stops and cautions the practitioner was shown, and which changed answer later removed one.

A stop answered away must never vanish without a trace: each finding shown keeps the answers it
rested on ("basis"); when a later save no longer finds it, the difference between that basis and
the answers now names what removed it, and the practitioner gives a reason that is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from consult_app.domain.answer_words import answer_in_words, format_iso
from consult_app.domain.assessment import Assessment
from consult_app.domain.questionnaire import Questionnaire
from consult_app.domain.rules import Rule, RuleSet, Severity
from consult_app.domain.screening import Finding

DATE_OF_BIRTH = "client.date_of_birth"
# The rules test the age; what the practitioner can change is the date of birth.
_SUBJECT_OF_FACT = {"client.age": DATE_OF_BIRTH}
_DERIVED_LABELS = {
    DATE_OF_BIRTH: "The client's date of birth",
    "assessment.fitzpatrick": "Fitzpatrick skin type",
    "assessment.glogau": "Glogau photo-ageing type",
    "assessment.concerns": "Skin concerns seen",
}
KEPT = (Severity.STOP, Severity.CAUTION)  # notes only shape the plan; they may come and go
# What a page shows: the cautions page and those after it every finding; the client page the
# stops its details alone give (an age under 18).
ALL_SHOWN: tuple[Severity, ...] = KEPT
STOPS_SHOWN: tuple[Severity, ...] = (Severity.STOP,)


def finding_key(finding: Finding) -> tuple[str, str]:
    """A finding as the practitioner read it: the same rule and the same words."""
    return finding.rule, finding.message


@dataclass(frozen=True, slots=True)
class Shown:
    """A finding shown to the practitioner, with the answers it rested on (JSON form)."""

    finding: Finding
    basis: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnswerChange:
    subject: str  # a question id, or DATE_OF_BIRTH / an assessment fact
    label: str  # the question as the practitioner read it
    before: str  # in words
    after: str

    def to_json(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "label": self.label,
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnswerChange:
        return cls(data["subject"], data["label"], data["before"], data["after"])


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A shown stop or caution that a changed answer removed, with why, who and when."""

    rule: str
    severity: Severity
    message: str
    changes: tuple[AnswerChange, ...]
    reason: str = ""
    by: str = ""
    at: datetime | None = None

    @property
    def kind(self) -> str:
        return "Stop" if self.severity is Severity.STOP else "Caution"

    def cause(self) -> str:
        """Which answer removed it, in words: "Pregnant? changed from Yes to No"."""
        if not self.changes:
            return "The answers changed"
        return "; ".join(f"{c.label} changed from {c.before} to {c.after}" for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "changes": [c.to_json() for c in self.changes],
            "reason": self.reason,
            "by": self.by,
            "at": self.at.isoformat() if self.at else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Withdrawal:
        at = data.get("at")
        return cls(
            rule=data["rule"],
            severity=Severity(data["severity"]),
            message=data["message"],
            changes=tuple(AnswerChange.from_json(c) for c in data.get("changes", ())),
            reason=data.get("reason", ""),
            by=data.get("by", ""),
            at=datetime.fromisoformat(at) if at else None,
        )


def facts_json(
    answers_json: dict[str, Any], assessment: Assessment, date_of_birth: date | None
) -> dict[str, Any]:
    """Everything a rule can rest on, in the JSON form a basis is stored in."""
    return {
        **answers_json,
        DATE_OF_BIRTH: date_of_birth.isoformat() if date_of_birth else None,
        "assessment.fitzpatrick": assessment.fitzpatrick,
        "assessment.glogau": assessment.glogau,
        "assessment.concerns": list(assessment.concerns),
    }


def rule_subjects(rule: Rule) -> tuple[str, ...]:
    """The answers (and client facts) a rule reads, in the order it reads them."""
    subjects = [c.subject for c in rule.conditions]
    if rule.wait is not None:
        subjects.append(rule.wait.since)
    if rule.each is not None:
        subjects.append(rule.each.question)
    return tuple(dict.fromkeys(_SUBJECT_OF_FACT.get(s, s) for s in subjects))


def _basis(rule: Rule | None, facts: dict[str, Any]) -> dict[str, Any]:
    return {s: facts.get(s) for s in rule_subjects(rule)} if rule else {}


def shown_after(
    before: Iterable[Shown],
    findings: Iterable[Finding],
    rules: RuleSet,
    facts: dict[str, Any],
    *,
    shown_now: Collection[Severity],
) -> tuple[Shown, ...]:
    """The current findings the practitioner has seen: those of the kinds being shown now
    (with today's answers as their basis), and those seen before and still found."""
    by_id = {r.id: r for r in rules.rules}
    earlier = {finding_key(s.finding): s for s in before}
    kept: list[Shown] = []
    for finding in findings:
        if finding.severity not in KEPT:
            continue
        if finding.severity in shown_now:
            kept.append(Shown(finding, _basis(by_id.get(finding.rule), facts)))
        elif (seen := earlier.get(finding_key(finding))) is not None:
            kept.append(replace(seen, finding=finding))
    return tuple(kept)


def _words(questionnaire: Questionnaire, subject: str, value: Any) -> tuple[str, str]:
    """The label and the value of a subject as the practitioner read them."""
    question = questionnaire.questions.get(subject)
    if question is not None:
        words = "Not asked" if value is None else answer_in_words(question, value)
        return question.text, words
    label = _DERIVED_LABELS.get(subject, subject)
    if value in (None, [], ""):
        return label, "Not given"
    if subject == DATE_OF_BIRTH:
        return label, format_iso(value)
    scales = questionnaire.assessment
    if subject == "assessment.concerns":
        labels = {c.id: c.label for c in scales.concerns}
        return label, ", ".join(labels.get(v, v) for v in value)
    levels = scales.fitzpatrick if subject == "assessment.fitzpatrick" else scales.glogau
    if isinstance(value, int) and 1 <= value <= len(levels):
        return label, levels[value - 1].label
    return label, str(value)


def withdrawn_by(
    before: Iterable[Shown],
    findings: Iterable[Finding],
    facts: dict[str, Any],
    questionnaire: Questionnaire,
) -> tuple[Withdrawal, ...]:
    """Shown stops and cautions no longer found, each with the answers that changed since."""
    now = {finding_key(f) for f in findings}
    gone = []
    for seen in before:
        if finding_key(seen.finding) in now:
            continue
        changes = []
        for subject, then in seen.basis.items():
            if facts.get(subject) == then:
                continue
            label, was = _words(questionnaire, subject, then)
            _, now_words = _words(questionnaire, subject, facts.get(subject))
            changes.append(AnswerChange(subject, label, was, now_words))
        f = seen.finding
        gone.append(Withdrawal(f.rule, f.severity, f.message, tuple(changes)))
    return tuple(gone)
