"""Which of the aftercare sheet's tailored lines fit one consultation."""

from __future__ import annotations

from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.screening import Finding
from consult_app.domain.texts import AftercareSheet, TailoredAdvice


def _applies(
    advice: TailoredAdvice, found: set[str], decided: set[str], fitzpatrick: int | None
) -> bool:
    lowest = advice.when_fitzpatrick_from
    return (
        bool(found.intersection(advice.when_found))
        or bool(decided.intersection(advice.when_decided))
        or (lowest is not None and fitzpatrick is not None and fitzpatrick >= lowest)
    )


def tailored_advice(
    sheet: AftercareSheet,
    findings: tuple[Finding, ...],
    decisions: tuple[Decision, ...],
    fitzpatrick: int | None,
) -> tuple[str, ...]:
    """The texts of the tailored lines for this consultation, in the sheet's order.

    A caution put off ("wait") means nothing was done about it today, so it tailors nothing.
    """
    found = {f.rule for f in findings}
    decided = {d.rule for d in decisions if d.choice is not DecisionChoice.DEFER}
    return tuple(
        advice.text for advice in sheet.tailored if _applies(advice, found, decided, fitzpatrick)
    )
