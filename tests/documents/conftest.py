"""Sample document values: the shipped content, a real screening run, pictures made with Pillow."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from PIL import Image, ImageDraw

from consult_app.content.bundle import Content
from consult_app.domain.aftercare import tailored_advice
from consult_app.domain.answer_words import answers_in_words
from consult_app.domain.answers import parse_answers
from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Amendment
from consult_app.domain.consent_text import build_consent_text
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.documents import (
    AftercareDocument,
    ConsentDocument,
    DocumentInfo,
    HandoutDocument,
    HandoutKind,
    Paper,
    RecordDocument,
)
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding, outcome_of, screen
from tests.conftest import TODAY, clear_answers

SIGNED_AT = datetime(2026, 11, 25, 14, 2, tzinfo=UTC)
NAMES = {
    "polish": ("Zoë", "Łukasiewicz"),
    "vietnamese": ("Nguyễn Thị", "Hương"),
    "greek": ("Ελένη", "Παπαδοπούλου"),
    "cyrillic": ("Иван", "Петренко"),
}
# The decision the practitioner records for each caution the sample answers raise.
DECISIONS = {
    "herpes_history": (DecisionChoice.REFER_GP, "GP to prescribe antiviral tablets first"),
    "anticoagulants": (DecisionChoice.PROCEED_MODIFIED, "Lighter pressure; extra cold compress"),
    "melasma": (DecisionChoice.DEFER, "Prime with tyrosinase inhibitor for 4 weeks"),
}


def png(width: int, height: int, draw: Any, background: str = "white") -> bytes:
    picture = Image.new("RGB", (width, height), background)
    draw(ImageDraw.Draw(picture))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def signature_png(seed: int = 0) -> bytes:
    def scribble(pen: ImageDraw.ImageDraw) -> None:
        points = [(20 + i * 28, 100 + ((i * 37 + seed * 11) % 70) - 35) for i in range(20)]
        pen.line(points, fill="#1a1a2e", width=5, joint="curve")

    return png(600, 200, scribble)


def logo_png() -> bytes:
    def mark(pen: ImageDraw.ImageDraw) -> None:
        pen.ellipse((10, 10, 190, 190), fill="#2f6f73")
        pen.rectangle((230, 70, 580, 130), fill="#88b3b5")

    return png(600, 200, mark)


CLINIC = ClinicDetails(
    "Willow Skin Clinic",
    "12 Orchard Lane\nHarrogate HG1 2AB",
    "01423 555 010",
    "hello@willowskin.example",
)
CLINIC_WITH_LOGO = replace(CLINIC, logo_png=logo_png())


def client(first: str = "Zoë", last: str = "Łukasiewicz") -> ClientDetails:
    return ClientDetails(
        first,
        last,
        date(1990, 5, 24),
        preferred_name="",
        sex="female",
        phone="07700 900123",
        email="client@example.com",
        address="4 Station Road\nLeeds LS1 4AP",
        gp_name="Dr Amira Shah",
        gp_practice="Park Lane Surgery",
        emergency_contact_name="Tomasz Łukasiewicz",
        emergency_contact_phone="07700 900456",
    )


ASSESSMENT = Assessment(fitzpatrick=5, glogau=2, concerns=("fine_lines", "melasma"))
PLAN = Plan(
    (PlannedArea("cheeks", 1.0), PlannedArea("forehead", 0.25, "Thin skin; kept shallow")),
    sessions=4,
    interval_weeks=6,
)


def sample_answers(content: Content) -> dict[str, Any]:
    raw = clear_answers(content)
    raw.update(cold_sore_history=True, anticoagulant_medication=True, smoker=True)
    return raw


def findings(content: Content, person: ClientDetails) -> tuple[Finding, ...]:
    answers = parse_answers(content.questionnaire, sample_answers(content), complete=True)
    return screen(content.rules, answers, ASSESSMENT, person.date_of_birth, TODAY).findings


def decisions(found: tuple[Finding, ...]) -> tuple[Decision, ...]:
    return tuple(
        Decision(f.rule, *DECISIONS[f.rule]) for f in found if f.severity is Severity.CAUTION
    )


def info(prefix: str, title: str, version: str, paper: Paper = Paper.A4) -> DocumentInfo:
    return DocumentInfo(f"{prefix}-000042-1", title, version, SIGNED_AT, paper)


def make_consent(
    content: Content,
    person: ClientDetails | None = None,
    clinic: ClinicDetails = CLINIC,
    paper: Paper = Paper.A4,
    photo_consent: bool = True,
) -> ConsentDocument:
    person = person or client()
    found = findings(content, person)
    decided = decisions(found)
    text = build_consent_text(content.consent, content.plan, found, decided, PLAN)
    return ConsentDocument(
        info=info("CON", f"Consent — {person.full_name}", content.consent.version, paper),
        clinic=clinic,
        client=person,
        consultation_date=TODAY,
        practitioner_name="Hannah Reid",
        text=text,
        area_labels={a.id: a.label for a in content.plan.areas},
        plan=PLAN,
        findings=found,
        decisions=decided,
        photo_consent=photo_consent,
        client_signature_png=signature_png(1),
        practitioner_signature_png=signature_png(2),
        signed_at=SIGNED_AT,
    )


def make_aftercare(
    content: Content,
    client_name: str | None = "Zoë Łukasiewicz",
    paper: Paper = Paper.A4,
    *,
    tailored: bool = True,
) -> AftercareDocument:
    """A client's sheet for the sample consultation (cold sores decided, a blood thinner,
    Fitzpatrick V), or a blank one; tailored=False leaves out the lines chosen for them."""
    for_you: tuple[str, ...] = ()
    if client_name and tailored:
        found = findings(content, client())
        for_you = tailored_advice(content.aftercare, found, decisions(found), 5)
    return AftercareDocument(
        info=info("AFT", f"Aftercare — {client_name or 'blank'}", content.aftercare.version, paper),
        clinic=CLINIC_WITH_LOGO,
        sheet=content.aftercare,
        client_name=client_name,
        treatment_date=TODAY if client_name else None,
        next_session=date(2027, 1, 6) if client_name else None,
        areas=("Cheeks", "Forehead") if client_name else (),
        for_you=for_you,
    )


def make_heavy_aftercare(content: Content, paper: Paper = Paper.A4) -> AftercareDocument:
    """Every tailored line at once, many areas, a long name, an out-of-hours line."""
    found = every_caution(content)
    decided = tuple(
        Decision(f.rule, DecisionChoice.PROCEED_MODIFIED, "")
        for f in found
        if f.severity is Severity.CAUTION
    )
    doc = make_aftercare(content, "Anna-Maria Josefina Fitzgerald-Montgomery", paper)
    areas = tuple(a.label for a in content.plan.areas[:5])  # the demo plans up to 3
    return replace(
        doc,
        clinic=replace(doc.clinic, out_of_hours_phone="07700 900999"),
        areas=areas,
        for_you=tailored_advice(content.aftercare, found, decided, 6),
    )


def amendment(number: int) -> Amendment:
    return Amendment(
        number,
        42,
        datetime(2026, 11, 26, 9, number % 60, tzinfo=UTC),
        "Hannah Reid",
        f"Correction number {number}: the client rang with an update",
        f"Changed the answer about other medicines to include vitamin D (call {number}).",
    )


def make_record(
    content: Content,
    person: ClientDetails | None = None,
    amendments: int = 1,
    paper: Paper = Paper.A4,
) -> RecordDocument:
    person = person or client()
    found = findings(content, person)
    return RecordDocument(
        info=info("REC", f"Consultation record — {person.full_name}", "2026.11-1", paper),
        clinic=CLINIC_WITH_LOGO,
        client=person,
        consultation_date=TODAY,
        practitioner_name="Hannah Reid",
        status="completed",
        answers=answers_in_words(content.questionnaire, sample_answers(content)),
        assessment=ASSESSMENT,
        assessment_words=(
            ("Fitzpatrick", "Type V — brown skin, rarely burns"),
            ("Glogau", "Type II — wrinkles in motion"),
            ("Concerns seen", "Fine lines, Melasma"),
        ),
        goals=("Fine lines", "Even skin tone"),
        findings=found,
        decisions=decisions(found),
        plan=PLAN,
        area_labels={a.id: a.label for a in content.plan.areas},
        outcome=outcome_of(found),
        reassess_on=None,
        content_versions=content.versions,
        amendments=tuple(amendment(n) for n in range(1, amendments + 1)),
        consent_summary="Signed 25 Nov 2026, 14:02 GMT (consent 2026.11-1); photographs: yes",
        is_signed=True,
    )


def make_handout(content: Content, kind: HandoutKind, paper: Paper = Paper.A4) -> HandoutDocument:
    texts = {
        HandoutKind.AFTERCARE: content.aftercare,
        HandoutKind.PREPARATION: content.preparation,
        HandoutKind.CONSENT: content.consent,
    }
    text = texts[kind]
    return HandoutDocument(
        info=DocumentInfo(
            f"HND-{kind.value.upper()}-{text.version}",
            text.title,
            text.version,
            datetime(2026, 1, 1, tzinfo=UTC),
            paper,
        ),
        clinic=CLINIC,
        kind=kind,
        handout=content.preparation if kind is HandoutKind.PREPARATION else None,
        aftercare=content.aftercare if kind is HandoutKind.AFTERCARE else None,
        consent=content.consent if kind is HandoutKind.CONSENT else None,
    )


KINDS = (
    "consent",
    "aftercare",
    "aftercare-blank",
    "record",
    "handout-aftercare",
    "handout-preparation",
    "handout-consent",
    "session-aftercare",
    "session-record",
    "recall",
)


def build_sample(kind: str, content: Content, paper: Paper = Paper.A4) -> tuple[Any, bytes]:
    """One sample document of each kind, and its PDF."""
    from consult_app.documents.aftercare import build_aftercare
    from consult_app.documents.consent import build_consent
    from consult_app.documents.handouts import build_handout
    from consult_app.documents.record import build_record

    if kind.startswith("session") or kind == "recall":
        from tests.documents.session_samples import build_session_sample

        return build_session_sample(kind, content, paper)
    if kind == "consent":
        consent = make_consent(content, paper=paper)
        return consent, build_consent(consent)
    if kind.startswith("aftercare"):
        name = None if kind.endswith("blank") else "Zoë Łukasiewicz"
        aftercare = make_aftercare(content, name, paper=paper)
        return aftercare, build_aftercare(aftercare)
    if kind == "record":
        record = make_record(content, paper=paper)
        return record, build_record(record)
    handout = make_handout(content, HandoutKind(kind.removeprefix("handout-")), paper=paper)
    return handout, build_handout(handout)


def every_caution(content: Content) -> tuple[Finding, ...]:
    """Every caution and note the rules know: more than any one client has, the worst case."""
    return tuple(
        Finding(rule.id, rule.severity, rule.message, rule.advice, rule.source)
        for rule in content.rules.rules
        if rule.severity is not Severity.STOP
    )


def long_note(number: int) -> str:
    return (
        f"Note {number}: we talked this through at length and agreed to go gently, with a "
        "lighter pass, a cool compress afterwards and a phone call from us the next morning "
        f"to see how the skin has settled (end of note {number})."
    )


def make_heavy_consent(content: Content, paper: Paper = Paper.A4) -> ConsentDocument:
    """The heaviest consent: every caution decided with a long note, a three-area plan."""
    found = every_caution(content)
    choices = list(DecisionChoice)
    decided = tuple(
        Decision(f.rule, choices[n % len(choices)], long_note(n))
        for n, f in enumerate(f for f in found if f.severity is Severity.CAUTION)
    )
    plan = Plan(
        (PlannedArea("cheeks", 1.0), PlannedArea("forehead", 0.25), PlannedArea("neck", 0.5)),
        sessions=6,
        interval_weeks=4,
        notes=" ".join(long_note(n) for n in range(4)),
    )
    text = build_consent_text(content.consent, content.plan, found, decided, plan)
    return replace(
        make_consent(content, paper=paper),
        text=text,
        plan=plan,
        findings=found,
        decisions=decided,
    )
