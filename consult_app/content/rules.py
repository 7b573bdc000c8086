"""rules.toml → RuleSet, each rule checked against the questionnaire it screens."""

from __future__ import annotations

from string import Formatter
from typing import Any

from consult_app.content.entry import Entry, entry_name, unique
from consult_app.domain.dates import Period
from consult_app.domain.questionnaire import Questionnaire, QuestionType
from consult_app.domain.rules import (
    DERIVED_FACTS,
    OPERATORS,
    Condition,
    Each,
    Rule,
    RuleSet,
    Severity,
    Wait,
)

_LIST_OPS = {"in", "contains_any"}
_RULE_KEYS = {
    "id",
    "severity",
    "match",
    "when",
    "message",
    "advice",
    "source",
    "reassess_after",
    "wait",
    "each",
}


def _period(entry: Entry, key: str, text: Any) -> Period:
    try:
        return Period.parse(text if isinstance(text, str) else repr(text))
    except ValueError as exc:
        raise entry.error(f"'{key}': {exc}") from None


def _check_value(entry: Entry, questionnaire: Questionnaire, condition: Condition) -> None:
    question = questionnaire.questions.get(condition.subject)
    value = condition.value
    if condition.op == "answered":
        if not isinstance(value, bool):
            raise entry.error("with op 'answered', value must be true or false")
        return
    if (condition.op in _LIST_OPS) != isinstance(value, list):
        raise entry.error(
            f"with op '{condition.op}', value must "
            f"{'' if condition.op in _LIST_OPS else 'not '}be a list"
        )
    values = value if isinstance(value, list) else [value]
    if question is None:
        _check_derived(entry, condition.subject, values, questionnaire)
        return
    if question.type is QuestionType.YES_NO and not all(isinstance(v, bool) for v in values):
        raise entry.error(
            f"'{question.id}' is a yes/no question: compare it with true or false, not {value!r}"
        )
    if question.options:
        wrong = [v for v in values if v not in question.option_ids]
        if wrong:
            raise entry.error(
                f"{wrong[0]!r} is not an option of '{question.id}' "
                f"({', '.join(question.option_ids)})"
            )


def _check_derived(
    entry: Entry, subject: str, values: list[Any], questionnaire: Questionnaire
) -> None:
    if subject == "assessment.concerns":
        known = [c.id for c in questionnaire.assessment.concerns]
        wrong = [v for v in values if v not in known]
        if wrong:
            raise entry.error(
                f"{wrong[0]!r} is not a concern of the skin assessment ({', '.join(known)})"
            )
        return
    top = {"client.age": 120, "assessment.fitzpatrick": 6, "assessment.glogau": 4}[subject]
    low = 0 if subject == "client.age" else 1
    wrong = [
        v for v in values if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= top
    ]
    if wrong:
        raise entry.error(
            f"{subject} is compared with {wrong[0]!r}; use a whole number from {low} to {top}"
        )


def _conditions(entry: Entry, questionnaire: Questionnaire) -> tuple[Condition, ...]:
    conditions = []
    for index, raw in enumerate(entry.tables("when", required=True), start=1):
        item = entry.child(
            f"when {index}", raw, {"question", "op", "value"}, {"question", "op", "value"}
        )
        subject, op = item.text("question"), item.text("op")
        if subject not in questionnaire.questions and subject not in DERIVED_FACTS:
            raise item.error(f"names question '{subject}', which is not in the questionnaire")
        if op not in OPERATORS:
            raise item.error(f"op '{op}' is not one of {', '.join(OPERATORS)}")
        condition = Condition(subject, op, raw["value"])
        _check_value(item, questionnaire, condition)
        conditions.append(condition)
    return tuple(conditions)


def _timing(entry: Entry, raw: dict[str, Any], questionnaire: Questionnaire) -> dict[str, Any]:
    given = [key for key in ("reassess_after", "wait", "each") if key in raw]
    if len(given) > 1:
        raise entry.error(
            f"give only one of 'reassess_after', 'wait' or 'each' (found {' and '.join(given)})"
        )
    if "reassess_after" in raw:
        return {"reassess_after": _period(entry, "reassess_after", raw["reassess_after"])}
    if "wait" in raw:
        wait = entry.child("wait", raw["wait"], {"since", "period"}, {"since", "period"})
        since = wait.text("since")
        question = questionnaire.questions.get(since)
        if question is None or question.type is not QuestionType.DATE:
            raise wait.error(f"since = '{since}' must name a date question")
        return {"wait": Wait(since, _period(wait, "period", raw["wait"]["period"]))}
    if "each" in raw:
        each = entry.child("each", raw["each"], {"question", "periods"}, {"question", "periods"})
        question = questionnaire.questions.get(each.text("question"))
        if question is None or question.type is not QuestionType.PROCEDURES:
            raise each.error("question must name a procedures question")
        periods_raw = raw["each"]["periods"]
        if not isinstance(periods_raw, dict) or not periods_raw:
            raise each.error('periods must be a table of option = "period"')
        for kind in periods_raw:
            if kind not in question.option_ids:
                raise each.error(
                    f"periods names '{kind}', which is not an option of '{question.id}'"
                )
        periods = {
            kind: _period(each, f"periods.{kind}", text) for kind, text in periods_raw.items()
        }
        return {"each": Each(question.id, periods, {o.id: o.label for o in question.options})}
    return {}


def _check_message(entry: Entry, message: str, has_each: bool) -> None:
    allowed = {"item", "date"} if has_each else set()
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in Formatter().parse(message)
            if name is not None
        ]
    except ValueError:
        fields = [("{", None, None)]
    if any(name not in allowed or spec or conversion for name, spec, conversion in fields):
        may_use = "{item} and {date}" if has_each else "no placeholders (only rules with 'each' do)"
        raise entry.error(f"message has an unknown placeholder; it may use {may_use}")


def _rule(file: str, raw: Any, index: int, questionnaire: Questionnaire) -> Rule:
    name = entry_name("rule", raw, index)
    entry = Entry(
        file, name, raw, _RULE_KEYS, {"id", "severity", "when", "message", "advice", "source"}
    )
    severity_name = entry.text("severity")
    if severity_name not in {s.value for s in Severity}:
        raise entry.error(f"severity '{severity_name}' is not one of stop, caution, note")
    match = entry.text("match", "all")
    if match not in ("all", "any"):
        raise entry.error(f"match '{match}' must be 'all' or 'any'")
    timing = _timing(entry, raw, questionnaire)
    message = entry.text("message")
    _check_message(entry, message, "each" in timing)
    return Rule(
        id=entry.identifier(),
        severity=Severity(severity_name),
        conditions=_conditions(entry, questionnaire),
        match_all=match == "all",
        message=message,
        advice=entry.text("advice"),
        source=entry.text("source"),
        **timing,
    )


def load_rules(file: str, data: dict[str, Any], questionnaire: Questionnaire) -> RuleSet:
    top = Entry(file, "top level", data, {"version", "rule"}, {"version", "rule"})
    rules = [
        _rule(file, raw, i, questionnaire)
        for i, raw in enumerate(top.tables("rule", required=True), start=1)
    ]
    unique(file, "rule", [r.id for r in rules])
    return RuleSet(top.text("version"), tuple(rules))
