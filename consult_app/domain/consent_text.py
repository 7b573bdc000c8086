"""The consent a client reads and signs: the template with their own plan and cautions added.

One structure feeds the consent page on screen, the signed text's hash and (later) the PDF, so
what was shown, what was hashed and what is printed can never drift apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.course import COURSE_COMPLETE, SESSION_TOO_SOON
from consult_app.domain.plan import Plan, PlanGuidance
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding
from consult_app.domain.texts import ConsentTemplate, TextSection

# As the client reads them, on their consent: spoken to them.
DECISION_WORDS = {
    DecisionChoice.PROCEED_MODIFIED: "Go ahead, with the change described",
    DecisionChoice.DEFER: "Wait: treatment put off until this has settled",
    DecisionChoice.REFER_GP: "Check with your GP first",
}
# As the practitioner reads them: the options on the cautions page, the summary, the record.
DECISION_OPTIONS = {
    DecisionChoice.PROCEED_MODIFIED: "Go ahead, with the change described",
    DecisionChoice.DEFER: "Wait: put treatment off until this has settled",
    DecisionChoice.REFER_GP: "Check with their GP first",
}
# A caution about when a session falls, not about the skin, has nothing to "settle": its
# choices say what waiting or going ahead means for the booking. The stored values are the same.
_TIMING_OPTIONS = {
    SESSION_TOO_SOON: {
        DecisionChoice.PROCEED_MODIFIED: "Go ahead today, with the reason described",
        DecisionChoice.DEFER: "Wait: book the session for when the interval has passed",
    },
    COURSE_COMPLETE: {
        DecisionChoice.PROCEED_MODIFIED: "Go ahead with another session, with the reason described",
        DecisionChoice.DEFER: "Wait: review the results first, and plan any new course at a new "
        "consultation",
    },
}


# The hint in a caution's empty note field: what a note on that kind of caution usually says.
# On a timing caution there is no "change to the plan"; the note says when instead, or why not.
DECISION_NOTE_HINT = "What was agreed, e.g. the change to the plan"
_TIMING_NOTE_HINTS = {
    SESSION_TOO_SOON: "What was agreed, e.g. the date booked instead, or the reason for going "
    "ahead today",
    COURSE_COMPLETE: "What was agreed, e.g. when the results will be reviewed, or the reason for "
    "another session",
}


def decision_note_hint(rule: str) -> str:
    """The placeholder of the note on one caution, worded for that caution."""
    return _TIMING_NOTE_HINTS.get(rule, DECISION_NOTE_HINT)


def decision_options(rule: str) -> dict[DecisionChoice, str]:
    """The choices on one caution as the practitioner reads them, worded for that caution."""
    return {**DECISION_OPTIONS, **_TIMING_OPTIONS.get(rule, {})}


def decision_option(decision: Decision) -> str:
    """What was decided on a caution, in the words its choices were offered in."""
    return decision_options(decision.rule)[decision.choice]


def consent_plain(text: ConsentTemplate) -> str:
    """A canonical plain-text form; its SHA-256 identifies exactly what was read."""
    lines = [f"{text.title} (version {text.version})", text.intro]
    for section in text.sections:
        lines.append(f"## {section.heading}")
        lines.extend(section.paragraphs)
        lines.extend(f"- {bullet}" for bullet in section.bullets)
    lines.append(f"## Photographs\n{text.photo_consent}")
    lines.append("## By signing")
    lines.extend(f"- {d}" for d in text.declarations)
    return "\n".join(line for line in lines if line)


def consent_sha256(text: ConsentTemplate) -> str:
    return hashlib.sha256(consent_plain(text).encode("utf-8")).hexdigest()


def _cautions_section(
    findings: tuple[Finding, ...], decisions: tuple[Decision, ...]
) -> TextSection:
    by_rule = {d.rule: d for d in decisions}
    bullets = []
    for finding in findings:
        if finding.severity is Severity.NOTE:  # the advice is for the practitioner
            bullets.append(finding.message)
        elif finding.severity is Severity.CAUTION:
            decision = by_rule.get(finding.rule)
            agreed = (
                f" Decision: {DECISION_WORDS[decision.choice]}. {decision.note}".rstrip()
                if decision
                else " Decision: not yet recorded."
            )
            bullets.append(f"{finding.message}{agreed}")
    if not bullets:
        return TextSection(
            "your_cautions",
            "Points that apply to you",
            ("Nothing in your answers or skin assessment calls for extra care.",),
        )
    return TextSection(
        "your_cautions",
        "Points that apply to you",
        ("We talked about these points from your answers and skin assessment and agreed this.",),
        tuple(bullets),
    )


def _plan_section(plan: Plan, guidance: PlanGuidance) -> TextSection:
    areas = tuple(
        f"{guidance.area(a.area).label}: needle depth {a.depth_mm:g} mm" for a in plan.areas
    )
    weeks = "week" if plan.interval_weeks == 1 else "weeks"
    return TextSection(
        "your_plan",
        "Your treatment plan",
        (f"{plan.sessions} sessions, about {plan.interval_weeks} {weeks} apart.",),
        areas,
    )


def build_consent_text(
    template: ConsentTemplate,
    guidance: PlanGuidance,
    findings: tuple[Finding, ...],
    decisions: tuple[Decision, ...],
    plan: Plan | None,
) -> ConsentTemplate:
    """The template's sections, then the client's own plan and cautions."""
    personal = [_cautions_section(findings, decisions)]
    if plan is not None:
        personal.insert(0, _plan_section(plan, guidance))
    return replace(
        template, sections=template.sections[:1] + tuple(personal) + template.sections[1:]
    )
