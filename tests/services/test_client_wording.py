"""The consent speaks to the client: "You have had cold sores…", never "the client has"."""

from __future__ import annotations

import re
from datetime import date

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consent_text import DECISION_WORDS, build_consent_text, consent_plain
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.conftest import clear_answers
from tests.documents.pdf_checks import all_text
from tests.pngs import png

# Third-person phrasing about the reader: what the practitioner's notes would say, not the
# client's own form. (A bare "Client" label beside the name is a heading, not a sentence.)
THIRD_PERSON = re.compile(
    r"\bthe (client|patient)s?\b|\b(client|patient)(’s|'s| has| is| takes| smokes| tends)\b"
    r"|\btheir (GP|doctor|prescriber|skin|diabetes|immune)\b|\b(he|she|his|her|him|hers)\b",
    re.IGNORECASE,
)


def _every_finding(content: Content) -> tuple[Finding, ...]:
    """One finding per rule, worded as screening words it (placeholders filled in)."""
    return tuple(
        Finding(
            rule.id,
            rule.severity,
            rule.message.format(item="Dermal filler", date="20 Nov 2026"),
            rule.advice,
        )
        for rule in content.rules.rules
    )


@pytest.mark.parametrize("choice", list(DecisionChoice))
def test_every_caution_and_note_the_consent_can_print_speaks_to_the_client(
    content: Content, choice: DecisionChoice
) -> None:
    findings = _every_finding(content)
    decisions = tuple(
        Decision(f.rule, choice, "") for f in findings if f.severity is Severity.CAUTION
    )
    plan = Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6)
    text = consent_plain(
        build_consent_text(content.consent, content.plan, findings, decisions, plan)
    )
    assert "You have had cold sores before." in text
    found = THIRD_PERSON.findall(text)
    assert not found, f"third person on the client's consent: {found}"
    assert "client" not in text.lower(), "the client is 'you' on their own consent"


def test_every_rule_message_is_written_to_the_client(content: Content) -> None:
    # Stops never reach a consent, but the client hears them read out; same voice throughout.
    for rule in content.rules.rules:
        assert not THIRD_PERSON.search(rule.message), (rule.id, rule.message)
        assert "client" not in rule.message.lower(), (rule.id, rule.message)


def test_the_decision_words_on_the_consent_say_your_gp() -> None:
    assert DECISION_WORDS[DecisionChoice.REFER_GP] == "Check with your GP first"


def test_the_signed_consent_pdf_speaks_to_the_client(context: AppContext) -> None:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    client = ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    service = ConsultationService(context)
    answers = {
        **clear_answers(context.content),
        "cold_sore_history": True,
        "smoker": True,
        "metal_allergy": True,
    }
    findings = service.screen(client.id, ConsultationInput(answers_json=answers)).findings
    cautions = [f.rule for f in findings if f.severity is Severity.CAUTION]
    assert {"herpes_history", "metal_allergy"} <= set(cautions)
    state = ConsultationInput(
        answers_json=answers,
        assessment=Assessment(fitzpatrick=5, concerns=("fine_lines",)),
        goals=("fine_lines",),
        decisions=tuple(
            Decision(rule, DecisionChoice.PROCEED_MODIFIED, "Agreed today") for rule in cautions
        ),
        plan=Plan((PlannedArea("cheeks", 0.75),), sessions=4, interval_weeks=6),
    )
    draft = service.start(client.id, state)
    signatures = Signatures(png(), png(80, 24), "Dr Sam Patel", photo_consent=False)
    signed = service.sign(draft.id, draft.version, state, signatures)
    words = all_text(DocumentService(context).consent_pdf(signed.id))
    for spoken in ("You have had cold sores before.", "You smoke.", "You are allergic to a metal."):
        assert spoken in words
    assert "Your skin type (IV to VI)" in words
    found = THIRD_PERSON.findall(words)
    assert not found, f"third person on the client's consent: {found}"
