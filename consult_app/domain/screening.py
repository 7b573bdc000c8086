"""The screening engine: answers, assessment, client and date in; findings and outcome out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from consult_app.domain.answers import Answers, ProcedureEntry
from consult_app.domain.assessment import Assessment
from consult_app.domain.dates import age_on, format_date
from consult_app.domain.rules import SEVERITY_ORDER, Rule, RuleSet, Severity


class Outcome(StrEnum):
    STOP = "stop"
    CAUTION = "caution"
    CLEAR = "clear"


OUTCOME_WORDS = {
    Outcome.STOP: "Not suitable today",
    Outcome.CAUTION: "Suitable with care",
    Outcome.CLEAR: "Suitable",
}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    advice: str
    source: str = ""
    reassess_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "advice": self.advice,
            "source": self.source,
            "reassess_on": self.reassess_on.isoformat() if self.reassess_on else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        reassess = data.get("reassess_on")
        return cls(
            rule=data["rule"],
            severity=Severity(data["severity"]),
            message=data["message"],
            advice=data["advice"],
            source=data.get("source", ""),
            reassess_on=date.fromisoformat(reassess) if reassess else None,
        )


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    outcome: Outcome
    findings: tuple[Finding, ...]

    @property
    def reassess_on(self) -> date | None:
        """The earliest date by which every stop could have cleared, if all of them can."""
        stops = [f for f in self.findings if f.severity is Severity.STOP]
        if not stops or any(f.reassess_on is None for f in stops):
            return None
        return max(f.reassess_on for f in stops if f.reassess_on)


def outcome_of(findings: tuple[Finding, ...] | list[Finding]) -> Outcome:
    severities = {f.severity for f in findings}
    if Severity.STOP in severities:
        return Outcome.STOP
    if Severity.CAUTION in severities:
        return Outcome.CAUTION
    return Outcome.CLEAR


def _facts(
    answers: Answers, assessment: Assessment, date_of_birth: date | None, on: date
) -> dict[str, Any]:
    facts: dict[str, Any] = dict(answers)
    facts["client.age"] = age_on(date_of_birth, on) if date_of_birth else None
    facts["assessment.fitzpatrick"] = assessment.fitzpatrick
    facts["assessment.glogau"] = assessment.glogau
    facts["assessment.concerns"] = assessment.concerns
    return facts


def _finding(rule: Rule, reassess_on: date | None, message: str | None = None) -> Finding:
    return Finding(
        rule.id, rule.severity, message or rule.message, rule.advice, rule.source, reassess_on
    )


def _evaluate(rule: Rule, facts: dict[str, Any], on: date) -> list[Finding]:
    if not rule.matches(facts):
        return []
    if rule.each is not None:
        found = []
        for item in facts.get(rule.each.question) or ():
            period = rule.each.periods.get(item.kind) if isinstance(item, ProcedureEntry) else None
            if period is None:
                continue
            clears = period.after(item.date)
            if on < clears:
                label = rule.each.labels.get(item.kind, item.kind)
                message = rule.message.format(item=label, date=format_date(item.date))
                found.append(_finding(rule, clears, message))
        return found
    if rule.wait is not None:
        since = facts.get(rule.wait.since)
        if not isinstance(since, date):
            return [_finding(rule, None)]
        clears = rule.wait.period.after(since)
        return [_finding(rule, clears)] if on < clears else []
    reassess = rule.reassess_after.after(on) if rule.reassess_after else None
    return [_finding(rule, reassess)]


def screen(
    rules: RuleSet,
    answers: Answers,
    assessment: Assessment,
    date_of_birth: date | None,
    consultation_date: date,
) -> ScreeningResult:
    """Apply every rule; findings come stop first, then caution, then note, in rule order."""
    facts = _facts(answers, assessment, date_of_birth, consultation_date)
    findings: list[Finding] = []
    for rule in rules.rules:
        findings.extend(_evaluate(rule, facts, consultation_date))
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])  # stable: keeps rule order
    return ScreeningResult(outcome_of(findings), tuple(findings))
