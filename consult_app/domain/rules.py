"""Declarative screening rules: question, comparison, value; combined with all or any."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from consult_app.domain.dates import Period


class Severity(StrEnum):
    STOP = "stop"  # absolute: no treatment today
    CAUTION = "caution"  # relative: a recorded decision is needed
    NOTE = "note"  # shapes the plan


SEVERITY_ORDER = {Severity.STOP: 0, Severity.CAUTION: 1, Severity.NOTE: 2}

# Facts a rule may test besides question ids.
DERIVED_FACTS = ("client.age", "assessment.fitzpatrick", "assessment.glogau", "assessment.concerns")


def _contains(fact: Any, value: Any) -> bool:
    return isinstance(fact, (tuple, list)) and value in fact


def _contains_any(fact: Any, value: Any) -> bool:
    return isinstance(fact, (tuple, list)) and any(v in fact for v in value)


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(fact: Any, value: Any) -> bool:
        if fact is None or isinstance(fact, (bool, tuple, list, str)):
            return False
        return compare(fact, value)

    return check


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda fact, value: fact is not None and fact == value,
    "ne": lambda fact, value: fact is not None and fact != value,
    "lt": _ordered(lambda fact, value: fact < value),
    "le": _ordered(lambda fact, value: fact <= value),
    "gt": _ordered(lambda fact, value: fact > value),
    "ge": _ordered(lambda fact, value: fact >= value),
    "in": lambda fact, value: fact is not None and fact in value,
    "contains": _contains,
    "contains_any": _contains_any,
    "answered": lambda fact, value: (fact not in (None, (), [], "")) == value,
}


@dataclass(frozen=True, slots=True)
class Condition:
    subject: str  # a question id or one of DERIVED_FACTS
    op: str
    value: Any

    def holds(self, facts: dict[str, Any]) -> bool:
        return OPERATORS[self.op](facts.get(self.subject), self.value)


@dataclass(frozen=True, slots=True)
class Wait:
    """A waiting period counted from a date answer."""

    since: str
    period: Period


@dataclass(frozen=True, slots=True)
class Each:
    """One finding per item of a procedures answer still inside its waiting period."""

    question: str
    periods: dict[str, Period]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    conditions: tuple[Condition, ...]
    match_all: bool
    message: str
    advice: str
    source: str
    reassess_after: Period | None = None
    wait: Wait | None = None
    each: Each | None = None

    def matches(self, facts: dict[str, Any]) -> bool:
        # Plain loops, not all()/any() over a generator: every rule is tried at every save
        # of a draft, and the generator cost more than the comparisons.
        if self.match_all:
            for condition in self.conditions:  # noqa: SIM110 (see above)
                if not condition.holds(facts):
                    return False
            return True
        for condition in self.conditions:  # noqa: SIM110 (see above)
            if condition.holds(facts):
                return True
        return False


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    rules: tuple[Rule, ...]
