"""A treatment session in words for the summary page: the changes, the decisions, the chart."""

from __future__ import annotations

from html import escape
from typing import Any

from consult_app.domain.answer_words import answer_in_words
from consult_app.domain.chart import ENDPOINT_WORDS, PATCH_RESULT_WORDS, Chart
from consult_app.domain.consent_text import decision_option
from consult_app.domain.consultation import Decision
from consult_app.domain.dates import format_date
from consult_app.domain.plan import PlanGuidance
from consult_app.domain.questionnaire import Questionnaire
from consult_app.domain.screening import Finding


def changes_html(
    questionnaire: Questionnaire, changed: list[str], now: dict[str, Any], before: dict[str, Any]
) -> str:
    """Each answer given differently today: the question, last time's answer and today's."""
    if not changed:
        return "<h3>Since last time</h3><p>Nothing has changed.</p>"
    rows = []
    for question_id in changed:
        question = questionnaire.questions.get(question_id)
        if question is None:
            continue
        was = before.get(question_id)
        then = f" (last time: {escape(answer_in_words(question, was))})" if before else ""
        today = escape(answer_in_words(question, now.get(question_id)))
        asked = question.text if question.text.endswith("?") else f"{question.text}:"
        rows.append(f"<li>{escape(asked)} <b>{today}</b>{then}</li>")
    return "<h3>Since last time</h3><ul>" + "".join(rows) + "</ul>"


def findings_html(findings: tuple[Finding, ...], decisions: tuple[Decision, ...]) -> str:
    if not findings:
        return "<h3>Cautions today</h3><p>None.</p>"
    decided = {d.rule: d for d in decisions}
    items = []
    for finding in findings:
        decision = decided.get(finding.rule)
        agreed = ""
        if decision is not None:
            agreed = f" — <i>{escape(decision_option(decision))}: {escape(decision.note)}</i>"
        items.append(f"<li>[{finding.severity}] {escape(finding.message)}{agreed}</li>")
    return "<h3>Cautions today</h3><ul>" + "".join(items) + "</ul>"


def _line(label: str, words: str) -> str:
    return f"<tr><td width='30%'>{escape(label)}</td><td><b>{escape(words)}</b></td></tr>"


def chart_html(chart: Chart, guidance: PlanGuidance) -> str:
    """The chart as a table of what was used and done, area by area."""
    rows = []
    if chart.numbing is not None:
        n = chart.numbing
        rows.append(
            _line(
                "Numbing",
                f"{n.product}, {n.applied_at:%H:%M} to {n.removed_at:%H:%M} ({n.contact_words})",
            )
        )
    else:
        rows.append(_line("Numbing", "None" if chart.no_numbing else "Not recorded"))
    rows.append(_line("Device", chart.device.label if chart.device else "Not recorded"))
    if chart.cartridge is not None:
        c = chart.cartridge
        expiry = format_date(c.expiry) if c.expiry.year > 1 else "not given"
        needles = f"{c.needles} needle{'s' if c.needles != 1 else ''}"
        rows.append(_line("Cartridge", f"{needles}, lot {c.lot}, expires {expiry}"))
    else:
        rows.append(_line("Cartridge", "Not recorded"))
    labels = {a.id: a.label for a in guidance.areas}
    for area in chart.areas:
        why = f" — {area.reason}" if area.reason else ""
        passes = f"{area.passes} pass{'es' if area.passes != 1 else ''}"
        rows.append(_line(labels.get(area.area, area.area), f"{area.depth_mm:g} mm, {passes}{why}"))
    for product in chart.products:
        rows.append(_line("Product", f"{product.name}, lot {product.lot}"))
    endpoint = ENDPOINT_WORDS[chart.endpoint] if chart.endpoint else "Not recorded"
    rows.append(_line("Skin at the end", endpoint))
    rows.append(_line("Immediate reaction", chart.reaction or "None"))
    if chart.patch_test is not None:
        p = chart.patch_test
        rows.append(
            _line(
                "Patch test",
                f"{format_date(p.tested_on)}, {p.site}, read after {p.read_after_days} days: "
                f"{PATCH_RESULT_WORDS[p.result]}",
            )
        )
    if chart.notes:
        rows.append(_line("Notes", chart.notes))
    return "<h3>Chart</h3><table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"
